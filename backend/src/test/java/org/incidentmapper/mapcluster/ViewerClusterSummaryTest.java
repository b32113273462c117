package org.incidentmapper.mapcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.synthetic.SyntheticIncidents;
import org.incidentmapper.web.Bbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import tools.jackson.databind.JsonNode;

/**
 * Viewers' clusters from the grid summary (generalised.incident_grid, V77) answer exactly what viewers' clusters
 * counted from the incidents (generalised.counted_incident) answer, character for character, after every kind of
 * write (create, edit moving an admission to another province and month, delete, import and re-import, boundary
 * replacement, synthetic generate and remove); the kept disclosure cells (sensitive_cell_count) and province points
 * stay equal to a fresh count, and the viewers' counted_incident equals V15's per-request definition. Viewers cannot
 * read the tables the views are built from.
 *
 * <p>The data holds hospital admissions (a sensitive category) in cells of 14 (Phnom Penh, half of them sensitive
 * incidents), 5 (Sihanoukville), 11 (at sea: no province, so no point) and 6 + 6 (Poipet, March and April), and a
 * sensitive raid (a listed category, generalised).
 */
@WriteIntegrationTest
class ViewerClusterSummaryTest {

    static final int K = 11;
    static final Bbox PHNOM_PENH = new Bbox(104.6, 11.4, 105.2, 11.75);
    static final Bbox CAMBODIA = new Bbox(99.5, 8.5, 110.5, 16.5);
    static final List<ClusterSummaryExactnessTest.Case> CASES = new ArrayList<>(ClusterSummaryExactnessTest.CASES);

