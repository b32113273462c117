package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** What {@code /api/incidents} answers: GeoJSON that GDAL reads back, single features, and 400s naming the parameter. */
@MapperIntegrationTest
class IncidentApiTest {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "bbox=1,2,3                      | bbox     | four numbers",
        "bbox=a,2,3,4                    | bbox     | minLon is not a number",
        "bbox=100,91,101,92              | bbox     | minLat must be between -90 and 90",
        "bbox=181,0,182,1                | bbox     | minLon must be between -180 and 180",
        "bbox=100,12,101,11              | bbox     | minLat is greater than maxLat",
        "bbox=101,11,100,12              | bbox     | minLon is greater than maxLon",
        "bbox=NaN,1,2,3                  | bbox     | not a finite number",
        "from=2022-02-30                 | from     | is not a calendar date",
        "from=yesterday                  | from     | YYYY-MM-DD",
        "to=2022-13                      | to       | is not a calendar date",
        "from=2023-01-01&to=2022-12-31   | from     | is after 'to'",
        "category=raid,casino            | category | Unknown category 'casino'",
        "category=x'%3BDROP%20TABLE%20incident%3B--   | category | Unknown category",
        "catgory=raid                    | catgory  | Unknown parameter 'catgory'",
        "from=2022&from=2023             | from     | more than once",
        "limit=0                         | limit    | from 1 to",
        "limit=ten                       | limit    | from 1 to",
        "province=XX-99                  | province | Unknown province 'XX-99'",
        "province=KH-1,KH%201            | province | must be province codes such as KH-18",
        "country=KH                      | country  | ISO 3166-1 alpha-3",
        "country=KHM,Cambodia            | country  | got 'CAMBODIA'",
    })
    void badParameterIsA400NamingIt(String query, String parameter, String detail) {
        Api.Response r = api.get("/api/incidents?" + query);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
        assertThat(problem.get("detail").asString()).contains(detail);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
    }

    @Test
    void overlongParameterIsA400() {
        Api.Response r = api.get("/api/incidents?q=" + "a".repeat(5000));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("parameter").asString()).isEqualTo("q");
    }

    @Test
    void collectionIsGeoJsonThatGdalReadsBack(@TempDir Path dir) throws Exception {
        Api.Response r = api.get("/api/incidents");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/geo+json");
        int count = r.json().get("features").size();
        assertThat(r.json().get("numberReturned").asInt()).isEqualTo(count).isEqualTo(6);

        Path file = dir.resolve("incidents.geojson");
        Files.writeString(file, r.body());
        String info = ogrinfo(file);
        assertThat(featureCount(info)).isEqualTo(count);
        assertThat(info).contains("Geometry: Unknown (any)").contains("WGS 84");
    }

    @Test
    void numberMatchedSaysWhenTheLimitCutTheResult() {
        var cut = api.get("/api/incidents?limit=2").json();
        assertThat(cut.get("numberReturned").asInt()).isEqualTo(2);
        assertThat(cut.get("numberMatched").asInt()).isEqualTo(6);
        var whole = api.get("/api/incidents?limit=6&category=raid,rescue").json();
        assertThat(whole.get("numberReturned").asInt()).isEqualTo(2);
        assertThat(whole.get("numberMatched").asInt()).isEqualTo(2);
    }

    @Test
    void emptyResultIsAValidEmptyCollection(@TempDir Path dir) throws Exception {
        Api.Response r = api.get("/api/incidents?to=1990-01-01");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(r.json().get("features").size()).isZero();
        Path file = dir.resolve("empty.geojson");
        Files.writeString(file, r.body());
        assertThat(featureCount(ogrinfo(file))).isZero();
    }

    @Test
    void featureCarriesEveryFieldAndItsSourcesInLonLatOrder() {
        JsonNode feature = api.get("/api/incidents?q=precinct").json().get("features").get(0);
        long id = feature.get("id").asLong();

        Api.Response one = api.get("/api/incidents/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.contentType()).startsWith("application/geo+json");
        JsonNode single = one.json();
        assertThat(single).isEqualTo(feature);
        assertThat(single.get("geometry").get("type").asString()).isEqualTo("Polygon");
        assertThat(single.get("geometry").get("coordinates").get(0).get(0).get(0).asDouble()).isEqualTo(103.5);
        assertThat(single.get("geometry").get("coordinates").get(0).get(0).get(1).asDouble()).isEqualTo(10.6);
        JsonNode p = single.get("properties");
        assertThat(p.get("category").asString()).isEqualTo("compound");
        assertThat(p.get("startDate").asString()).isEqualTo("2020-01-01");
        assertThat(p.get("endDate").asString()).isEqualTo("2020-12-31");
        assertThat(p.get("datePrecision").asString()).isEqualTo("day");
        assertThat(p.get("locationPrecision").asString()).isEqualTo("exact");
        assertThat(p.get("country").asString()).isEqualTo("KHM");
        assertThat(p.get("province").asString()).isEqualTo("KH-18");
        assertThat(p.get("victimsCount").asInt()).isEqualTo(120);
        assertThat(p.get("victimNationalities").toString()).isEqualTo("[\"CHN\",\"VNM\"]");
        assertThat(p.get("status").asString()).isEqualTo("verified");
        assertThat(p.get("sources").toString()).isEqualTo("[{\"outlet\":\"Test Daily\",\"url\":\"https://example.org/closed\","
                + "\"publishedDate\":\"2021-01-10\",\"language\":\"en\",\"reliability\":null,\"credibility\":null},"
                + "{\"outlet\":\"Test Times\",\"url\":null,\"publishedDate\":\"2021-01-11\",\"language\":\"zh\","
                + "\"reliability\":null,\"credibility\":null}]");
        assertThat(p.get("rating").asString()).as("two outlets, unrated: confirmed, reliability unknown").isEqualTo("F1");
        assertThat(p.has("createdAt")).isTrue();
        // given in the fixture; the coarse coastline of the boundary extract leaves the precinct at sea
        assertThat(p.get("province").asString()).isEqualTo("KH-18");
        assertThat(p.get("provinceSource").asString()).isEqualTo("given");
        assertThat(p.get("outsideBoundaries").asBoolean()).isTrue();
    }

    @Test
    void unknownIdIs404ProblemJson() {
        Api.Response r = api.get("/api/incidents/999999");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains("999999");
    }

    @Test
    void nonNumericIdIs400NamingIt() {
        Api.Response r = api.get("/api/incidents/abc");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("parameter").asString()).isEqualTo("id");
    }

    static String ogrinfo(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ogrinfo", "-ro", "-al", "-so", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    static int featureCount(String ogrinfo) {
        Matcher m = Pattern.compile("Feature Count: (\\d+)").matcher(ogrinfo);
        assertThat(m.find()).as(ogrinfo).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
