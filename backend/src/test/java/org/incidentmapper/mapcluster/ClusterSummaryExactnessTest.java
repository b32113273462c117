package org.incidentmapper.mapcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.synthetic.SyntheticIncidents;
import org.incidentmapper.web.Bbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The grid summary (incident_grid_row, V74, and its month edges incident_grid_edge_row, V90, to level 15 since V92) stays equal to summarising the incidents afresh after every kind of
 * write (create, edit: move, recategorise, redate, sensitive flip; delete, CSV import and re-import, duplicate merge
 * and undo, synthetic generate and remove), and the analysts' clusters read from it equal the clusters counted from
 * the incidents, character for character, for several zooms (0..15), bboxes, windows and category sets. The same requests
 * repeat after every write, so an answer kept by the answer cache (AnswerCache) past a write would fail too.
 */
@WriteIntegrationTest
class ClusterSummaryExactnessTest {

    static final Bbox CITY = new Bbox(104.6, 11.4, 105.2, 11.75);
    static final Bbox COUNTRY = new Bbox(99.5, 8.5, 110.5, 16.5);
    /** Edges on cell boundaries of zooms 3..10 (multiples of 90 / 2^10 = 0.087890625). */
    static final Bbox ON_EDGES = new Bbox(102.568359375, 10.72265625, 104.853515625, 12.392578125);
    static final Bbox TINY = new Bbox(104.91, 11.55, 104.92, 11.56);
    /** Phnom Penh's centre, the view of the page benchmark's zoom to 14. */
    static final Bbox CENTRE = new Bbox(104.85, 11.52, 104.97, 11.59);
    /** Edges on cell boundaries of zooms 3..15 (multiples of 90 / 2^15 = 0.00274658203125). */
    static final Bbox ON_FINE_EDGES = new Bbox(38190 * 0.00274658203125, 4200 * 0.00274658203125,
            38200 * 0.00274658203125, 4215 * 0.00274658203125);

    /** zoom, bbox, from, to, categories: every one a filter the summary answers. */
    record Case(int zoom, Bbox bbox, String from, String to, List<String> categories) {
        IncidentFilter filter() {
            return new IncidentFilter(bbox, from == null ? null : LocalDate.parse(from),
                    to == null ? null : LocalDate.parse(to), categories, null, List.of(), List.of());
        }

        String query() {
            StringBuilder q = new StringBuilder("zoom=" + zoom);
            if (bbox != null) {
                q.append("&bbox=").append(bbox.minLon()).append(',').append(bbox.minLat()).append(',')
                        .append(bbox.maxLon()).append(',').append(bbox.maxLat());
            }
            if (from != null) {
                q.append("&from=").append(from);
            }
            if (to != null) {
                q.append("&to=").append(to);
            }
            if (!categories.isEmpty()) {
                q.append("&category=").append(String.join(",", categories));
            }
            return q.toString();
        }
    }

