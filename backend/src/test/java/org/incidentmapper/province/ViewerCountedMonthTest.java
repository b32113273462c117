package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.synthetic.SyntheticIncidents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/**
 * A viewer's province aggregates and category counts for month-aligned filters come from generalised.counted_month
 * and generalised.counted_edge (V86: incident_month_count and incident_month_edge grouped by public province) and
 * equal what generalised.counted_incident gives, after writes (create, edits that move a sensitive incident across a
 * public province boundary, toggle its sensitivity and change its category, delete, import) and a boundary
 * replacement, with windows that start or end inside a quarter or year, open ones and none:
 * <ul>
 * <li>/api/provinces, /timeline and /spread: the same request with a bbox covering the world takes the per-incident
 * path over counted_incident, so each pair compares the two. That twin can only count disclosure cells that have a
 * point (a province with a boundary), so before comparing, the sensitive-category incidents of cells without one
 * are deleted (a write too);</li>
 * <li>/api/categories: against counted_incident counted by the query the endpoint ran before V85, as the viewer's
 * role, before those deletions (so cells without a point are in it).</li>
 * </ul>
 * And no sensitive category reaches a viewer in a province with a count of 1..10.
 */
@WriteIntegrationTest
class ViewerCountedMonthTest {

    static final String WORLD = "&bbox=-180,-90,180,90";
    static final List<String> QUERIES = List.of("", "category=hospital_admission,compound&from=2019-01&to=2023-12",
            "country=KHM&province=KH-12,KH-18&to=2022-06", "category=hospital_admission", "from=2021-06&to=2021-06",
            "category=raid,hospital_admission&from=2020-11&to=2021-02", "from=2021-05",
            // outside the data on either side, and (before the edits move it) the withheld Phnom Penh cell's month alone
            "from=2005-01&to=2006-12", "category=raid,hospital_admission&from=2032-01&to=2032-03",
            "category=hospital_admission&from=2021-08&to=2021-08");
    /** Windows that start inside a quarter or year (incidents ended before it cancel out), open ones and none. */
    static final List<String> TIMELINES = List.of("interval=year", "from=2019-05&to=2023-10&interval=quarter",
            "category=hospital_admission,raid&from=2020-01&to=2022-12&interval=month", "to=2020-02&interval=quarter",
            "category=raid,hospital_admission&from=2021-05&interval=year", "from=2001-03&to=2001-05&interval=month",
            "category=hospital_admission&from=2021-06&to=2021-09&interval=month");

    /** The viewers' category counts as the endpoint computed them from counted_incident before V85. */
    static final String CATEGORIES_FROM_COUNTED_INCIDENT = """
            SELECT string_agg(key || ' ' || coalesce(CAST(count AS text), 'null') || ' ' || coalesce(CAST(first_date AS text), 'null')
                              || ' ' || coalesce(CAST(last_date AS text), 'null') || ' ' || withheld, '; ' ORDER BY key)
            FROM (SELECT key,
                         CASE WHEN n = 0 AND some_withheld THEN NULL ELSE visible_count(n, sensitive) END AS count,
                         CASE WHEN n > 0 AND visible_count(n, sensitive) IS NOT NULL THEN first_date END AS first_date,
                         CASE WHEN n > 0 AND visible_count(n, sensitive) IS NOT NULL THEN last_date END AS last_date,
                         some_withheld OR visible_count(n, sensitive) IS NULL AS withheld
                  FROM (SELECT c.key, c.sensitive,
                               count(i.category) FILTER (WHERE NOT i.withheld) AS n,
                               coalesce(bool_or(i.withheld), false) AS some_withheld,
                               min(i.start_date) FILTER (WHERE NOT i.withheld) AS first_date,
                               max(coalesce(i.end_date, i.start_date)) FILTER (WHERE NOT i.withheld) AS last_date
                        FROM category c LEFT JOIN counted_incident i ON i.category = c.key
                        GROUP BY c.key) counted) shown""";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    SyntheticIncidents synthetic;
    @Value("${mapper.security.min-count}")
    int minCount;

    /** The compounds this test makes sensitive and moves, as they were, so the next class finds them unchanged. */
    private List<Map<String, Object>> compoundsBefore = List.of();

    /**
     * The write cluster is shared by every write class (WriteIntegrationTest): take this test's synthetic incidents
     * and admissions away and put the compounds back (a later class counting Phnom Penh's one fixture admission found 18).
     */
    @AfterEach
    void restore() {
        synthetic.remove();
        jdbc.update("DELETE FROM incident WHERE external_id LIKE 'viewer-months-%' OR title LIKE 'Viewer months API%'");
        for (Map<String, Object> row : compoundsBefore) {
            jdbc.update("UPDATE incident SET sensitive = ?, geom = ST_GeomFromEWKB(?) WHERE id = ?",
                    row.get("sensitive"), row.get("geom"), row.get("id"));
        }
    }

