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
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sensitive incident at a distinctive point (104.20713, 11.52371) with unique strings in its description, place
 * and source: crawling every output as a viewer finds none of them; an analyst sees them all (so the crawl can fail).
 */
@MapperIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SensitiveIncidentCanaryTest {

    static final String[] SECRETS = {"104.2071", "11.5237", "CANARY-DESC-9f1c", "canary.invalid", "CANARY-PLACE-9f1c"};

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    long id;

    @BeforeEach
    void insertCanary() {
        id = jdbc.sql("""
                INSERT INTO incident (external_id, category, title, description, start_date, end_date, date_precision,
                    geom, location_name, location_precision, country, province, status, sensitive)
                VALUES ('canary', 'hospital_admission', 'Canary admission', 'CANARY-DESC-9f1c', '2022-05-05',
                    '2022-05-05', 'day', ST_SetSRID(ST_MakePoint(104.20713, 11.52371), 4326), 'CANARY-PLACE-9f1c',
                    'exact', 'KHM', 'KH-8', 'verified', true)
                RETURNING id""").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO incident_source (incident_id, position, outlet, url, published_date, language)
                VALUES (:id, 1, 'Canary Post', 'https://canary.invalid/9f1c', '2022-05-06', 'en')""")
                .param("id", id).update();
    }

    @AfterEach
    void removeCanary() {
        jdbc.sql("DELETE FROM incident WHERE external_id = 'canary'").update();
    }

    List<String> crawl(Api api) {
        List<String> paths = List.of(
                "/api/incidents",
                "/api/incidents?from=2022-05-05&to=2022-05-05",
                "/api/incidents?category=hospital_admission",
                "/api/incidents?bbox=104.20,11.52,104.21,11.53",
                "/api/incidents?bbox=104.2071,11.5237,104.2072,11.5238",
                "/api/incidents?q=CANARY",
                "/api/incidents/" + id,
                "/api/incidents/" + id + "x",
                "/api/incidents?bbox=104.2071,11.5237",
                "/api/categories",
                "/api/provinces?country=KHM",
                "/api/provinces/timeline?from=2022-05&to=2022-05",
                "/api/provinces/spread",
                "/api/geocode?q=CANARY-PLACE-9f1c",
                "/api/export?format=geojson&from=2022-05-05&to=2022-05-05",
                "/api/export?format=csv&from=2022-05-05&to=2022-05-05",
                "/api/export?format=kml&from=2022-05-05&to=2022-05-05");
        List<String> outputs = new ArrayList<>();
        for (String path : paths) {
            Api.Response r = api.get(path);
            // the path itself holds the secrets of the bbox probes: only what the app answered is checked
            outputs.add(r.status() + " " + r.headers().map() + " " + r.body());
        }
        return outputs;
    }

    @Test
    void viewerFindsNoTraceOfTheTruePointOrTheWithheldText(CapturedOutput log) {
        List<String> outputs = crawl(new Api(port, "viewer"));
        outputs.addAll(crawl(Api.anonymous(port)));
        for (String output : outputs) {
            for (String secret : SECRETS) {
                assertThat(output).as("viewer output").doesNotContain(secret);
            }
        }
        for (String secret : SECRETS) {
            assertThat(log.getAll()).as("log").doesNotContain(secret);
        }
    }

    @Test
    void viewerSeesTheIncidentAtItsGeneralisedLocationEveryTime() {
        Api viewer = new Api(port, "viewer");
        String first = viewer.get("/api/incidents/" + id).json().get("geometry").toString();
        assertThat(first).isEqualTo("{\"type\":\"Point\",\"coordinates\":[104.125,11.625]}");
        for (int i = 0; i < 3; i++) {
            assertThat(viewer.get("/api/incidents/" + id).json().get("geometry").toString()).isEqualTo(first);
        }
        var properties = viewer.get("/api/incidents/" + id).json().get("properties");
        assertThat(properties.get("description").isNull()).isTrue();
        assertThat(properties.get("locationPrecision").asString()).isEqualTo("approximate");
        assertThat(properties.get("sources").get(0).get("outlet").asString()).isEqualTo("Canary Post");
        assertThat(properties.get("sources").get(0).get("url").isNull()).isTrue();
        // a box around the generalised point finds it; one around the true point does not
        assertThat(viewer.externalIds("bbox=104.12,11.62,104.13,11.63")).containsExactly("canary");
        assertThat(viewer.externalIds("bbox=104.20,11.52,104.21,11.53")).isEmpty();
    }

    @Test
    void responsesCarryingExactDataAreNotStored() {
        for (String path : List.of("/api/incidents", "/api/incidents/" + id, "/api/export?format=csv")) {
            Api.Response r = new Api(port, "analyst").get(path);
            assertThat(r.headers().firstValue("Cache-Control").orElse("")).as(path).contains("no-store");
        }
    }

    @Test
    void analystSeesEverythingExactly() {
        String all = String.join("\n", crawl(new Api(port, "analyst")));
        for (String secret : SECRETS) {
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
        assertThat(viewer).containsPattern("\"key\":\"hospital_admission\"[^}]*\"count\":null[^}]*\"firstDate\":null");
        // not sensitive: shown whatever the count
        assertThat(viewer).containsPattern("\"key\":\"raid\"[^}]*\"count\":1");
    }
}