    static {
        CASES.addAll(List.of(
                new ClusterSummaryExactnessTest.Case(10, PHNOM_PENH, "2022-03-01", "2022-03-31", List.of()),
                new ClusterSummaryExactnessTest.Case(7, CAMBODIA, "2022-03-01", "2022-04-30",
                        List.of("hospital_admission")),
                new ClusterSummaryExactnessTest.Case(5, CAMBODIA, "2022-01-01", "2022-12-31",
                        List.of("hospital_admission", "raid")),
                new ClusterSummaryExactnessTest.Case(4, null, "2022-03-01", "2022-03-31", List.of()),
                new ClusterSummaryExactnessTest.Case(12, new Bbox(104.8, 11.5, 105.0, 11.7), null, null, List.of()),
                new ClusterSummaryExactnessTest.Case(8, CAMBODIA, "2022-04-01", "2022-04-30", List.of()),
                // zooms 13..15 (V92): the admissions of Phnom Penh, the sensitive raid and its generalised cell
                new ClusterSummaryExactnessTest.Case(13, PHNOM_PENH, "2022-03-01", "2022-03-31", List.of()),
                new ClusterSummaryExactnessTest.Case(14, new Bbox(104.85, 11.52, 104.97, 11.65), "2022-01-01",
                        "2022-12-31", List.of("hospital_admission", "raid")),
                new ClusterSummaryExactnessTest.Case(15, new Bbox(104.86, 11.54, 104.94, 11.64), null, null, List.of()),
                new ClusterSummaryExactnessTest.Case(15, new Bbox(102.5, 13.6, 102.6, 13.7), "2022-03-01", "2022-04-30",
                        List.of())));
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticIncidents synthetic;
    @Autowired
    ClusterRepository clusters;
    @Autowired
    PlatformTransactionManager transactions;
    Api analyst;
    Api viewer;

    @BeforeEach
    void data() {
        analyst = new Api(port);
        viewer = new Api(port, "viewer");
        admissions("vc-pp", 14, 104.92, 11.56, "2022-03-10");
        admissions("vc-sv", 5, 103.53, 10.63, "2022-03-12");
        admissions("vc-sea", 11, 103.0, 9.5, "2022-03-14");
        admissions("vc-pm", 6, 102.56, 13.66, "2022-03-20");
        admissions("vc-pa", 6, 102.57, 13.65, "2022-04-02");
        jdbc.update("""
                INSERT INTO incident (external_id, category, title, start_date, date_precision, geom,
                    location_precision, country, status, sensitive)
                VALUES ('vc-raid', 'raid', 'Sensitive raid', '2022-03-05', 'day',
                    ST_SetSRID(ST_MakePoint(104.9012, 11.5634), 4326), 'exact', 'KHM', 'verified', true)""");
    }

    @AfterEach
    void remove() {
        jdbc.update("DELETE FROM incident WHERE external_id LIKE 'vc-%'");
    }

    void admissions(String prefix, int n, double lon, double lat, String day) {
        for (int i = 0; i < n; i++) {
            jdbc.update("""
                    INSERT INTO incident (external_id, category, title, start_date, end_date, date_precision, geom,
                        location_precision, country, status, sensitive)
                    VALUES (?, 'hospital_admission', 'Admission', CAST(? AS date), CAST(? AS date), 'day',
                        ST_SetSRID(ST_MakePoint(?, ?), 4326), 'exact', 'KHM', 'reported', ?)""",
                    prefix + "-" + i, day, day, lon + i * 0.001, lat + i * 0.001, prefix.equals("vc-pp") && i % 2 == 0);
        }
    }

    @Test
    void viewersSummaryAnswersAsTheirIncidentsAfterEveryWrite() {
        assertViewerPathsAgree("at start");
        synthetic.generate(1500, n -> { });
        assertViewerPathsAgree("after generating 1500");

        Api.Response created = analyst.send("POST", "/api/incidents", """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.93, 11.57]},
                 "properties": {"category": "hospital_admission", "title": "Viewer grid admission",
                                "startDate": "2022-03-11", "locationPrecision": "exact", "country": "KHM",
                                "sources": [{"outlet": "Test", "url": "https://example.org/viewer-grid"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertViewerPathsAgree("after a create (Phnom Penh's cell 14 -> 15)");

        Api.Response edited = analyst.send("PUT", "/api/incidents/" + id, """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [103.54, 10.62]},
                 "properties": {"category": "hospital_admission", "title": "Viewer grid admission",
                                "startDate": "2022-04-01", "locationPrecision": "exact", "country": "KHM",
                                "version": 1, "sources": [{"outlet": "Test", "url": "https://example.org/viewer-grid"}]}}""");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertViewerPathsAgree("after an edit moving it to another province and month");
        Api.Response deleted = analyst.send("DELETE", "/api/incidents/" + id, null, "If-Match", "W/\"2\"");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertViewerPathsAgree("after a delete");

        String csv = """
                external_id,category,title,start_date,end_date,lon,lat,location_precision,country
                vc-i1,hospital_admission,Viewer import one,2022-03-15,,103.52,10.62,town,KHM
                vc-i2,hospital_admission,Viewer import two,2022-03-16,,103.52,10.62,town,KHM
                vc-i3,raid,Viewer import three,2022-03-16,,104.90,11.55,town,KHM
                """;
        Api.Response imported = analyst.upload("/api/imports", "viewer.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertViewerPathsAgree("after an import");
        imported = analyst.upload("/api/imports", "viewer.csv",
                csv.replace("2022-03-16,,103.52", "2022-05-16,,104.95").getBytes(StandardCharsets.UTF_8));
        assertThat(imported.json().get("updated").asInt()).as(imported.body()).isEqualTo(1);
        assertViewerPathsAgree("after a re-import moving one admission");

        jdbc.execute("CREATE TABLE vc_boundary AS SELECT * FROM boundary");
        try {
            // Phnom Penh gone (its admissions lose their province and point), Sihanoukville's polygon shifted
            replaceBoundaries("CASE WHEN code = 'KH-18' THEN ST_Multi(ST_Translate(geom, 0.02, 0.03)) ELSE geom END",
                    "code <> 'KH-12'");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM incident WHERE external_id LIKE 'vc-pp-%' "
                    + "AND province_public IS NOT NULL", Long.class)).as("Phnom Penh's admissions now without").isZero();
            assertViewerPathsAgree("after replacing the boundaries");
            replaceBoundaries("geom", "true");
            assertViewerPathsAgree("after restoring the boundaries");
        } finally {
            replaceBoundaries("geom", "true");
            jdbc.execute("DROP TABLE vc_boundary");
        }

        assertThat(synthetic.remove()).isEqualTo(1500);
        assertViewerPathsAgree("after removing the synthetic incidents");
    }

    /** What BoundaryImporter does in one transaction: replace every boundary, then rewrite every incident. */
    void replaceBoundaries(String geometry, String which) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.update("DELETE FROM boundary");
            jdbc.update("INSERT INTO boundary (code, name, name_local, country, geom, boundary_set) SELECT code, name, "
                    + "name_local, country, " + geometry + ", 'viewer test' FROM vc_boundary WHERE " + which);
            jdbc.update("UPDATE incident SET geom = geom");
        });
    }

    /** The disclosure cells as kept, and the views built on them, equal a fresh count; both cluster paths agree. */
    void assertViewerPathsAgree(String when) {
        assertThat(keptCellDifferences()).as("sensitive_cell_count rows differing from a fresh count " + when).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM (SELECT code, ST_AsEWKB(ST_PointOnSurface(geom)) FROM boundary
                                      EXCEPT SELECT code, ST_AsEWKB(point) FROM province_point) d""", Long.class)
                + jdbc.queryForObject("SELECT abs((SELECT count(*) FROM boundary) - (SELECT count(*) FROM province_point))",
                        Long.class)).as("province_point differing from the boundaries " + when).isZero();
        assertThat(countedDifferences()).as("generalised.counted_incident vs V15's definition " + when).isZero();
        int counting = 0;
        for (ClusterSummaryExactnessTest.Case c : CASES) {
            ClusterGrid grid = ClusterGrid.ofZoom(c.zoom());
            String fromIncidents = asViewer(() -> clusters.fromIncidents(c.filter(), grid));
            assertThat(asViewer(() -> clusters.fromSummary(c.filter(), grid))).as("viewer " + c.query() + " " + when)
                    .isEqualTo(fromIncidents);
            // the analyst's answer to the same request first: kept answers are never the viewer's
            assertThat(analyst.get("/api/incidents/clusters?" + c.query()).status()).isEqualTo(200);
            Api.Response http = viewer.get("/api/incidents/clusters?" + c.query());
            assertThat(http.status()).as(http.body()).isEqualTo(200);
            assertThat(http.json()).as("viewer HTTP " + c.query() + " " + when)
                    .isEqualTo(ClusterSummaryExactnessTest.JSON.readTree(fromIncidents));
            assertEveryAdmissionCountIsACell(http.json(), c.query() + " " + when);
            if (http.json().get("count").asLong() > 0) {
                counting++;
            }
        }
        assertThat(counting).as("cases where the viewer counts something " + when).isGreaterThan(CASES.size() / 2);
    }

    /** Every count of admissions in a viewer's cluster answer is 0 or at least k, or the category is withheld. */
    static void assertEveryAdmissionCountIsACell(JsonNode answer, String what) {
        List<JsonNode> counts = new ArrayList<>();
        if (answer.get("categories").has("hospital_admission")) {
            counts.add(answer.get("categories").get("hospital_admission"));
        }
        for (JsonNode cell : answer.get("cells").values()) {
            if (cell.get("categories").has("hospital_admission")) {
                counts.add(cell.get("categories").get("hospital_admission"));
            }
        }
        assertThat(counts).as("admission counts of " + what).allMatch(n -> n.asLong() == 0 || n.asLong() >= K);
    }

    long keptCellDifferences() {
        return jdbc.queryForObject("""
                WITH fresh AS (
                    SELECT i.category, i.country, coalesce(i.province_public, '') AS province,
                           CAST(date_trunc('month', i.start_date) AS date) AS month, count(*) AS n
                    FROM incident i JOIN category c ON c.key = i.category WHERE c.sensitive GROUP BY 1, 2, 3, 4
                ), kept AS (SELECT category, country, province, month, n FROM sensitive_cell_count)
                SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) a)
                     + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) b)""", Long.class);
    }

    /** The sensitive categories' rows of generalised.counted_incident against V15's definition (k = 11). */
    long countedDifferences() {
        return new TransactionTemplate(transactions).execute(status -> {
            jdbc.execute("SET LOCAL mapper.min_count = " + K);
            return jdbc.queryForObject("""
                    WITH v15 AS (
                        SELECT c.category, c.month AS start_date, CAST(c.month + interval '1 month' AS date) - 1 AS end_date,
                               ST_AsEWKB((SELECT ST_PointOnSurface(b.geom) FROM boundary b WHERE b.code = c.province)) AS geom,
                               c.province, c.country, visible_count(c.n, true) IS NULL AS withheld
                        FROM (SELECT i.category, i.country, i.province_public AS province,
                                     CAST(date_trunc('month', i.start_date) AS date) AS month, count(*) AS n
                              FROM incident i WHERE NOT category_listed_below_analyst(i.category)
                              GROUP BY 1, 2, 3, 4) c
                        CROSS JOIN generate_series(1, CASE WHEN visible_count(c.n, true) IS NULL THEN 1 ELSE c.n END)
                    ), kept AS (
                        SELECT category, start_date, end_date, ST_AsEWKB(geom), province, country, withheld
                        FROM generalised.counted_incident WHERE id IS NULL
                    )
                    SELECT (SELECT count(*) FROM (SELECT * FROM v15 EXCEPT ALL SELECT * FROM kept) a)
                         + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM v15) b)""", Long.class);
        });
    }

    /** Runs {@code work} with the database connections a viewer's request gets (an anonymous request: generalised). */
    static <T> T asViewer(Supplier<T> work) {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        SecurityContextHolder.clearContext();
        try {
            return work.get();
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    /**
     * Moving one sensitive incident within its disclosure cell (same province and month), or a sensitive raid
     * within its 0.25° cell, changes nothing a viewer gets from clusters, while the analysts' answer moves (the
     * control: the move is visible at full access). Moving an admission to another cell changes the viewer's
     * admission counts only as whole cells: from 14 and 5 to 13 (shown) and 6 (still withheld).
     */
    @Test
    void movingOneSensitiveIncidentChangesViewersAnswersOnlyByWholeCells() {
        IncidentFilter march = new IncidentFilter(CAMBODIA, LocalDate.parse("2022-03-01"),
                LocalDate.parse("2022-03-31"), List.of(), null, List.of(), List.of());
        ClusterGrid z12 = ClusterGrid.ofZoom(12);
        ClusterGrid z7 = ClusterGrid.ofZoom(7);
        String viewerBefore = asViewer(() -> clusters.fromSummary(march, z12));
        String analystBefore = clusters.fromSummary(march, z12);
        jdbc.update("UPDATE incident SET geom = ST_Translate(geom, 0.03, 0.02) WHERE external_id IN ('vc-pp-0', 'vc-raid')");
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT province_public) FROM incident WHERE external_id LIKE 'vc-pp-%'",
                Long.class)).as("the admission stayed in its province").isEqualTo(1);
        assertThat(asViewer(() -> clusters.fromSummary(march, z12))).isEqualTo(viewerBefore);
        assertThat(asViewer(() -> clusters.fromIncidents(march, z12))).isEqualTo(viewerBefore);
        assertThat(clusters.fromSummary(march, z12)).as("control: analysts see the move").isNotEqualTo(analystBefore);

        JsonNode before = ClusterSummaryExactnessTest.JSON.readTree(asViewer(() -> clusters.fromSummary(march, z7)));
        jdbc.update("UPDATE incident SET geom = ST_SetSRID(ST_MakePoint(103.531, 10.631), 4326) "
                + "WHERE external_id = 'vc-pp-1'");
        JsonNode after = ClusterSummaryExactnessTest.JSON.readTree(asViewer(() -> clusters.fromSummary(march, z7)));
        assertThat(admissions(before)).startsWith("14 in 1 cells, withheld in ").doesNotEndWith(" 0");
        assertThat(admissions(after)).isEqualTo(admissions(before).replace("14 in", "13 in"));
        assertEveryAdmissionCountIsACell(after, "after moving an admission");
        assertThat(ClusterSummaryExactnessTest.JSON.readTree(asViewer(() -> clusters.fromIncidents(march, z7))))
                .isEqualTo(after);
    }

    /** "N in C cells, withheld in W": the viewer's admissions shown, the cells showing them, the cells withholding. */
    static String admissions(JsonNode answer) {
        long shown = 0;
        int cells = 0;
        int withheld = 0;
        for (JsonNode cell : answer.get("cells").values()) {
            if (cell.get("categories").has("hospital_admission")) {
                shown += cell.get("categories").get("hospital_admission").asLong();
                cells++;
            }
            for (JsonNode w : cell.get("withheld").values()) {
                withheld += w.asString().equals("hospital_admission") ? 1 : 0;
            }
        }
        return shown + " in " + cells + " cells, withheld in " + withheld;
    }

    /** The tables behind the viewers' views are out of their reach; the view itself is theirs. */
    @Test
    void viewersCannotReadTheSummaryTables() {
        for (String relation : List.of("incident_grid_row", "public.incident_grid", "sensitive_cell_count",
                "province_point", "incident_grid_edge_row", "public.incident_grid_edge",
                "public.incident_grid_disclosed")) {
            assertThatThrownBy(() -> asViewer(() -> jdbc.queryForObject("SELECT count(*) FROM " + relation, Long.class)))
                    .as(relation).rootCause().hasMessageContaining("permission denied");
        }
        assertThat(asViewer(() -> jdbc.queryForObject(
                "SELECT count(*) FROM incident_grid WHERE category = 'hospital_admission' AND withheld", Long.class)))
                .as("the viewer's own view: withheld cells of admissions at 10 levels").isPositive();
        assertThat(asViewer(() -> jdbc.queryForObject("SELECT current_user || ' ' || count(*) FROM incident_grid "
                + "WHERE category = 'hospital_admission' AND n BETWEEN 1 AND " + (K - 1), String.class)))
                .isEqualTo("mapper_generalised 0");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM public.incident_grid "
                + "WHERE category = 'hospital_admission' AND n BETWEEN 1 AND " + (K - 1), Long.class))
                .as("control: analysts' grid holds small cells").isPositive();
    }
}