    @Test
    void viewersMonthCountsEqualCountedIncidentAfterWritesAndBoundaryReplacement(
            @Autowired BoundaryImporter importer) {
        synthetic.generate(3000, n -> { });
        // a cell of k + 3 incidents (shown) and one of 3 (withheld) in Phnom Penh, both kept after the edits below
        jdbc.update("""
                INSERT INTO incident (external_id, category, title, start_date, date_precision, geom,
                    location_precision, country, status, sensitive)
                SELECT 'viewer-months-' || CASE WHEN g <= ? THEN 'shown-' ELSE 'withheld-' END || g,
                       'hospital_admission', 'Viewer months ' || g,
                       CASE WHEN g <= ? THEN DATE '2021-06-03' ELSE DATE '2021-08-05' END + g % 20,
                       'day', ST_SetSRID(ST_MakePoint(104.92, 11.56), 4326), 'town', 'KHM', 'reported', true
                FROM generate_series(1, ? + 6) g""", minCount + 3, minCount + 3, minCount);
        assertSame("after generating and inserting");

        jdbc.update("UPDATE incident SET start_date = start_date - 60 WHERE external_id LIKE 'viewer-months-withheld-%'");
        compoundsBefore = jdbc.queryForList("SELECT id, sensitive, ST_AsEWKB(geom) AS geom FROM incident "
                + "WHERE category = 'compound' ORDER BY id LIMIT 5");
        jdbc.update("UPDATE incident SET sensitive = true, geom = ST_SetSRID(ST_MakePoint(104.9571, 11.7037), 4326) "
                + "WHERE id IN (SELECT id FROM incident WHERE category = 'compound' ORDER BY id LIMIT 5)");
        assertSame("after moving some to another month and making compounds sensitive");

        writeThroughTheApi();

        importer.importFile(Path.of("../data/boundaries/admin1.geojson"),
                BoundaryImport.naturalEarth("Natural Earth 4.1 admin-1 (admin1.geojson)"));
        assertSame("after replacing the boundaries");

        assertThat(synthetic.remove()).isPositive();  // fewer than generated: some were deleted as cells without a point
        assertSame("after removing the synthetic incidents");
    }

