package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two canaries with unique strings, crawled through every output as a viewer and anonymously, which must find none
 * of them; an analyst finds them all (so the crawl can fail):
 * <ul>
 * <li>a sensitive scam compound created through the API without an external id, at a distinctive point in Kandal
 * (KH-8) whose 0.25° cell has its centre in Phnom Penh (KH-12): its derived externalId (a hash of its source URL,
 * date and place), its true point, description, place, source URL and true province must not reach viewers;</li>
 * <li>a hospital admission (a sensitive category): below analyst level never listed or shown one by one.</li>
 * </ul>
 */
@MapperIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SensitiveIncidentCanaryTest {

    /** The compound's true point, text and URL; the admission's point and title. The derived id is added per test. */
    static final String[] SECRETS = {"104.9571", "11.7037", "CANARY-DESC-9f1c", "canary.invalid", "CANARY-PLACE-9f1c",
        "104.2071", "11.5237", "Canary admission", "CANARY-ADMISSION-DESC"};

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    long compound;
    long admission;
    String derivedId;

    @BeforeEach
    void insertCanaries() {
        Api.Response created = new Api(port, "analyst").send("POST", "/api/incidents", """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.95713, 11.70371]},
                 "properties": {"category": "compound", "title": "Canary compound", "description": "CANARY-DESC-9f1c",
                   "startDate": "2022-05-05", "locationName": "CANARY-PLACE-9f1c", "locationPrecision": "exact",
                   "country": "KHM", "status": "verified", "sensitive": true,
                   "sources": [{"outlet": "Canary Post", "url": "https://canary.invalid/9f1c"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        compound = created.json().get("id").asLong();
        derivedId = created.json().get("properties").get("externalId").asString();
        assertThat(derivedId).startsWith("sha256:");
        admission = jdbc.sql("""
                INSERT INTO incident (external_id, category, title, description, start_date, end_date, date_precision,
                    geom, location_name, location_precision, country, province, status, sensitive)
                VALUES ('canary-admission', 'hospital_admission', 'Canary admission', 'CANARY-ADMISSION-DESC',
                    '2022-05-05', '2022-05-05', 'day', ST_SetSRID(ST_MakePoint(104.20713, 11.52371), 4326),
                    'CANARY-PLACE-9f1c', 'exact', 'KHM', 'KH-8', 'verified', true)
                RETURNING id""").query(Long.class).single();
    }

    @AfterEach
    void removeCanaries() {
        jdbc.sql("DELETE FROM incident WHERE id IN (:ids)").param("ids", List.of(compound, admission)).update();
    }

    List<String> secrets() {
        List<String> all = new ArrayList<>(List.of(SECRETS));
        all.add(derivedId);
        all.add(derivedId.substring("sha256:".length()));
        return all;
    }

    List<String> crawl(Api api) {
        List<String> paths = List.of(
                "/api/incidents",
                "/api/incidents?from=2022-05-05&to=2022-05-05",
                "/api/incidents?category=hospital_admission",
                "/api/incidents?category=compound&province=KH-8",
                "/api/incidents?bbox=104.95,11.70,104.96,11.71",
                "/api/incidents?bbox=104.9571,11.7037,104.9572,11.7038",
                "/api/incidents?bbox=104.20,11.52,104.21,11.53",
                "/api/incidents?q=CANARY",
                "/api/incidents?q=Canary",
                "/api/incidents/" + compound,
                "/api/incidents/" + admission,
                "/api/incidents/" + compound + "x",
                "/api/incidents?bbox=104.2071,11.5237",
                "/api/categories",
                "/api/provinces?country=KHM",
                "/api/provinces?geometry=false&category=compound&province=KH-8,KH-12",
                "/api/provinces/timeline?from=2022-05&to=2022-05",
                "/api/provinces/timeline?interval=month&from=2022-05-05&to=2022-05-05&category=hospital_admission",
                "/api/provinces/spread",
                "/api/provinces/spread?category=hospital_admission",
                "/api/geocode?q=CANARY-PLACE-9f1c",
                "/api/export?format=geojson&from=2022-05-05&to=2022-05-05",
                "/api/export?format=csv&from=2022-05-05&to=2022-05-05",
                "/api/export?format=kml&from=2022-05-05&to=2022-05-05",
                "/ogc/collections/incidents/items?datetime=2022-05-05",
                "/ogc/collections/incidents/items?bbox=104.95,11.70,104.96,11.71",
                "/ogc/collections/hospital_admission/items",
                "/ogc/collections/compound/items?datetime=2022-05-05",
                "/ogc/collections/incidents/items/" + compound,
                "/ogc/collections/incidents/items/" + admission,
                "/ogc/collections/provinces/items?limit=1000");
        List<String> outputs = new ArrayList<>();
        for (String path : paths) {
            Api.Response r = api.get(path);
            // the path itself holds the secrets of the bbox probes: only what the app answered is checked
            outputs.add(r.status() + " " + r.headers().map() + " " + r.body());
        }
        return outputs;
    }

    @Test
    void viewerFindsNoTraceOfTheTruePointTheWithheldTextOrValuesDerivedFromThem(CapturedOutput log) {
        // the log at the app's own level (another test class in this JVM may have left DEBUG on, which logs the
        // analyst's answers and the probes' own URLs); only what the viewers' requests logged is checked
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
        int logBefore = log.getAll().length();
        List<String> outputs = crawl(new Api(port, "viewer"));
        outputs.addAll(crawl(Api.anonymous(port)));
        String viewersLog = log.getAll().substring(logBefore);
        for (String output : outputs) {
            for (String secret : secrets()) {
                assertThat(output).as("viewer output").doesNotContain(secret);
            }
        }
        for (String secret : secrets()) {
            assertThat(viewersLog).as("log").doesNotContain(secret);
        }
    }

    @Test
    void viewerSeesTheCompoundAtItsGeneralisedLocationAndProvinceEveryTime() {
        Api viewer = new Api(port, "viewer");
        String first = viewer.get("/api/incidents/" + compound).json().get("geometry").toString();
        assertThat(first).isEqualTo("{\"type\":\"Point\",\"coordinates\":[104.875,11.625]}");
        for (int i = 0; i < 3; i++) {
            assertThat(viewer.get("/api/incidents/" + compound).json().get("geometry").toString()).isEqualTo(first);
        }
        var properties = viewer.get("/api/incidents/" + compound).json().get("properties");
        assertThat(properties.get("description").isNull()).isTrue();
        assertThat(properties.get("externalId").isNull()).isTrue();
        assertThat(properties.get("locationPrecision").asString()).isEqualTo("approximate");
        // the cell's centre lies in Phnom Penh; the true point in Kandal (KH-8), which the analyst sees
        assertThat(properties.get("province").asString()).isEqualTo("KH-12");
        assertThat(properties.get("provinceSource").asString()).isEqualTo("computed");
        assertThat(properties.get("outsideBoundaries").asBoolean()).isFalse();
        assertThat(new Api(port, "analyst").get("/api/incidents/" + compound).json().get("properties")
                .get("province").asString()).isEqualTo("KH-8");
        assertThat(properties.get("sources").get(0).get("outlet").asString()).isEqualTo("Canary Post");
        assertThat(properties.get("sources").get(0).get("url").isNull()).isTrue();
        // a box around the generalised point finds it; one around the true point does not
        assertThat(ids(viewer, "bbox=104.87,11.62,104.88,11.63")).contains(compound);
        assertThat(ids(viewer, "bbox=104.95,11.70,104.96,11.71")).isEmpty();
    }

    /** q= searches only the text a viewer is shown: a hidden description or place finds nothing (search_text, V88). */
    @Test
    void aViewersSearchCannotFindAnIncidentByItsHiddenText() {
        Api viewer = new Api(port, "viewer");
        Api analyst = new Api(port, "analyst");
        for (String hidden : List.of("CANARY-DESC-9f1c", "canary-place", "desc-9F1C")) {
            assertThat(ids(viewer, "q=" + hidden)).as("viewer q=" + hidden).isEmpty();
            assertThat(ids(analyst, "q=" + hidden)).as("analyst q=" + hidden).contains(compound);
            // the map's search, which an analyst's reads through date ranges and does not count past its limit
            assertThat(ids(viewer, "view=map&limit=1&q=" + hidden)).as("viewer map q=" + hidden).isEmpty();
            assertThat(viewer.get("/api/incidents?view=map&limit=1&q=" + hidden).json().get("numberMatched")
                    .asLong()).as("viewer map q=" + hidden + " numberMatched").isZero();
            assertThat(ids(analyst, "view=map&limit=1&q=" + hidden)).as("analyst map q=" + hidden)
                    .containsExactly(compound);
        }
        // a viewer's clusters count only what the viewer's search finds
        assertThat(viewer.get("/api/incidents/clusters?zoom=6&q=CANARY-DESC-9f1c").json().get("count").asLong())
                .isZero();
        assertThat(ids(viewer, "q=canary%20COMPOUND")).containsExactly(compound);
    }

    @Test
    void viewerNeverGetsAnIncidentOfASensitiveCategory() {
        Api viewer = new Api(port, "viewer");
        assertThat(viewer.get("/api/incidents/" + admission).status()).isEqualTo(404);
        var list = viewer.get("/api/incidents?category=hospital_admission").json();
        assertThat(list.get("features").size()).isZero();
        assertThat(list.get("numberMatched").asLong()).isZero();
        assertThat(new Api(port, "analyst").get("/api/incidents/" + admission).status()).isEqualTo(200);
    }

    static List<Long> ids(Api api, String query) {
        List<Long> ids = new ArrayList<>();
        for (var feature : api.get("/api/incidents?" + query).json().get("features").values()) {
            ids.add(feature.get("id").asLong());
        }
        return ids;
    }

    @Test
    void responsesCarryingExactDataAreNotStored() {
        for (String path : List.of("/api/incidents", "/api/incidents/" + compound, "/api/export?format=csv")) {
            Api.Response r = new Api(port, "analyst").get(path);
            assertThat(r.headers().firstValue("Cache-Control").orElse("")).as(path).contains("no-store");
        }
    }

    @Test
    void analystSeesEverythingExactly() {
        String all = String.join("\n", crawl(new Api(port, "analyst")));
        for (String secret : secrets()) {
            assertThat(all).contains(secret);
        }
    }

    @Test
    void smallCountsOfASensitiveCategoryAreWithheldFromViewers() {
        String viewer = new Api(port, "viewer").get("/api/categories").body();
        String analyst = new Api(port, "analyst").get("/api/categories").body();
        // fixtures hold one hospital admission; with the canary two: below the threshold of 11
        assertThat(analyst).contains("\"key\":\"hospital_admission\"").containsPattern(
                "\"key\":\"hospital_admission\"[^}]*\"count\":2");
        assertThat(viewer).containsPattern("\"key\":\"hospital_admission\"[^}]*\"count\":null[^}]*\"firstDate\":null"
                + "[^}]*\"withheld\":true,\"listed\":false");
        // not sensitive: shown whatever the count
        assertThat(viewer).containsPattern("\"key\":\"raid\"[^}]*\"count\":1");
    }
}
