package org.incidentmapper.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Canaries as in SensitiveIncidentCanaryTest — a sensitive compound at 104.20713, 11.52371 with unique text (shown
 * to viewers generalised) and a hospital admission at 104.63311, 12.08822 (a sensitive category: never listed below
 * analyst level) — through every OGC and tile output, in every CRS, and through filters that probe hidden values: a
 * viewer finds no trace and no count that depends on them; an analyst, the control, finds them all.
 */
@MapperIntegrationTest
class OgcCanaryTest {

    static final double LON = 104.20713;
    static final double LAT = 11.52371;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    long id;

    /** The true point written in each CRS the service speaks, and the withheld texts. */
    static List<String> secrets() {
        double x = LON * 20037508.342789244 / 180;
        double y = Math.log(Math.tan(Math.toRadians(90 + LAT) / 2)) * 6378137;
        return List.of("104.2071", "11.5237", String.valueOf((long) x).substring(0, 6),
                String.valueOf((long) y).substring(0, 6), "CANARY-DESC-9f1c", "canary.invalid", "CANARY-PLACE-9f1c",
                "ogc-canary", "104.6331", "12.0882", "Canary admission");
    }

    @BeforeEach
    void insertCanary() {
        id = jdbc.sql("""
                INSERT INTO incident (external_id, category, title, description, start_date, end_date, date_precision,
                    geom, location_name, location_precision, country, province, status, sensitive)
                VALUES ('ogc-canary-compound', 'compound', 'Canary compound', 'CANARY-DESC-9f1c', '2022-05-05',
                    '2022-05-05', 'day', ST_SetSRID(ST_MakePoint(104.20713, 11.52371), 4326), 'CANARY-PLACE-9f1c',
                    'exact', 'KHM', 'KH-8', 'verified', true)
                RETURNING id""").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO incident (external_id, category, title, start_date, end_date, date_precision, geom,
                    location_precision, country, status, sensitive)
                VALUES ('ogc-canary-admission', 'hospital_admission', 'Canary admission', '2022-05-05', '2022-05-05',
                    'day', ST_SetSRID(ST_MakePoint(104.63311, 12.08822), 4326), 'exact', 'KHM', 'verified', true)""")
                .update();
        jdbc.sql("""
                INSERT INTO incident_source (incident_id, position, outlet, url, published_date, language)
                VALUES (:id, 1, 'Canary Post', 'https://canary.invalid/9f1c', '2022-05-06', 'en')""")
                .param("id", id).update();
    }

    @AfterEach
    void removeCanary() {
        jdbc.sql("DELETE FROM incident WHERE external_id LIKE 'ogc-canary-%'").update();
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    List<String> paths() {
        String items = "/ogc/collections/incidents/items";
        List<String> paths = new ArrayList<>(List.of(
                items, items + "?f=html", items + "?datetime=2022-05-05",
                items + "?crs=" + enc(OgcCrs.EPSG_4326.uri()), items + "?crs=" + enc(OgcCrs.EPSG_3857.uri()),
                "/ogc/collections/compound/items", "/ogc/collections/compound/items?f=html",
                "/ogc/collections/hospital_admission/items",
                items + "/" + id, items + "/" + id + "?f=html", items + "/" + id + "?crs=" + enc(OgcCrs.EPSG_3857.uri()),
                "/ogc/collections/compound", "/ogc/collections", "/ogc/collections/incidents",
                "/ogc/collections/provinces/items?datetime=2022-05-05&limit=1000",
                "/ogc/collections/provinces/items/KH-8"));
        for (String probe : List.of("bbox=104.2071,11.5237,104.2072,11.5238",
                "filter=" + enc("S_INTERSECTS(geometry, POINT(104.20713 11.52371))"),
                "filter=" + enc("description LIKE '%CANARY%'"),
                "filter=" + enc("locationName = 'CANARY-PLACE-9f1c'"),
                "filter=" + enc("S_INTERSECTS(geometry, BBOX(104.2, 11.52, 104.21, 11.53))"),
                "filter=" + enc("title LIKE 'Canary adm%'"), "filter=" + enc("category = 'hospital_admission'"),
                "filter=" + enc("externalId LIKE 'ogc-canary%'"))) {
            paths.add(items + "?" + probe);
        }
        return paths;
    }

    List<String> crawl(Api api) {
        List<String> outputs = new ArrayList<>();
        for (String path : paths()) {
            Api.Response r = api.get(path);
            String body = r.body();
            // the probes are in the paths, and a page's own links (self, next, the map at that bbox) echo them
            // back: those last links are the caller's input, everything before them is checked
            if (path.contains("?") && body.endsWith("]}") && body.contains(",\"timeStamp\"")) {
                body = body.substring(0, body.lastIndexOf(",\"links\":"));
            }
            outputs.add(r.status() + " " + r.headers().map() + " " + body);
        }
        return outputs;
    }

    @Test
    void viewerFindsNoTraceOfTheTruePointOrTheWithheldText() {
        for (String output : crawl(new Api(port, "viewer"))) {
            for (String secret : secrets()) {
                assertThat(output).as("viewer output").doesNotContain(secret);
            }
        }
    }

    @Test
    void probesOfHiddenValuesCountNothingForAViewerAndFindTheCanaryForAnAnalyst() {
        Api viewer = new Api(port, "viewer");
        Api analyst = new Api(port, "analyst");
        String items = "/ogc/collections/incidents/items?filter=";
        for (String probe : List.of("S_INTERSECTS(geometry, POINT(104.20713 11.52371))",
                "description LIKE '%CANARY%'", "locationName = 'CANARY-PLACE-9f1c'", "title = 'Canary admission'",
                "externalId = 'ogc-canary-compound'", "S_INTERSECTS(geometry, POINT(104.63311 12.08822))")) {
            assertThat(viewer.get(items + enc(probe)).json().get("numberMatched").asLong()).as(probe).isZero();
            assertThat(analyst.get(items + enc(probe)).json().get("numberMatched").asLong()).as(probe).isEqualTo(1);
        }
        // the viewer finds it where it is shown: the generalised point
        assertThat(viewer.get(items + enc("S_INTERSECTS(geometry, POINT(104.125 11.625))")).json()
                .get("numberMatched").asLong()).isEqualTo(1);
    }

    @Test
    void aViewerIsNotOfferedTheSensitiveCategoryAsACollection() {
        assertThat(new Api(port, "viewer").get("/ogc/collections").body()).doesNotContain("hospital_admission");
        assertThat(new Api(port, "viewer").get("/ogc/collections/hospital_admission").status()).isEqualTo(404);
        assertThat(new Api(port, "analyst").get("/ogc/collections").body()).contains("hospital_admission");
    }

    @Test
    void analystSeesEverythingExactly() {
        String all = String.join("\n", crawl(new Api(port, "analyst")));
        for (String secret : secrets()) {
            assertThat(all).contains(secret);
        }
    }

    @Test
    void viewersTileAtTheTruePointIsEmptyAndAnAnalystsIsNot() throws Exception {
        int z = 14;
        int n = 1 << z;
        int x = (int) Math.floor((LON + 180) / 360 * n);
        double r = Math.toRadians(LAT);
        int y = (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n);
        String path = "/tiles/incidents/" + z + "/" + x + "/" + y + ".mvt";
        var client = java.net.http.HttpClient.newHttpClient();
        byte[] viewer = client.send(new Api(port, "viewer").request(path).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        byte[] analyst = client.send(new Api(port, "analyst").request(path).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(viewer).isEmpty();
        assertThat(analyst).isNotEmpty();
    }
}
