package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the app gives out comes back in unchanged: GET → PUT, GeoJSON export → import, CSV export → import. Zero
 * changes, the same versions, {@code sensitive} and {@code provinceSource} kept, coordinates equal at the stored
 * precision. Each test owns its incidents (a title marker), so the shared data of other tests does not matter.
 */
@WriteIntegrationTest
class RoundTripApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Properties the server sets; an import of an export into an empty place gets new ones. */
    private static final List<String> SERVER_SET = List.of("createdAt", "updatedAt", "version", "createdBy");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    /**
     * A compound with a clockwise polygon given with 8 decimals, no province (computed: Preah Sihanouk), month
     * precision, sensitive, and a title a spreadsheet would run as a formula; and a raid at a point in Phnom Penh
     * with a given province and two sources, the second without URL.
     */
    private List<String> createTwo(String marker) {
        String compound = """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[103.52000001,10.61000004],
                  [103.52000001,10.62999996],[103.54000049,10.62999996],[103.54000049,10.61000004],
                  [103.52000001,10.61000004]]]},
                 "properties":{"externalId":"%1$s-compound","category":"compound","title":"=%1$s compound",
                   "startDate":"2023-05","locationPrecision":"approximate","country":"KHM","sensitive":true,
                   "victimNationalities":["CHN","VNM"],"victimsCount":12,"description":"'quoted', + more",
                   "sources":[{"outlet":"VOD","url":"https://vodenglish.news/a","publishedDate":"2023-05-02","language":"en",
                     "reliability":"A","credibility":3}]}}"""
                .formatted(marker);
        String raid = """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[104.921,11.5621]},
                 "properties":{"externalId":"%1$s-raid","category":"raid","title":"%1$s raid","startDate":"2024-03-05",
                   "locationPrecision":"town","country":"KHM","province":"KH-12","status":"verified",
                   "sources":[{"outlet":"VOD","url":"https://vodenglish.news/b","publishedDate":"2024-03-06","language":"en",
                               "reliability":"B","credibility":2},
                              {"outlet":"Khmer Times","language":"km","reliability":"C"}]}}""".formatted(marker);
        return List.of(compound, raid).stream().map(body -> {
            Api.Response r = api.send("POST", "/api/incidents", body);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            return r.location();
        }).toList();
    }

    @Test
    void getThenPutUnchangedChangesNothing() {
        for (String path : createTwo("rt-put")) {
            Api.Response got = api.get(path);
            Api.Response put = api.send("PUT", path, got.body(), "If-Match", got.etag());
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            assertThat(put.etag()).isEqualTo("W/\"1\"");
            assertThat(put.json()).isEqualTo(got.json());
            assertThat(api.get(path).json()).isEqualTo(got.json());
            long id = Long.parseLong(path.replaceAll(".*/", ""));
            assertThat(jdbc.sql("SELECT count(*) FROM incident_history WHERE incident_id = :id").param("id", id)
                    .query(Long.class).single()).isEqualTo(1);
        }
        JsonNode compound = api.get(createdPath("rt-put-compound")).json();
        assertThat(compound.get("properties").get("sensitive").asBoolean()).isTrue();
        assertThat(compound.get("properties").get("provinceSource").asString()).isEqualTo("computed");
        assertThat(compound.get("properties").get("province").asString()).isEqualTo("KH-18");
        // stored with 6 decimals, the exterior counterclockwise (RFC 7946 §3.1.6)
        assertThat(compound.get("geometry").toString()).isEqualTo("{\"type\":\"Polygon\",\"coordinates\":[[[103.52,10.61],"
                + "[103.54,10.61],[103.54,10.63],[103.52,10.63],[103.52,10.61]]]}");
        assertThat(api.get(createdPath("rt-put-raid")).json().get("properties").get("provinceSource").asString())
                .isEqualTo("given");
    }

    @Test
    void anEchoedComputedProvinceFollowsTheGeometryAndAChangedOneIsGiven() {
        String path = createTwo("rt-province").get(0);
        Api.Response got = api.get(path);
        ObjectNode moved = (ObjectNode) got.json();
        moved.set("geometry", JSON.readTree("{\"type\":\"Point\",\"coordinates\":[104.921,11.5621]}"));
        Api.Response put = api.send("PUT", path, moved.toString(), "If-Match", got.etag());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("properties").get("province").asString()).isEqualTo("KH-12");
        assertThat(put.json().get("properties").get("provinceSource").asString()).isEqualTo("computed");

        ObjectNode renamed = (ObjectNode) put.json();
        ((ObjectNode) renamed.get("properties")).put("province", "KH-8");
        Api.Response given = api.send("PUT", path, renamed.toString(), "If-Match", put.etag());
        assertThat(given.json().get("properties").get("province").asString()).isEqualTo("KH-8");
        assertThat(given.json().get("properties").get("provinceSource").asString()).isEqualTo("given");
    }

    @Test
    void geoJsonExportImportsBackUnchangedAndIntoAnEmptyPlaceAsItWas() {
        createTwo("rt-geojson");
        Map<String, JsonNode> before = byExternalId("rt-geojson");
        Api.Response export = api.get("/api/export?format=geojson&q=rt-geojson");
        assertThat(export.status()).isEqualTo(200);
        byte[] file = export.body().getBytes(StandardCharsets.UTF_8);

        JsonNode again = api.upload("/api/imports", "export.geojson", file).json();
        assertThat(again.get("unchanged").asInt()).as(again.toString()).isEqualTo(2);
        assertThat(again.get("created").asInt() + again.get("updated").asInt()).isZero();
        assertThat(byExternalId("rt-geojson")).isEqualTo(before);

        deleteAll(before);
        JsonNode fresh = api.upload("/api/imports", "export.geojson", file).json();
        assertThat(fresh.get("created").asInt()).as(fresh.toString()).isEqualTo(2);
        assertSameExceptServerSet(byExternalId("rt-geojson"), before);
    }

    @Test
    void csvExportImportsBackUnchangedAndIntoAnEmptyPlaceAsItWas() {
        createTwo("rt-csv");
        Map<String, JsonNode> before = byExternalId("rt-csv");
        Api.Response export = api.get("/api/export?format=csv&q=rt-csv");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body()).contains("'=rt-csv compound", "''quoted'");
        byte[] file = export.body().getBytes(StandardCharsets.UTF_8);

        JsonNode again = api.upload("/api/imports", "export.csv", file).json();
        assertThat(again.get("unchanged").asInt()).as(again.toString()).isEqualTo(2);
        assertThat(byExternalId("rt-csv")).isEqualTo(before);

        deleteAll(before);
        JsonNode fresh = api.upload("/api/imports", "export.csv", file).json();
        assertThat(fresh.get("created").asInt()).as(fresh.toString()).isEqualTo(2);
        Map<String, JsonNode> after = byExternalId("rt-csv");
        assertSameExceptServerSet(after, before);
        JsonNode compound = after.get("rt-csv-compound").get("properties");
        assertThat(compound.get("title").asString()).isEqualTo("=rt-csv compound");
        assertThat(compound.get("sensitive").asBoolean()).isTrue();
        assertThat(compound.get("provinceSource").asString()).isEqualTo("computed");
        // ratings come back: the sources' grades and the incident rating made from them (README "How sure we are")
        assertThat(compound.get("sources").get(0).get("reliability").asString()).isEqualTo("A");
        assertThat(compound.get("sources").get(0).get("credibility").asInt()).isEqualTo(3);
        assertThat(compound.get("rating").asString()).isEqualTo("A3");
        JsonNode raid = after.get("rt-csv-raid").get("properties");
        assertThat(raid.get("sources").get(1).get("reliability").asString()).isEqualTo("C");
        assertThat(raid.get("sources").get(1).get("credibility").isNull()).isTrue();
        assertThat(raid.get("rating").asString()).as("two outlets, neither doubting: confirmed").isEqualTo("B1");
    }

    private String createdPath(String externalId) {
        return "/api/incidents/" + jdbc.sql("SELECT id FROM incident WHERE external_id = :e").param("e", externalId)
                .query(Long.class).single();
    }

    private Map<String, JsonNode> byExternalId(String marker) {
        JsonNode features = api.get("/api/incidents?q=" + marker).json().get("features");
        return features.values().stream().collect(Collectors.toMap(
                f -> f.get("properties").get("externalId").asString(), Function.identity()));
    }

    private void deleteAll(Map<String, JsonNode> features) {
        for (JsonNode f : features.values()) {
            String path = "/api/incidents/" + f.get("id").asLong();
            assertThat(api.send("DELETE", path, null, "If-Match", api.get(path).etag()).status()).isEqualTo(204);
        }
    }

    /** The same Features but for what the server sets anew: id and the server's properties. */
    private static void assertSameExceptServerSet(Map<String, JsonNode> actual, Map<String, JsonNode> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, feature) -> {
            assertThat(withoutServerSet(actual.get(key))).as(key).isEqualTo(withoutServerSet(feature));
        });
    }

    private static JsonNode withoutServerSet(JsonNode feature) {
        ObjectNode copy = ((ObjectNode) feature).deepCopy();
        copy.remove("id");
        SERVER_SET.forEach(((ObjectNode) copy.get("properties"))::remove);
        return copy;
    }
}