    static final List<Case> CASES = List.of(
            new Case(10, CITY, "2022-03-01", "2022-03-31", List.of()),
            new Case(10, CITY, "2022-01-01", "2022-12-31", List.of()),
            new Case(7, COUNTRY, "2022-03-01", "2022-03-31", List.of()),
            new Case(7, COUNTRY, "2022-01-01", "2022-12-31", List.of()),
            new Case(7, COUNTRY, null, null, List.of()),
            new Case(12, CITY, null, "2021-06-30", List.of("raid", "rescue")),
            new Case(9, ON_EDGES, "2019-02-01", null, List.of("compound")),
            new Case(5, ON_EDGES, null, null, List.of("hospital_admission", "raid")),
            new Case(3, null, "2020-01-01", "2023-12-31", List.of()),
            new Case(2, COUNTRY, null, null, List.of()),
            new Case(0, null, null, null, List.of()),
            new Case(12, TINY, null, null, List.of()),
            // zooms 13..15: the edges' fine levels (V92)
            new Case(13, CITY, "2022-01-01", "2022-12-31", List.of()),
            new Case(13, CITY, null, "2021-06-30", List.of("raid", "rescue")),
            new Case(14, CENTRE, "2016-01-01", "2024-12-31", List.of()),
            new Case(14, CENTRE, null, null, List.of()),
            new Case(15, TINY, null, null, List.of()),
            new Case(15, ON_FINE_EDGES, "2019-06-01", "2022-02-28", List.of("compound", "raid", "rescue")),
            new Case(15, CENTRE, "2022-03-01", "2022-03-31", List.of()),
            // a window across years, from and to mid-year: both edges read years and months (V90)
            new Case(8, COUNTRY, "2019-06-01", "2021-02-28", List.of("compound", "border_town")),
            new Case(11, COUNTRY, "1933-03-01", "1933-03-31", List.of()));

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticIncidents synthetic;
    @Autowired
    ClusterRepository clusters;
    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @Test
    void summaryFollowsEveryWriteAndAnswersAsTheIncidentsDo() {
        assertSummaryIsExact("at start");
        synthetic.generate(2000, n -> { });
        assertSummaryIsExact("after generating 2000");

        long point = create("grid-point", "raid", "Grid test raid", "2022-03-04", null, point(104.92, 11.55), false);
        long area = create("grid-area", "compound", "Grid test compound", "2021-11-20", "2022-04-02",
                "{\"type\":\"Polygon\",\"coordinates\":[[[104.80,11.50],[104.95,11.50],[104.95,11.62],[104.80,11.62],"
                        + "[104.80,11.50]]]}", false);
        assertSummaryIsExact("after creating a point and a polygon");

        edit(point, 1, "raid", "2022-03-04", null, point(103.53, 10.61), false);
        assertSummaryIsExact("after moving the raid to another cell at every level");
        edit(point, 2, "rescue", "2022-03-04", null, point(103.53, 10.61), false);
        assertSummaryIsExact("after recategorising it");
        edit(point, 3, "rescue", "2021-12-30", "2022-02-01", point(103.53, 10.61), false);
        assertSummaryIsExact("after redating it across months");
        edit(point, 4, "rescue", "2021-12-30", "2022-02-01", point(103.53, 10.61), true);
        assertSummaryIsExact("after making it sensitive");
        edit(point, 5, "rescue", "2021-12-30", "2022-02-01", point(103.53, 10.61), false);
        assertSummaryIsExact("after making it not sensitive again");
        edit(area, 1, "compound", "2021-11-20", null,
                "{\"type\":\"Polygon\",\"coordinates\":[[[105.00,11.60],[105.10,11.60],[105.10,11.70],[105.00,11.70],"
                        + "[105.00,11.60]]]}", true);
        assertSummaryIsExact("after moving the polygon, making it sensitive and running");

        Api.Response deleted = api.send("DELETE", "/api/incidents/" + point, null, "If-Match", "W/\"6\"");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertSummaryIsExact("after a delete");

        String csv = """
                external_id,category,title,start_date,end_date,lon,lat,location_precision,country
                grid-1,rescue,Grid import one,2022-03,,104.91,11.55,town,KHM
                grid-2,compound,Grid import two,2018-01-15,2024-02-01,106.13,11.06,approximate,KHM
                grid-3,hospital_admission,Grid import three,2022-11-30,,104.915,11.555,town,KHM
                grid-4,compound,Grid import four,2019-02-01,2019-03-15,103.53,10.61,town,KHM
                """;
        Api.Response imported = api.upload("/api/imports", "grid.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertSummaryIsExact("after an import");
        imported = api.upload("/api/imports", "grid.csv", csv.replace("2018-01-15", "2017-12-31")
                .replace("104.91,11.55", "104.6,11.4").getBytes(StandardCharsets.UTF_8));
        assertThat(imported.json().get("updated").asInt()).as(imported.body()).isEqualTo(2);
        assertSummaryIsExact("after a re-import changing a start date and a place");

        // what a boundary replacement does to incident: every row updated (provinces recomputed), none moved
        assertThat(jdbc.update("UPDATE incident SET province_computed = province_computed")).isGreaterThan(2000);
        assertSummaryIsExact("after updating every incident without moving one");

        long survivor = create("grid-dup-s", "raid", "Grid duplicate raid", "2022-03-05", null, point(104.93, 11.56),
                false);
        long merged = create("grid-dup-m", "raid", "Grid duplicate raid again", "2022-03-06", null,
                point(104.94, 11.57), false);
        Api.Response merge = api.send("POST", "/api/duplicates/merge",
                "{\"survivor\":%d,\"merged\":%d,\"versions\":{\"survivor\":1,\"merged\":1}}".formatted(survivor, merged));
        assertThat(merge.status()).as(merge.body()).isEqualTo(200);
        assertSummaryIsExact("after a duplicate merge");
        Api.Response undone = api.send("POST", "/api/merges/" + merge.json().get("merge").asLong() + "/undo", null);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertSummaryIsExact("after undoing the merge");

        assertThat(synthetic.remove()).isEqualTo(2000);
        assertSummaryIsExact("after removing the synthetic incidents");
        jdbc.update("DELETE FROM incident WHERE external_id LIKE 'grid-%'");
        assertSummaryIsExact("after deleting the rest");
    }

    /** The check can fail: one row off by one is found, by the table check and by an answer. */
    @Test
    void aWrongSummaryRowIsFound() {
        create("grid-wrong", "raid", "Grid wrong row", "1933-03-04", "1933-03-20", point(104.9012, 11.5634), false);
        try {
            assertThat(tableDifferences()).isZero();
            Case c = CASES.get(CASES.size() - 1);
            assertThat(clusters.fromSummary(c.filter(), ClusterGrid.ofZoom(c.zoom())))
                    .isEqualTo(clusters.fromIncidents(c.filter(), ClusterGrid.ofZoom(c.zoom())));
            // the month pairs (what tiles read): a row off by one is found by the table check
            jdbc.update("UPDATE incident_grid_row SET n = n + 1 WHERE level = 11 AND start_month = DATE '1933-03-01'");
            assertThat(tableDifferences()).isEqualTo(2);  // the row as kept, and as it should be
            jdbc.execute("SELECT incident_grid_rebuild()");
            assertThat(edgeDifferences()).isZero();
            // the clusters read the edges: a start month's edge off by one is found by the check and in the answer
            jdbc.update("UPDATE incident_grid_edge_row SET n = n + 1 WHERE level = 11 AND edge = 's'"
                    + " AND month = DATE '1933-03-01'");
            assertThat(edgeDifferences()).isEqualTo(2);
            assertThat(clusters.fromSummary(c.filter(), ClusterGrid.ofZoom(c.zoom())))
                    .isNotEqualTo(clusters.fromIncidents(c.filter(), ClusterGrid.ofZoom(c.zoom())));
            // and at a fine level (V92): an end edge of zoom 14 off by one
            jdbc.execute("SELECT incident_grid_rebuild()");
            assertThat(edgeDifferences()).isZero();
            IncidentFilter after = new IncidentFilter(new Bbox(104.9, 11.56, 104.91, 11.57), LocalDate.parse("1933-04-01"),
                    null, List.of(), null, List.of(), List.of());
            assertThat(clusters.fromSummary(after, ClusterGrid.ofZoom(14)))
                    .isEqualTo(clusters.fromIncidents(after, ClusterGrid.ofZoom(14)));
            assertThat(jdbc.update("UPDATE incident_grid_edge_row SET n = n + 1 WHERE level = 14 AND edge = 'e'"
                    + " AND month = DATE '1933-03-01'")).isEqualTo(1);
            assertThat(edgeDifferences()).isEqualTo(2);
            assertThat(clusters.fromSummary(after, ClusterGrid.ofZoom(14)))
                    .isNotEqualTo(clusters.fromIncidents(after, ClusterGrid.ofZoom(14)));
        } finally {
            jdbc.execute("SELECT incident_grid_rebuild()");
            jdbc.update("DELETE FROM incident WHERE external_id = 'grid-wrong'");
        }
        assertThat(tableDifferences()).isZero();
        assertThat(edgeDifferences()).isZero();
    }

    /**
     * A sensitive incident of a listed category is counted for analysts at its true point only ('x'); the viewers'
     * row at its generalised location ('v') never reaches them, and viewers get no grant on the summary.
     */
    @Test
    void analystsNeverCountViewersRowsAndViewersCannotReadTheSummary() {
        long id = create("grid-canary", "raid", "Grid canary", "1933-03-04", null, point(104.9012, 11.5634), true);
        try {
            IncidentFilter month = new IncidentFilter(null, LocalDate.parse("1933-03-01"), LocalDate.parse("1933-03-31"),
                    List.of(), null, List.of(), List.of());
            assertThat(jdbc.queryForObject("SELECT string_agg(DISTINCT audience, '') FROM incident_grid_row"
                    + " WHERE start_month = DATE '1933-03-01'", String.class)).isEqualTo("vx");
            for (int zoom = 3; zoom <= ClusterGrid.FINEST_SUMMARY; zoom++) {
                JsonNode answer = JSON.readTree(clusters.fromSummary(month, ClusterGrid.ofZoom(zoom)));
                assertThat(answer.get("count").asLong()).as("zoom " + zoom).isEqualTo(1);
                JsonNode cell = answer.get("cells").get(0);
                assertThat(cell.get("lon").asDouble()).as("zoom " + zoom).isEqualTo(104.9012);
                assertThat(cell.get("lat").asDouble()).as("zoom " + zoom).isEqualTo(11.5634);
            }
            // its generalised location (104.875, 11.625) is in another cell at zooms 12..15: nothing there for analysts
            IncidentFilter there = new IncidentFilter(new Bbox(104.874, 11.624, 104.876, 11.626),
                    month.from(), month.to(), List.of(), null, List.of(), List.of());
            for (int zoom = 12; zoom <= ClusterGrid.FINEST_SUMMARY; zoom++) {
                assertThat(JSON.readTree(clusters.fromSummary(there, ClusterGrid.ofZoom(zoom))).get("count").asLong())
                        .as("zoom " + zoom).isZero();
            }
        } finally {
            api.send("DELETE", "/api/incidents/" + id, null, "If-Match", "W/\"1\"");
        }
        for (String relation : List.of("public.incident_grid_row", "public.incident_grid")) {
            assertThat(jdbc.queryForObject("SELECT has_table_privilege('mapper_generalised', ?, 'SELECT')",
                    Boolean.class, relation)).as(relation).isFalse();
        }
    }

    /** The table equals a fresh summary, and every case's answer from it equals the answer from the incidents. */
    void assertSummaryIsExact(String when) {
        assertThat(tableDifferences()).as("rows of incident_grid_row that differ from a fresh summary " + when).isZero();
        assertThat(edgeDifferences()).as("rows of incident_grid_edge_row that differ from fresh edges " + when).isZero();
        List<String> nonEmpty = new ArrayList<>();
        for (Case c : CASES) {
            ClusterGrid grid = ClusterGrid.ofZoom(c.zoom());
            assertThat(grid.summarises(c.filter())).as(c.query()).isTrue();
            String fromIncidents = clusters.fromIncidents(c.filter(), grid);
            assertThat(clusters.fromSummary(c.filter(), grid)).as(c.query() + " " + when).isEqualTo(fromIncidents);
            // what the endpoint answers an analyst (read from the summary) is the same
            Api.Response http = api.get("/api/incidents/clusters?" + c.query());
            assertThat(http.status()).as(http.body()).isEqualTo(200);
            assertThat(http.json()).as("HTTP " + c.query() + " " + when).isEqualTo(JSON.readTree(fromIncidents));
            if (JSON.readTree(fromIncidents).get("count").asLong() > 0) {
                nonEmpty.add(c.query());
            }
        }
        if (when.startsWith("after generating")) {
            assertThat(nonEmpty).as("cases that count something").hasSizeGreaterThan(CASES.size() / 2);
        }
    }

    /**
     * Rows of the summary that differ from one computed afresh from incident, level by level with floor(lon /
     * cell) (not by rolling up, as the triggers do), in both directions.
     */
    long tableDifferences() {
        return jdbc.queryForObject("""
                WITH point AS (
                    SELECT i.category, i.sensitive OR c.sensitive AS hidden, i.sensitive AND NOT c.sensitive AS viewed,
                           CASE WHEN GeometryType(i.geom) = 'POINT' THEN i.geom ELSE ST_PointOnSurface(i.geom) END AS p,
                           generalised_location(i.geom) AS g,
                           CAST(date_trunc('month', i.start_date) AS date) AS start_month,
                           coalesce(CAST(date_trunc('month', i.end_date) AS date), DATE 'infinity') AS end_month
                    FROM incident i JOIN category c ON c.key = i.category
                ), audience AS (
                    SELECT CASE WHEN hidden THEN 'x' ELSE 'a' END AS audience, ST_X(p) AS x, ST_Y(p) AS y, category,
                           start_month, end_month FROM point
                    UNION ALL
                    SELECT 'v', ST_X(g), ST_Y(g), category, start_month, end_month FROM point WHERE viewed
                ), fresh AS (
                    SELECT l.level, a.audience,
                           CAST(floor(a.x / (CAST(90 AS double precision) / 2 ^ l.level)) AS integer) AS cx,
                           CAST(floor(a.y / (CAST(90 AS double precision) / 2 ^ l.level)) AS integer) AS cy,
                           a.category, a.start_month, a.end_month, count(*) AS n,
                           sum(CAST(round(a.x * 1e7) AS bigint)) AS sum_lon7, sum(CAST(round(a.y * 1e7) AS bigint)) AS sum_lat7
                    FROM audience a CROSS JOIN generate_series(3, 12) AS l(level)
                    GROUP BY 1, 2, 3, 4, 5, 6, 7
                ), kept AS (
                    SELECT level, CAST(audience AS text), cx, cy, category, start_month, end_month, n, sum_lon7, sum_lat7
                    FROM incident_grid_row
                )
                SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) a)
                     + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) b)""", Long.class);
    }

    /**
     * Rows of the month edges (V90, levels 3..15 since V92) that differ from edges computed afresh from incident: per
     * level, audience, cell and category, the incidents starting (edge s) and ending (edge e, not while running) in
     * each month (in_year the month's year) and in each year (in_year -infinity), in both directions.
     */
    long edgeDifferences() {
        return jdbc.queryForObject("""
                WITH point AS (
                    SELECT i.category, i.sensitive OR c.sensitive AS hidden, i.sensitive AND NOT c.sensitive AS viewed,
                           CASE WHEN GeometryType(i.geom) = 'POINT' THEN i.geom ELSE ST_PointOnSurface(i.geom) END AS p,
                           generalised_location(i.geom) AS g, i.start_date, i.end_date
                    FROM incident i JOIN category c ON c.key = i.category
                ), audience AS (
                    SELECT CASE WHEN hidden THEN 'x' ELSE 'a' END AS audience, ST_X(p) AS x, ST_Y(p) AS y, category,
                           start_date, end_date FROM point
                    UNION ALL
                    SELECT 'v', ST_X(g), ST_Y(g), category, start_date, end_date FROM point WHERE viewed
                ), edge AS (
                    SELECT a.audience, a.x, a.y, a.category, e.edge, e.day
                    FROM audience a
                    CROSS JOIN LATERAL (VALUES ('s', a.start_date), ('e', a.end_date)) AS e(edge, day)
                    WHERE e.day IS NOT NULL
                ), fresh AS (
                    SELECT l.level, e.edge, s.in_year,
                           CAST(floor(e.x / (CAST(90 AS double precision) / 2 ^ l.level)) AS integer) AS cx,
                           CAST(floor(e.y / (CAST(90 AS double precision) / 2 ^ l.level)) AS integer) AS cy,
                           e.category, s.month, e.audience, count(*) AS n,
                           sum(CAST(round(e.x * 1e7) AS bigint)) AS sum_lon7, sum(CAST(round(e.y * 1e7) AS bigint)) AS sum_lat7
                    FROM edge e
                    CROSS JOIN generate_series(3, 15) AS l(level)
                    CROSS JOIN LATERAL (VALUES (DATE '-infinity', CAST(date_trunc('year', e.day) AS date)),
                                               (CAST(date_trunc('year', e.day) AS date),
                                                CAST(date_trunc('month', e.day) AS date))) AS s(in_year, month)
                    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
                ), kept AS (
                    SELECT level, CAST(edge AS text), in_year, cx, cy, category, month, CAST(audience AS text), n,
                           sum_lon7, sum_lat7
                    FROM incident_grid_edge_row
                )
                SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) a)
                     + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) b)""", Long.class);
    }

    static String point(double lon, double lat) {
        return "{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}";
    }

    long create(String externalId, String category, String title, String start, String end, String geometry,
            boolean sensitive) {
        Api.Response r = api.send("POST", "/api/incidents", feature(externalId, category, title, start, end, geometry,
                sensitive, null));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    void edit(long id, int version, String category, String start, String end, String geometry, boolean sensitive) {
        Api.Response r = api.send("PUT", "/api/incidents/" + id, feature(null, category, "Grid test " + category, start,
                end, geometry, sensitive, version));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static String feature(String externalId, String category, String title, String start, String end,
            String geometry, boolean sensitive, Integer version) {
        return """
                {"type":"Feature","geometry":%s,
                 "properties":{%s"category":"%s","title":"%s","startDate":"%s",%s"locationPrecision":"town",
                   "country":"KHM","sensitive":%s,%s"sources":[{"outlet":"Test","url":"https://example.org/grid"}]}}"""
                .formatted(geometry, externalId == null ? "" : "\"externalId\":\"" + externalId + "\",", category,
                        title, start, end == null ? "" : "\"endDate\":\"" + end + "\",", sensitive,
                        version == null ? "" : "\"version\":" + version + ",");
    }
}
