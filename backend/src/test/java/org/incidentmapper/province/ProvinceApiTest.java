package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** The shape of the province endpoints over the fixtures and the boundary extract, and their 400s. */
@MapperIntegrationTest
class ProvinceApiTest {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/provinces?geometry=maybe                     | geometry | true or false",
        "/api/provinces?simplify=-1                        | simplify | from 0 to 0.5",
        "/api/provinces?simplify=NaN                       | simplify | from 0 to 0.5",
        "/api/provinces?province=KH-99                     | province | Unknown province 'KH-99'",
        "/api/provinces?from=2022-02-30                    | from     | not a calendar date",
        "/api/provinces?interval=month                     | interval | Unknown parameter 'interval'",
        "/api/provinces/timeline?interval=week             | interval | one of [month, quarter, year]",
        "/api/provinces/timeline?interval=month&from=1900&to=2200 | interval | at most 2400",
        "/api/provinces/timeline?category=casino           | category | Unknown category 'casino'",
        "/api/provinces/spread?simplify=0.1                | simplify | Unknown parameter 'simplify'",
        "/api/provinces/spread?country=Cambodia            | country  | alpha-3",
    })
    void badParameterIsA400NamingIt(String path, String parameter, String detail) {
        Api.Response r = api.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("parameter").asString()).isEqualTo(parameter);
        assertThat(r.json().get("detail").asString()).contains(detail);
    }

    @Test
    void choroplethIsGeoJsonThatGdalReadsBack(@TempDir Path dir) throws Exception {
        Api.Response r = api.get("/api/provinces?simplify=0.01");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/geo+json");
        JsonNode collection = r.json();
        assertThat(collection.get("numberReturned").asInt()).isEqualTo(329);
        assertThat(collection.get("boundarySet").asString()).contains("Natural Earth");

        Path file = dir.resolve("provinces.geojson");
        Files.writeString(file, r.body());
        Process p = new ProcessBuilder("ogrinfo", "-ro", "-al", "-so", file.toString()).redirectErrorStream(true).start();
        String info = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(info).isZero();
        assertThat(info).contains("Feature Count: 329").contains("Multi Polygon").contains("count: Integer");
    }

    @Test
    void provincePropertiesCountTheWindow() {
        JsonNode collection = api.get("/api/provinces?geometry=false&from=2019&to=2023&country=KHM").json();
        assertThat(collection.get("numberReturned").asInt()).isEqualTo(24);
        JsonNode first = collection.get("features").get(0);
        assertThat(first.get("geometry").isNull()).isTrue();
        JsonNode kh1 = null;
        for (JsonNode f : collection.get("features").values()) {
            if (f.get("id").asString().equals("KH-1")) {
                kh1 = f.get("properties");
            }
        }
        assertThat(kh1.toString()).isEqualTo("{\"code\":\"KH-1\",\"name\":\"Banteay Meanchey\",\"nameLocal\":null,"
                + "\"country\":\"KHM\",\"count\":2,\"firstDate\":\"2019-01-01\",\"lastDate\":\"2024-12-31\","
                + "\"ongoing\":false,\"categories\":{\"border_town\":1,\"rescue\":1},\"withheld\":[]}");
    }

    @Test
    void spreadListsProvincesByFirstIncident() {
        StringBuilder order = new StringBuilder();
        for (JsonNode p : api.get("/api/provinces/spread").json().values()) {
            order.append(p.get("code").asString()).append(' ').append(p.get("firstDate").asString()).append(' ')
                    .append(p.get("firstIncident").get("title").asString()).append(' ').append(p.get("count").asInt())
                    .append('\n');
        }
        assertThat(order.toString()).isEqualTo("""
                KH-1 2019-01-01 Border casino town 2
                KH-18 2020-01-01 Closed compound precinct 1
                KH-8 2021-03-01 Open compound 1
                KH-12 2022-02-01 Admission in February 1
                KH-3 2022-02-20 =HYPERLINK("https://example.org/raid","Raid on one day") 1
                """);
    }

    @Test
    void timelineCountsProvincesAffectedSoFar() {
        JsonNode timeline = api.get("/api/provinces/timeline?interval=year&from=2019&to=2023").json();
        StringBuilder rows = new StringBuilder();
        for (JsonNode p : timeline.get("periods").values()) {
            rows.append(p.get("start").asString()).append(' ').append(p.get("counts")).append(' ')
                    .append(p.get("provincesAffected").asInt()).append(' ').append(p.get("newProvinces")).append('\n');
        }
        assertThat(rows.toString()).isEqualTo("""
                2019-01-01 {"KH-1":1} 1 ["KH-1"]
                2020-01-01 {"KH-1":1,"KH-18":1} 2 ["KH-18"]
                2021-01-01 {"KH-1":1,"KH-8":1} 3 ["KH-8"]
                2022-01-01 {"KH-1":1,"KH-12":1,"KH-3":1,"KH-8":1} 5 ["KH-12","KH-3"]
                2023-01-01 {"KH-1":2,"KH-8":1} 5 []
                """);
    }
}
