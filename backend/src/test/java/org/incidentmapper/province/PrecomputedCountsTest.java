package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.synthetic.SyntheticIncidents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * incident_month_count (V31), incident_month_edge (V71) and incident_window_edge (V93), keyed also on the public province (V86), stay equal to counting the incidents afresh after every kind of write (create, edit,
 * delete, import, boundary replacement, synthetic generate and remove), and the endpoints that read it answer
 * exactly what the per-incident queries answer: the same request with a bbox covering the whole world takes the
 * per-incident path, so each pair compares the two implementations.
 */
@WriteIntegrationTest
class PrecomputedCountsTest {

    static final String WORLD = "&bbox=-180,-90,180,90";
    /**
     * Windowed provinces and spread read incident_window_edge (V93) as years and months: windows inside one year,
     * across a year's end, and open on either side.
     */
    static final List<String> QUERIES = List.of("", "category=raid,compound&from=2019-01&to=2023-12",
            "country=KHM&province=KH-12,KH-18&to=2022-06", "from=2020-03&to=2020-05",
            "category=compound&from=2019-12&to=2020-01", "from=2021-02");
    /**
     * Timelines read incident_month_edge (V71): windows that start inside a quarter or year, so incidents that
     * ended before the window in the same period must cancel out (counts-4 below is one), open windows whose
     * bounds come from the edges, and incidents running since before the window (counts-2).
     */
    static final List<String> TIMELINES = List.of("from=2019-05&to=2023-10&interval=year",
            "category=compound&from=2019-05&interval=quarter", "to=2020-02&interval=quarter",
            "category=compound,rescue&country=KHM&interval=year", "from=2019-05&to=2019-08&interval=month");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticIncidents synthetic;
    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @Test
    void countsFollowCreateEditDeleteImportBoundaryReplacementAndSyntheticData(@Autowired BoundaryImporter importer) {
        assertCountsAreExact("at start");
        synthetic.generate(2000, n -> { });
        assertCountsAreExact("after generating 2000");

        Api.Response created = api.send("POST", "/api/incidents", """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.92, 11.55]},
                 "properties": {"category": "raid", "title": "Counts test raid", "startDate": "2021-03-04",
                                "locationPrecision": "exact", "country": "KHM",
                                "sources": [{"outlet": "Test", "url": "https://example.org/counts-test"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertCountsAreExact("after a create");

        Api.Response edited = api.send("PUT", "/api/incidents/" + id, """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [103.53, 10.61]},
                 "properties": {"category": "compound", "title": "Counts test compound", "startDate": "2019-07-01",
                                "locationPrecision": "exact", "country": "KHM", "version": 1,
                                "sources": [{"outlet": "Test", "url": "https://example.org/counts-test"}]}}""");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertCountsAreExact("after an edit moving it to another province, category and month, now running");

        Api.Response deleted = api.send("DELETE", "/api/incidents/" + id, null, "If-Match", "W/\"2\"");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertCountsAreExact("after a delete");

        String csv = """
                external_id,category,title,start_date,end_date,lon,lat,location_precision,country
                counts-1,rescue,Counts import one,2020-05,,102.56,13.66,town,KHM
                counts-2,compound,Counts import two,2018-01-15,2024-02-01,106.13,11.06,approximate,KHM
                counts-3,hospital_admission,Counts import three,2022-11-30,,98.51,16.69,town,MMR
                counts-4,compound,Counts import four,2019-02-01,2019-03-15,103.53,10.61,town,KHM
                """;
        Api.Response imported = api.upload("/api/imports", "counts.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertCountsAreExact("after an import");
        imported = api.upload("/api/imports", "counts.csv",
                csv.replace("2018-01-15", "2017-12-31").getBytes(StandardCharsets.UTF_8));
        assertThat(imported.json().get("updated").asInt()).as(imported.body()).isEqualTo(1);
        assertCountsAreExact("after a re-import changing one start date");

        importer.importFile(Path.of("../data/boundaries/admin1.geojson"),
                BoundaryImport.naturalEarth("Natural Earth 4.1 admin-1 (admin1.geojson)"));
        assertCountsAreExact("after replacing the boundaries");

        assertThat(synthetic.remove()).isEqualTo(2000);
        jdbc.update("DELETE FROM incident WHERE external_id LIKE 'counts-%'");
        assertCountsAreExact("after removing the synthetic and imported incidents");
    }

    /** The table equals a fresh count, and every summarised endpoint equals its per-incident twin. */
    void assertCountsAreExact(String when) {
        Long differences = jdbc.queryForObject("""
                WITH fresh AS (
                    SELECT coalesce(province, '') AS province, coalesce(province_public, '') AS province_public,
                           country, category, CAST(date_trunc('month', start_date) AS date) AS start_month,
                           coalesce(CAST(date_trunc('month', end_date) AS date), DATE 'infinity') AS end_month,
                           count(*) AS n, min(start_date) AS first_start, max(coalesce(end_date, start_date)) AS last_date
                    FROM incident GROUP BY 1, 2, 3, 4, 5, 6
                ), kept AS (
                    SELECT province, province_public, country, category, start_month, end_month, n, first_start, last_date
                    FROM incident_month_count
                )
                SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) a)
                     + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) b)""", Long.class);
        assertThat(differences).as("rows of incident_month_count that differ from a fresh count " + when).isZero();
        Long edgeDifferences = jdbc.queryForObject("""
                WITH edges AS (
                    SELECT coalesce(province, '') AS province, coalesce(province_public, '') AS province_public, country,
                           category, CAST(date_trunc('month', start_date) AS date) AS month, 1 AS starts,
                           start_date AS first_start, 0 AS ends, CAST(NULL AS date) AS last_date
                    FROM incident
                    UNION ALL
                    SELECT coalesce(province, ''), coalesce(province_public, ''), country, category,
                           coalesce(CAST(date_trunc('month', end_date) AS date), DATE 'infinity'), 0, NULL, 1,
                           coalesce(end_date, start_date)
                    FROM incident
                ), fresh AS (
                    SELECT province, province_public, country, category, month, sum(starts) AS starts,
                           min(first_start) AS first_start, sum(ends) AS ends, max(last_date) AS last_date
                    FROM edges GROUP BY 1, 2, 3, 4, 5
                ), kept AS (
                    SELECT province, province_public, country, category, month, starts, first_start, ends, last_date
                    FROM incident_month_edge
                )
                SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) a)
                     + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) b)""", Long.class);
        assertThat(edgeDifferences).as("rows of incident_month_edge that differ from a fresh count " + when).isZero();
        Long windowEdgeDifferences = jdbc.queryForObject("""
                WITH dated AS (
                    SELECT category, coalesce(province_public, '') AS province_public, country,
                           coalesce(province, '') AS province, start_date, end_date,
                           CAST(date_trunc('year', start_date) AS date) AS start_year,
                           CAST(date_trunc('month', start_date) AS date) AS start_month,
                           CAST(date_trunc('year', end_date) AS date) AS end_year,
                           CAST(date_trunc('month', end_date) AS date) AS end_month
                    FROM incident
                ), edges AS (
                    SELECT 's' AS edge, DATE '-infinity' AS in_year, start_year AS month, d.* FROM dated d
                    UNION ALL
                    SELECT 's', start_year, start_month, d.* FROM dated d
                    UNION ALL
                    SELECT 'e', DATE '-infinity', end_year, d.* FROM dated d WHERE end_date IS NOT NULL
                    UNION ALL
                    SELECT 'e', end_year, end_month, d.* FROM dated d WHERE end_date IS NOT NULL
                    UNION ALL
                    SELECT 'e', DATE 'infinity', DATE 'infinity', d.* FROM dated d WHERE end_date IS NULL
                ), fresh AS (
                    SELECT CAST(edge AS char(1)), in_year, month, category, province_public, country, province,
                           count(*), min(start_date), max(end_date), max(start_date) FILTER (WHERE end_date IS NULL)
                    FROM edges GROUP BY 1, 2, 3, 4, 5, 6, 7
                ), kept AS (
                    SELECT edge, in_year, month, category, province_public, country, province, n, first_start,
                           last_end, last_running
                    FROM incident_window_edge
                )
                SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) a)
                     + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) b)""", Long.class);
        assertThat(windowEdgeDifferences).as("rows of incident_window_edge that differ from a fresh count " + when)
                .isZero();
        Long windowDifferences = jdbc.queryForObject("""
                WITH windows AS (
                    SELECT CAST(f AS date) AS f, CAST(f + months * interval '1 month' AS date) - 1 AS t
                    FROM generate_series(DATE '2015-11-01', DATE '2025-01-01', interval '7 months') AS f
                    CROSS JOIN (VALUES (1), (2), (3), (11), (14), (40)) AS l(months)
                    UNION ALL SELECT NULL, DATE '2020-06-30' UNION ALL SELECT DATE '2020-12-01', NULL
                    UNION ALL SELECT NULL, NULL
                ), fresh AS (
                    SELECT w.f, w.t, i.category, coalesce(i.province, ''), coalesce(i.province_public, ''), i.country,
                           count(*), min(i.start_date), max(coalesce(i.end_date, i.start_date)),
                           bool_or(i.end_date IS NULL)
                    FROM windows w JOIN incident i
                      ON (w.f IS NULL OR coalesce(i.end_date, DATE 'infinity') >= w.f)
                     AND (w.t IS NULL OR i.start_date <= w.t)
                    GROUP BY 1, 2, 3, 4, 5, 6
                ), kept AS (
                    SELECT w.f, w.t, c.category, c.province, c.province_public, c.country, c.n, c.first_start,
                           c.last_date, c.ongoing
                    FROM windows w CROSS JOIN LATERAL incident_window_count(w.f, w.t) c
                )
                SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) a)
                     + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) b)""", Long.class);
        assertThat(windowDifferences).as("incident_window_count against the incidents, windows of 1 to 40 months "
                + when).isZero();
        for (String t : TIMELINES) {
            assertThat(json("/api/provinces/timeline?" + t)).as("timeline?" + t + " " + when)
                    .isEqualTo(json("/api/provinces/timeline?" + t + WORLD));
        }
        for (String query : QUERIES) {
            String q = query.isEmpty() ? "geometry=false" : query + "&geometry=false";
            assertThat(json("/api/provinces?" + q)).as("/api/provinces?" + q + " " + when)
                    .isEqualTo(json("/api/provinces?" + q + WORLD));
            String t = query.isEmpty() ? "interval=quarter" : query + "&interval=month";
            assertThat(json("/api/provinces/timeline?" + t)).as("timeline?" + t + " " + when)
                    .isEqualTo(json("/api/provinces/timeline?" + t + WORLD));
            assertThat(json("/api/provinces/spread?" + query)).as("spread?" + query + " " + when)
                    .isEqualTo(json("/api/provinces/spread?" + query + WORLD));
        }
        JsonNode categories = json("/api/categories");
        for (JsonNode category : categories.values()) {
            String key = category.get("key").asString();
            assertThat(category.get("count").asLong()).as(key + " " + when).isEqualTo(jdbc.queryForObject(
                    "SELECT count(*) FROM incident WHERE category = ?", Long.class, key));
            assertThat(String.valueOf(category.get("firstDate")) + " " + String.valueOf(category.get("lastDate")))
                    .as(key + " dates " + when).isEqualTo(jdbc.queryForObject("""
                            SELECT coalesce('"' || CAST(min(start_date) AS text) || '"', 'null') || ' '
                                   || coalesce('"' || CAST(max(coalesce(end_date, start_date)) AS text) || '"', 'null')
                            FROM incident WHERE category = ?""", String.class, key));
        }
    }

    JsonNode json(String pathAndQuery) {
        Api.Response r = api.get(pathAndQuery);
        assertThat(r.status()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
        return r.json();
    }
}
