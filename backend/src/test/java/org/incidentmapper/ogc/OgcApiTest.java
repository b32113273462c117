package org.incidentmapper.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * OGC API - Features against the six fixtures (see IncidentFilterApiTest): border town 2019..2024 at (102.56,
 * 13.66), closed compound 2020 (polygon near 103.5, 10.6), open compound 2021-03-01.. at (104, 11), hospital
 * admission 2022-02 at (104.9, 11.55), raid 2022-02-20 at (105, 12), rescue 2023-06-15 at (102, 13).
 */
@MapperIntegrationTest
class OgcApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    List<String> ids(String path) {
        Api.Response r = api.get(path);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode f : r.json().get("features").values()) {
            ids.add(f.get("properties").get("externalId").asString());
        }
        ids.sort(null);
        return ids;
    }

    List<String> sorted(String spaceSeparated) {
        List<String> ids = new ArrayList<>(spaceSeparated.isBlank() ? List.of() : List.of(spaceSeparated.split(" ")));
        ids.sort(null);
        return ids;
    }

    @Test
    void landingPageLinksTheApiConformanceAndCollectionsInJsonAndHtml() {
        JsonNode landing = api.get("/ogc").json();
        List<String> rels = new ArrayList<>();
        landing.get("links").values().forEach(l -> rels.add(l.get("rel").asString()));
        assertThat(rels).contains("self", "service-desc", "service-doc", "conformance", "data");
        Api.Response html = api.send(api.request("/ogc").header("Accept", "text/html").GET().build());
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.body()).contains("<a href=\"http://127.0.0.1:" + port + "/ogc/collections\">");
        assertThat(api.get("/ogc?f=html").body()).contains("<h1>Incident mapper</h1>");
    }

    @Test
    void conformanceAndOpenApi() {
        assertThat(api.get("/ogc/conformance").body()).contains(
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text");
        Api.Response openapi = api.get("/ogc/api");
        assertThat(openapi.contentType()).startsWith("application/vnd.oai.openapi+json");
        JsonNode doc = openapi.json();
        assertThat(doc.get("openapi").asString()).startsWith("3.0");
        assertThat(doc.at("/components/parameters/limit/schema/maximum").asInt()).isEqualTo(10000);
        assertThat(doc.at("/components/parameters/limit/schema/default").asInt()).isEqualTo(100);
        assertThat(doc.at("/paths/~1collections~1{collectionId}~1items/get/parameters").toString())
                .contains("filter-lang");
        assertThat(api.get("/ogc/api?f=html").body()).contains("<h1>API definition</h1>");
    }

    @Test
    void collectionsAreIncidentsOnePerCategoryAndProvinces() {
        JsonNode collections = api.get("/ogc/collections").json().get("collections");
        List<String> ids = new ArrayList<>();
        collections.values().forEach(c -> ids.add(c.get("id").asString()));
        assertThat(ids).containsExactly("incidents", "compound", "hospital_admission", "border_town", "raid",
                "rescue", "provinces");
        JsonNode incidents = api.get("/ogc/collections/incidents").json();
        assertThat(incidents.get("crs").toString()).contains("CRS84", "EPSG/0/4326", "EPSG/0/3857");
        assertThat(incidents.at("/extent/temporal/interval/0/0").asString()).isEqualTo("2019-01-01");
        assertThat(incidents.toString()).contains("/ogc/collections/incidents/queryables",
                "/ogc/collections/incidents/tiles");
        assertThat(api.get("/ogc/collections/nope").status()).isEqualTo(404);
        assertThat(api.get("/ogc/collections/raid?f=html").body()).contains("<h1>Raid or crackdown</h1>");
    }

    @Test
    void queryablesAreAJsonSchemaOfTheAllowList() {
        Api.Response r = api.send(api.request("/ogc/collections/incidents/queryables")
                .header("Accept", "application/schema+json").GET().build());
        assertThat(r.contentType()).startsWith("application/schema+json");
        JsonNode schema = r.json();
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.at("/properties/startDate/format").asString()).isEqualTo("date");
        assertThat(schema.at("/properties/geometry/format").asString()).isEqualTo("geometry-any");
        assertThat(schema.get("properties").has("geom_public")).isFalse();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                     | f-border-town f-compound-closed f-compound-open f-hospital-month f-raid-day f-rescue-corner",
        "bbox=102,13,103,14                     | f-border-town f-rescue-corner",
        // EPSG:4326 is latitude first
        "bbox=13,102,14,103&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326 | f-border-town f-rescue-corner",
        // the same box in Web Mercator metres
        "bbox=11354588,1459732,11465908,1574216&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857 | f-border-town f-rescue-corner",
        "datetime=2022-02-20                    | f-border-town f-compound-open f-hospital-month f-raid-day",
        "datetime=2022-02-21T10:00:00Z          | f-border-town f-compound-open f-hospital-month",
        "datetime=2022-03-01/2022-03-31         | f-border-town f-compound-open",
        "datetime=2030-01-01/..                 | f-compound-open",
        "datetime=../2019-12-31                 | f-border-town",
        "datetime=/2019-12-31                   | f-border-town",
        "datetime=2023-01-01/&category=rescue   | f-rescue-corner",
    })
    void itemsByBboxAndDatetime(String query, String expected) {
        assertThat(ids("/ogc/collections/incidents/items?" + query)).isEqualTo(sorted(expected));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "category = 'raid'                                   | f-raid-day",
        "category IN ('raid', 'rescue') AND country = 'KHM'  | f-raid-day f-rescue-corner",
        "NOT (category <> 'rescue')                          | f-rescue-corner",
        "title LIKE '%'                                      | f-border-town f-compound-closed f-compound-open f-hospital-month f-raid-day f-rescue-corner",
        "endDate IS NULL AND category = 'compound'           | f-compound-open",
        "startDate BETWEEN '2022-01-01' AND '2022-12-31'     | f-hospital-month f-raid-day",
        "startDate >= DATE('2023-01-01') OR category = 'raid' | f-raid-day f-rescue-corner",
        "S_INTERSECTS(geometry, POLYGON((101.5 12.5, 102.1 12.5, 102.1 13.1, 101.5 13.1, 101.5 12.5))) | f-rescue-corner",
        "S_INTERSECTS(geometry, BBOX(102, 13, 103, 14))      | f-border-town f-rescue-corner",
        "T_INTERSECTS(INTERVAL(startDate, endDate), INTERVAL('2030-01-01', '..')) | f-compound-open",
    })
    void itemsByCql2Filter(String filter, String expected) {
        assertThat(ids("/ogc/collections/incidents/items?filter-lang=cql2-text&filter=" + enc(filter)))
                .isEqualTo(sorted(expected));
    }

    /**
     * description and locationName LIKE also go through search_text's trigram index (Cql2Sql): the same incidents
     * as PostgreSQL's LIKE on the column alone, for case, '_', escapes and non-ASCII text, inserted here.
     */
    @Test
    void descriptionAndPlaceLikeFindWhatTheColumnAloneFinds() {
        String[][] rows = {{"like-a", "Compound near Poipet, ÉCOLE 50% full", "Poipet"},
            {"like-b", "ក្រុមហ៊ុនបោក in Bavet", "Bavet_2"}, {"like-c", "İstanbul broker", "O'Smach"}};
        try {
            for (String[] row : rows) {
                jdbc.sql("""
                        INSERT INTO incident (external_id, category, title, description, location_name, start_date,
                            date_precision, geom, location_precision, country, status)
                        VALUES (:ext, 'raid', 'Like test', :description, :place, '2021-01-01', 'day',
                            ST_SetSRID(ST_MakePoint(104.5, 11.5), 4326), 'exact', 'KHM', 'reported')""")
                        .param("ext", row[0]).param("description", row[1]).param("place", row[2]).update();
            }
            String[][] filters = {{"description", "LIKE", "%Poipet%"}, {"description", "LIKE", "%poipet%"},
                {"description", "ILIKE", "%poipet%"}, {"description", "ILIKE", "%école%"},
                {"description", "LIKE", "%50\\%%"}, {"description", "LIKE", "%ក្រុមហ៊ុន%"},
                {"description", "ILIKE", "%i̇stanbul%"}, {"description", "ILIKE", "_stanbul%"},
                {"locationName", "LIKE", "Bavet\\_2"}, {"locationName", "ILIKE", "o''smach"},
                {"locationName", "LIKE", "Poipe_"}, {"locationName", "ILIKE", "%"}};
            for (String[] f : filters) {
                String column = f[0].equals("description") ? "description" : "location_name";
                List<String> expected = jdbc.sql("SELECT external_id FROM incident WHERE " + column + " " + f[1]
                        + " :p AND external_id LIKE 'like-%' ORDER BY external_id")
                        .param("p", f[2].replace("''", "'")).query(String.class).list();
                List<String> found = ids("/ogc/collections/incidents/items?limit=1000&filter=" + enc(f[0] + " " + f[1]
                        + " '" + f[2] + "' AND externalId LIKE 'like-%'"));
                assertThat(found).as(String.join(" ", f)).isEqualTo(expected);
            }
            assertThat(ids("/ogc/collections/incidents/items?filter=" + enc("description ILIKE '%poipet%'")))
                    .as("one match at least, or the comparison above proves nothing").contains("like-a");
        } finally {
            jdbc.sql("DELETE FROM incident WHERE external_id LIKE 'like-%'").update();
        }
    }

    @Test
    void sameCountsAsApiIncidentsForTheSameFilter() {
        for (String[] pair : new String[][] {
            {"datetime=2022-02-20", "from=2022-02-20&to=2022-02-20"},
            {"bbox=102,13,103,14&category=rescue,border_town", "bbox=102,13,103,14&category=rescue,border_town"},
            {"filter=" + enc("category = 'compound'"), "category=compound"}}) {
            JsonNode ogc = api.get("/ogc/collections/incidents/items?" + pair[0]).json();
            JsonNode rest = api.get("/api/incidents?" + pair[1]).json();
            assertThat(ogc.get("numberMatched").asLong()).as(pair[0]).isEqualTo(rest.get("numberMatched").asLong());
        }
        assertThat(ids("/ogc/collections/raid/items")).containsExactly("f-raid-day");
    }

    @Test
    void badFiltersAndParametersAre400ProblemsNamingThem() {
        Api.Response r = api.get("/ogc/collections/incidents/items?filter=" + enc("category = 'raid' AND secret = 1"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("parameter").asString()).isEqualTo("filter");
        assertThat(r.json().get("position").asInt()).isEqualTo(22);
        assertThat(r.json().get("detail").asString()).contains("Unknown queryable 'secret'");
        assertThat(api.get("/ogc/collections/incidents/items?limit=0").json().get("parameter").asString())
                .isEqualTo("limit");
        assertThat(api.get("/ogc/collections/incidents/items?limit=10001").status()).isEqualTo(400);
        assertThat(api.get("/ogc/collections/incidents/items?colour=red").json().get("parameter").asString())
                .isEqualTo("colour");
        assertThat(api.get("/ogc/collections/incidents/items?datetime=yesterday").json().get("parameter")
                .asString()).isEqualTo("datetime");
        assertThat(api.get("/ogc/collections/incidents/items?crs=EPSG:9999").json().get("parameter").asString())
                .isEqualTo("crs");
        assertThat(api.get("/ogc/collections/incidents/items?filter-lang=cql2-json&filter=x").json()
                .get("parameter").asString()).isEqualTo("filter-lang");
    }

    @Test
    void outputCrsFollowsTheAxisOrderOfEachCrs() {
        String raid = "/ogc/collections/raid/items";
        Api.Response crs84 = api.get(raid);
        assertThat(crs84.headers().firstValue("Content-Crs").orElse(""))
                .isEqualTo("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>");
        assertThat(crs84.json().at("/features/0/geometry/coordinates").toString()).isEqualTo("[105,12]");
        Api.Response latLon = api.get(raid + "?crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/4326"));
        assertThat(latLon.headers().firstValue("Content-Crs").orElse(""))
                .isEqualTo("<http://www.opengis.net/def/crs/EPSG/0/4326>");
        assertThat(latLon.json().at("/features/0/geometry/coordinates").toString()).isEqualTo("[12,105]");
        JsonNode mercator = api.get(raid + "?crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/3857")).json();
        assertThat(mercator.at("/features/0/geometry/coordinates/0").asDouble()).isCloseTo(11688546.5, within(1));
        assertThat(mercator.at("/features/0/geometry/coordinates/1").asDouble()).isCloseTo(1345708.4, within(1));
    }

    static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    @Test
    void itemsHaveFlatPropertiesAndOneItemHasLinksToItselfAndTheMap() {
        JsonNode features = api.get("/ogc/collections/incidents/items").json().get("features");
        for (JsonNode f : features.values()) {
            for (var p : f.get("properties").properties()) {
                assertThat(p.getValue().isContainer()).as(p.getKey()).isFalse();
            }
        }
        String id = api.get("/ogc/collections/raid/items").json().at("/features/0/id").asString();
        JsonNode one = api.get("/ogc/collections/raid/items/" + id).json();
        assertThat(one.at("/properties/externalId").asString()).isEqualTo("f-raid-day");
        assertThat(one.get("links").toString()).contains("/?from=2022-02-20&to=2022-02-20#12/12.0000/105.0000");
        assertThat(api.get("/ogc/collections/rescue/items/" + id).status()).isEqualTo(404);
        assertThat(api.get("/ogc/collections/incidents/items/abc").status()).isEqualTo(404);
        Api.Response html = api.get("/ogc/collections/raid/items/" + id + "?f=html");
        assertThat(html.body()).contains("On the map").contains("f-raid-day");
        assertThat(api.get("/ogc/collections/incidents/items?f=html").body()).contains("f-raid-day", "This window on the map")
                .doesNotContain("<script");
    }

    @Test
    void provincesCarryCountsForTheWindow() {
        JsonNode all = api.get("/ogc/collections/provinces/items?limit=1000").json();
        assertThat(all.get("numberMatched").asLong()).isEqualTo(all.get("numberReturned").asLong()).isGreaterThan(300);
        long total = 0;
        for (JsonNode f : all.get("features").values()) {
            total += f.at("/properties/count").asLong();
        }
        JsonNode window = api.get("/ogc/collections/provinces/items?limit=1000&datetime=2023-06-15").json();
        long inWindow = 0;
        for (JsonNode f : window.get("features").values()) {
            inWindow += f.at("/properties/count").asLong();
            assertThat(f.get("properties").has("count_rescue")).isTrue();
        }
        assertThat(inWindow).isLessThan(total).isGreaterThan(0);
        JsonNode one = api.get("/ogc/collections/provinces/items/"
                + window.at("/features/0/id").asString()).json();
        assertThat(one.get("type").asString()).isEqualTo("Feature");
    }

    @Test
    void pagingThroughNextYieldsEveryFeatureOnce() {
        List<String> seen = new ArrayList<>();
        String next = "/ogc/collections/incidents/items?limit=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = api.get(next).json();
            assertThat(page.get("numberMatched").asLong()).isEqualTo(6);
            page.get("features").values().forEach(f -> seen.add(f.at("/properties/externalId").asString()));
            next = null;
            for (JsonNode link : page.get("links").values()) {
                if (link.get("rel").asString().equals("next")) {
                    next = link.get("href").asString().replace("http://127.0.0.1:" + port, "");
                }
            }
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void pagingStaysCompleteWhenIncidentsAreAddedBetweenPages() {
        List<String> seen = new ArrayList<>();
        String next = "/ogc/collections/incidents/items?limit=2";
        int inserted = 0;
        try {
            while (next != null) {
                JsonNode page = api.get(next).json();
                page.get("features").values().forEach(f -> seen.add(f.at("/properties/externalId").asString()));
                next = null;
                for (JsonNode link : page.get("links").values()) {
                    if (link.get("rel").asString().equals("next")) {
                        next = link.get("href").asString().replace("http://127.0.0.1:" + port, "");
                    }
                }
                // someone adds an incident between two pages, dated before every other one
                jdbc.sql("""
                        INSERT INTO incident (external_id, category, title, start_date, date_precision, geom,
                            location_precision, country, status)
                        VALUES (:ext, 'raid', 'Added while paging', '2000-01-01', 'day',
                            ST_SetSRID(ST_MakePoint(104.5, 11.5), 4326), 'exact', 'KHM', 'reported')""")
                        .param("ext", "paging-insert-" + inserted++).update();
            }
            List<String> fixtures = sorted("f-border-town f-compound-closed f-compound-open f-hospital-month "
                    + "f-raid-day f-rescue-corner");
            assertThat(seen).doesNotHaveDuplicates().containsAll(fixtures);
            // those added before the last page was read are on a later page, in id order
            assertThat(seen.stream().filter(e -> e.startsWith("paging-insert-")).count()).isPositive();
        } finally {
            jdbc.sql("DELETE FROM incident WHERE external_id LIKE 'paging-insert-%'").update();
        }
    }
}