    /**
     * A sensitive raid (a listed category) whose public province is not its true one, through the API: created,
     * moved across a public province boundary, made not sensitive, moved to a sensitive category, deleted; then a
     * CSV import of a sensitive raid and an admission.
     */
    void writeThroughTheApi() {
        // two points whose 0.25° cell centre lies in another province than the point itself
        List<double[]> crossing = jdbc.query("""
                SELECT x, y FROM (
                    SELECT round(x, 2) AS x, round(y, 2) AS y,
                           boundary_code_covering(ST_SetSRID(ST_MakePoint(x, y), 4326)) AS truly,
                           boundary_code_covering(generalised_location(ST_SetSRID(ST_MakePoint(x, y), 4326))) AS shown
                    FROM generate_series(104.02, 105.5, 0.04) x, generate_series(10.52, 12.5, 0.04) y) p
                WHERE truly IS NOT NULL AND shown IS NOT NULL AND truly <> shown
                ORDER BY truly, x, y""", (row, n) -> new double[] {row.getDouble(1), row.getDouble(2)});
        double[] a = crossing.get(0);
        double[] b = crossing.stream().filter(p -> !province(p)[1].equals(province(a)[1])).findFirst().orElseThrow();
        Api analyst = new Api(port);
        Api.Response created = analyst.send("POST", "/api/incidents", raid(a, "raid", true, "2021-01-10", null));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(jdbc.queryForObject("SELECT province_public <> province FROM incident WHERE id = ?", Boolean.class, id))
                .as("the raid's public province is not its true one").isTrue();
        assertSame("after creating a sensitive raid whose public province is not its true one");

        put(analyst, id, raid(b, "raid", true, "2019-02-14", 1));
        assertThat(jdbc.queryForObject("SELECT province_public FROM incident WHERE id = ?", String.class, id))
                .as("moved across a public province boundary").isEqualTo(province(b)[1]).isNotEqualTo(province(a)[1]);
        assertSame("after moving the sensitive raid to another public province and month");

        put(analyst, id, raid(b, "raid", false, "2019-02-14", 2));
        assertSame("after making the raid not sensitive");
        put(analyst, id, raid(b, "hospital_admission", true, "2021-01-10", 3));
        assertSame("after moving the incident to a sensitive category");
        Api.Response deleted = analyst.send("DELETE", "/api/incidents/" + id, null, "If-Match", "W/\"4\"");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertSame("after deleting it");

        String csv = """
                external_id,category,title,start_date,end_date,lon,lat,location_precision,country,sensitive
                viewer-months-csv-1,raid,Viewer months import raid,2020-12-03,2021-03-09,%s,%s,town,KHM,true
                viewer-months-csv-2,hospital_admission,Viewer months import admission,2021-06-09,,104.92,11.56,town,KHM,true
                """.formatted(b[0], b[1]);
        Api.Response imported = analyst.upload("/api/imports", "viewer-months.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertSame("after importing a sensitive raid and an admission");
    }

    /** The true and the public province of a point (the latter from its 0.25° cell). */
    String[] province(double[] p) {
        return jdbc.queryForObject("""
                SELECT boundary_code_covering(g), boundary_code_covering(generalised_location(g))
                FROM (SELECT ST_SetSRID(ST_MakePoint(?, ?), 4326) AS g) p""",
                (row, n) -> new String[] {row.getString(1), row.getString(2)}, p[0], p[1]);
    }

    static String raid(double[] at, String category, boolean sensitive, String start, Integer version) {
        return """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
                 "properties": {"category": "%s", "title": "Viewer months API raid", "startDate": "%s",
                                "locationPrecision": "exact", "country": "KHM", "sensitive": %s%s,
                                "sources": [{"outlet": "Test", "url": "https://example.org/viewer-months"}]}}"""
                .formatted(at[0], at[1], category, start, sensitive, version == null ? "" : ", \"version\": " + version);
    }

    static void put(Api api, long id, String body) {
        Api.Response r = api.send("PUT", "/api/incidents/" + id, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    void assertSame(String when) {
        Api viewer = new Api(port, "viewer");
        StringBuilder categories = new StringBuilder();
        for (JsonNode c : json(viewer, "/api/categories").values()) {
            categories.append(categories.isEmpty() ? "" : "; ").append(c.get("key").asString()).append(' ')
                    .append(c.get("count").isNull() ? "null" : c.get("count").asString()).append(' ')
                    .append(c.get("firstDate").isNull() ? "null" : c.get("firstDate").asString()).append(' ')
                    .append(c.get("lastDate").isNull() ? "null" : c.get("lastDate").asString()).append(' ')
                    .append(c.get("withheld").asBoolean());
        }
        List<String> sorted = List.of(categories.toString().split("; ")).stream().sorted().toList();
        assertThat(String.join("; ", sorted)).as("viewer's /api/categories " + when)
                .isEqualTo(asViewer(CATEGORIES_FROM_COUNTED_INCIDENT));

        Long withheld = jdbc.queryForObject(
                "SELECT count(*) FROM sensitive_cell_count WHERE n < ? AND province <> ''", Long.class, minCount);
        Long shown = jdbc.queryForObject(
                "SELECT count(*) FROM sensitive_cell_count WHERE n >= ? AND province <> ''", Long.class, minCount);
        assertThat(withheld).as("cells under the threshold to withhold " + when).isPositive();
        assertThat(shown).as("cells at or over it to show " + when).isPositive();

        // the per-incident twin (bbox) cannot count cells without a point: take those out, then compare
        jdbc.update("""
                DELETE FROM incident i USING category c
                WHERE c.key = i.category AND c.sensitive
                  AND NOT EXISTS (SELECT 1 FROM province_point p WHERE p.code = i.province_public)""");
        for (String query : QUERIES) {
            String q = query.isEmpty() ? "geometry=false" : query + "&geometry=false";
            JsonNode provinces = json(viewer, "/api/provinces?" + q);
            assertThat(provinces).as("/api/provinces?" + q + " " + when)
                    .isEqualTo(json(viewer, "/api/provinces?" + q + WORLD));
            for (JsonNode f : provinces.get("features").values()) {
                JsonNode n = f.get("properties").get("categories").get("hospital_admission");
                assertThat(n == null || n.asLong() >= minCount).as(f.get("id") + " " + n + " " + when).isTrue();
            }
            String t = query.isEmpty() ? "interval=quarter" : query + "&interval=month";
            assertThat(json(viewer, "/api/provinces/timeline?" + t)).as("timeline?" + t + " " + when)
                    .isEqualTo(json(viewer, "/api/provinces/timeline?" + t + WORLD));
            assertThat(json(viewer, "/api/provinces/spread?" + query)).as("spread?" + query + " " + when)
                    .isEqualTo(json(viewer, "/api/provinces/spread?" + query + WORLD));
        }
        for (String t : TIMELINES) {
            assertThat(json(viewer, "/api/provinces/timeline?" + t)).as("timeline?" + t + " " + when)
                    .isEqualTo(json(viewer, "/api/provinces/timeline?" + t + WORLD));
        }
    }

    /**
     * generalised.counted_window (V89) runs as its owner: the viewer role may call it but still reads no table, and
     * without mapper.min_count it withholds as visible_count does for that role (threshold 11), not as for the owner.
     */
    @Test
    void theWindowFunctionWithholdsByDefaultAndOpensNoTable() {
        Integer passedUnderDefault = new TransactionTemplate(transactions).execute(status -> {
            jdbc.execute("SET LOCAL ROLE mapper_generalised");
            return jdbc.queryForObject("""
                    SELECT count(*) FROM generalised.counted_window(NULL, NULL) w JOIN category c ON c.key = w.category
                    WHERE c.sensitive AND NOT w.withheld AND w.n < 11""", Integer.class);
        });
        Integer withheldUnderDefault = new TransactionTemplate(transactions).execute(status -> {
            jdbc.execute("SET LOCAL ROLE mapper_generalised");
            return jdbc.queryForObject("SELECT count(*) FROM generalised.counted_window(NULL, NULL) WHERE withheld",
                    Integer.class);
        });
        Integer smallCells = jdbc.queryForObject("SELECT count(*) FROM sensitive_cell_count WHERE n > 0 AND n < 11",
                Integer.class);
        assertThat(smallCells).as("fixture: sensitive cells under the default threshold").isPositive();
        assertThat(withheldUnderDefault).isPositive();
        assertThat(passedUnderDefault).isZero();
        // the same for V96's overload with key filters, and its timeline edges count exactly the cells of 11 or more
        Integer passedByFiltered = new TransactionTemplate(transactions).execute(status -> {
            jdbc.execute("SET LOCAL ROLE mapper_generalised");
            return jdbc.queryForObject("""
                    SELECT count(*) FROM generalised.counted_window(NULL, NULL, NULL, NULL, NULL) w
                    JOIN category c ON c.key = w.category WHERE c.sensitive AND NOT w.withheld AND w.n < 11""",
                    Integer.class);
        });
        Integer withheldByFiltered = new TransactionTemplate(transactions).execute(status -> {
            jdbc.execute("SET LOCAL ROLE mapper_generalised");
            return jdbc.queryForObject("""
                    SELECT count(*) FROM generalised.counted_window(NULL, NULL, ARRAY['hospital_admission'], NULL, NULL)
                    WHERE withheld""", Integer.class);
        });
        assertThat(passedByFiltered).isZero();
        assertThat(withheldByFiltered).isPositive();
        Long timelineStarts = new TransactionTemplate(transactions).execute(status -> {
            jdbc.execute("SET LOCAL ROLE mapper_generalised");
            return jdbc.queryForObject("""
                    SELECT coalesce(sum(starts), 0) FROM generalised.counted_timeline_edge(
                        DATE '0001-01-01', NULL, ARRAY['hospital_admission'], NULL, NULL)""", Long.class);
        });
        assertThat(timelineStarts).as("admissions a viewer's timeline starts without mapper.min_count")
                .isEqualTo(jdbc.queryForObject("""
                        SELECT coalesce(sum(n), 0) FROM sensitive_cell_count
                        WHERE category = 'hospital_admission' AND n >= 11""", Long.class));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TransactionTemplate(transactions).execute(s -> {
            jdbc.execute("SET LOCAL ROLE mapper_generalised");
            return jdbc.queryForObject("SELECT count(*) FROM public.incident_month_count", Integer.class);
        })).rootCause().hasMessageContaining("permission denied");
    }

    /** {@code sql} as a viewer's connection runs it: the generalised role, search path and threshold. */
    String asViewer(String sql) {
        return new TransactionTemplate(transactions).execute(status -> {
            jdbc.execute("SET LOCAL ROLE mapper_generalised");
            jdbc.execute("SET LOCAL search_path = generalised, public");
            jdbc.execute("SET LOCAL mapper.min_count = " + minCount);
            return jdbc.queryForObject(sql, String.class);
        });
    }

    static JsonNode json(Api api, String pathAndQuery) {
        Api.Response r = api.get(pathAndQuery);
        assertThat(r.status()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
        return r.json();
    }
}
