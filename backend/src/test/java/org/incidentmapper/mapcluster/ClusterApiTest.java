package org.incidentmapper.mapcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.synthetic.SyntheticIncidents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * Clusters count exactly what /api/incidents matches (per cell, per category, in total), and a viewer's clusters
 * are built from generalised locations with sensitive counts withheld as everywhere else.
 */
@WriteIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterApiTest {

    @LocalServerPort
    int port;
    @Autowired
    SyntheticIncidents synthetic;
    Api analyst;
    Api viewer;

    @BeforeAll
    void data() {
        analyst = new Api(port);
        viewer = new Api(port, "viewer");
        synthetic.generate(3000, n -> { });
    }

    @AfterAll
    void removeData() {
        synthetic.remove();
    }

    @ParameterizedTest(name = "/api/incidents/clusters?{0}")
    @ValueSource(strings = {"zoom=5", "zoom=7&bbox=102,10,106,14&from=2020-01&to=2020-12",
        "zoom=10&bbox=104.6,11.4,105.2,11.75&category=raid,rescue", "zoom=3&q=Sihanoukville", "zoom=12&country=MMR"})
    void cellsAddUpToTheExactCountsOfTheSameFilter(String query) {
        JsonNode clusters = analyst.get("/api/incidents/clusters?" + query).json();
        String filter = query.replaceFirst("zoom=\\d+&?", "");
        if (filter.contains("bbox=")) {
            // a bbox is counted in whole cells: the same filter over the box counted (no incident here lies on a
            // cell edge or is a polygon whose point on surface is outside; countedBoxHoldsWholeCells tests those)
            JsonNode box = clusters.get("bbox");
            filter = filter.replaceFirst("bbox=[^&]*", "bbox=" + box.get(0).asDouble() + "," + box.get(1).asDouble()
                    + "," + box.get(2).asDouble() + "," + box.get(3).asDouble());
        }
        long exact = exactCount(filter);
        assertThat(exact).isPositive();
        assertThat(clusters.get("count").asLong()).isEqualTo(exact);
        long cellSum = 0;
        Map<String, Long> perCategory = new HashMap<>();
        for (JsonNode cell : clusters.get("cells").values()) {
            cellSum += cell.get("count").asLong();
            cell.get("categories").properties().forEach(e -> perCategory.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            assertThat(cell.get("lon").asDouble()).isBetween(-180.0, 180.0);
        }
        assertThat(cellSum).isEqualTo(exact);
        if (!filter.contains("category=")) {
            for (var e : perCategory.entrySet()) {
                long n = exactCount(filter + (filter.isEmpty() ? "" : "&") + "category=" + e.getKey());
                assertThat(e.getValue()).as(e.getKey()).isEqualTo(n);
                assertThat(clusters.get("categories").get(e.getKey()).asLong()).isEqualTo(n);
            }
        }
    }

    @Test
    void viewersClustersSitAtGeneralisedLocationsAndWithholdSmallSensitiveCounts() {
        Api.Response created = analyst.send("POST", "/api/incidents", """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.9012, 11.5634]},
                 "properties": {"category": "raid", "title": "Cluster generalisation canary", "startDate": "2021-03-04",
                                "locationPrecision": "exact", "country": "KHM", "sensitive": true,
                                "sources": [{"outlet": "Test", "url": "https://example.org/cluster-canary"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        try {
            String query = "/api/incidents/clusters?zoom=16&q=Cluster%20generalisation%20canary";
            JsonNode full = analyst.get(query).json().get("cells").get(0);
            assertThat(full.get("lon").asDouble()).isEqualTo(104.9012);
            assertThat(full.get("lat").asDouble()).isEqualTo(11.5634);
            JsonNode general = viewer.get(query).json().get("cells").get(0);
            // the centre of the 0.25° cell holding the point (generalised_location, V7)
            assertThat(general.get("lon").asDouble()).isEqualTo(104.875);
            assertThat(general.get("lat").asDouble()).isEqualTo(11.625);
        } finally {
            analyst.send("DELETE", "/api/incidents/" + id, null, "If-Match", "W/\"1\"");
        }
        // a sensitive category reaches viewers only in the disclosure policy's cells of at least k incidents
        JsonNode categories = viewer.get("/api/categories").json();
        long visible = 0;
        for (JsonNode category : categories.values()) {
            if (category.get("key").asString().equals("hospital_admission") && !category.get("count").isNull()) {
                visible = category.get("count").asLong();
            }
        }
        JsonNode many = viewer.get("/api/incidents/clusters?zoom=3&category=hospital_admission").json();
        assertThat(many.get("count").asLong()).isEqualTo(visible);
        assertThat(many.get("count").asLong()).isLessThan(exactCount("category=hospital_admission"));
        assertThat(many.get("withheld").toString()).contains("hospital_admission");
        for (JsonNode cell : many.get("cells").values()) {
            assertThat(cell.get("count").asLong()).isGreaterThanOrEqualTo(11);
        }
        // one month of them at a city's zoom: cells under k are withheld, never counted (the month is one that has
        // hospital admissions: the synthetic data is random, about two a month)
        String month = analyst.get("/api/incidents?limit=1&category=hospital_admission").json().get("features").get(0)
                .get("properties").get("startDate").asString().substring(0, 7);
        String oneMonth = "category=hospital_admission&from=" + month + "&to=" + month;
        JsonNode few = viewer.get("/api/incidents/clusters?zoom=10&" + oneMonth).json();
        assertThat(exactCount(oneMonth)).isPositive();
        assertThat(few.get("count").asLong()).isZero();
        assertThat(few.get("cells").size()).isZero();
        assertThat(few.get("withheld").toString()).contains("hospital_admission");
    }

    /**
     * Zoom 10 has cells of 90 / 2^10 = 0.087890625°: the bbox 104.88..104.95 × 11.52..11.58 lies in cells 1193..1194
     * × 131, so the box counted is 104.853515625..105.029296875 × 11.513671875..11.6015625. Counted: a point in
     * the bbox, and a point outside it in one of its cells; not counted: a point just outside those cells, and a
     * polygon crossing the bbox whose point on surface lies outside them. The same on the summary path (whole
     * months), the per-incident path (a day-precise window) and a viewer's.
     */
    @Test
    void countedBoxHoldsWholeCells() {
        List<Long> ids = new ArrayList<>();
        ids.add(create(point(104.90, 11.55)));
        ids.add(create(point(104.86, 11.515)));
        ids.add(create(point(105.03, 11.55)));
        ids.add(create("{\"type\": \"Polygon\", \"coordinates\": [[[104.94, 11.55], [105.60, 11.55], [105.60, 11.56],"
                + " [104.94, 11.56], [104.94, 11.55]]]}"));
        try {
            String box = "/api/incidents/clusters?zoom=10&bbox=104.88,11.52,104.95,11.58&q=Counted%20box%20probe";
            for (String query : List.of(box.replace("&q=Counted%20box%20probe", "&from=1934-06&to=1934-06"),
                    box + "&from=1934-06-02", box)) {
                for (Api api : List.of(analyst, viewer)) {
                    JsonNode clusters = api.get(query).json();
                    assertThat(clusters.get("count").asLong()).as(query).isEqualTo(2);
                    assertThat(clusters.get("bbox").toString()).as(query)
                            .isEqualTo("[104.853515625,11.513671875,105.029296875,11.6015625]");
                    JsonNode cell = clusters.get("cells").get(0);
                    assertThat(clusters.get("cells").size()).isEqualTo(1);
                    assertThat(cell.get("lon").asDouble()).isEqualTo(104.88);
                    assertThat(cell.get("lat").asDouble()).isEqualTo(11.5325);
                }
            }
            assertThat(analyst.get("/api/incidents/clusters?zoom=10&q=Counted%20box%20probe").json().get("bbox")
                    .isNull()).isTrue();
        } finally {
            for (long id : ids) {
                analyst.send("DELETE", "/api/incidents/" + id, null, "If-Match", "W/\"1\"");
            }
        }
    }

    static String point(double lon, double lat) {
        return "{\"type\": \"Point\", \"coordinates\": [" + lon + ", " + lat + "]}";
    }

    long create(String geometry) {
        Api.Response created = analyst.send("POST", "/api/incidents", """
                {"type": "Feature", "geometry": %s,
                 "properties": {"category": "raid", "title": "Counted box probe", "startDate": "1934-06-05",
                                "locationPrecision": "exact", "country": "KHM",
                                "sources": [{"outlet": "Test", "url": "https://example.org/counted-box"}]}}"""
                .formatted(geometry));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void zoomIsRequiredAndBounded() {
        assertThat(analyst.get("/api/incidents/clusters").status()).isEqualTo(400);
        assertThat(analyst.get("/api/incidents/clusters?zoom=40").json().get("parameter").asString()).isEqualTo("zoom");
    }

    long exactCount(String filter) {
        Api.Response r = analyst.get("/api/incidents?limit=1&count=exact" + (filter.isEmpty() ? "" : "&" + filter));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("numberMatched").asLong();
    }
}
