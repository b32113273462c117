package org.incidentmapper.province;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.incidentmapper.incident.IncidentFilter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Per-province aggregates of the incidents an {@link IncidentFilter} selects, written as JSON by PostgreSQL. An
 * incident counts in a province when its province (given or computed, see V2__provinces.sql) is that province's
 * code, and in a time window or period when its period [start, end] overlaps it (no end: still running).
 */
@Repository
class ProvinceRepository {

    /**
     * The matching incidents the caller may count, alias {@code hits}; {@code %s} is the filter's WHERE clause on
     * alias {@code i}. They come from {@code counted_incident} (V15), where a viewer's sensitive categories are whole
     * cells of at least k incidents, or one row marked {@code withheld} for a smaller cell; {@code withheld} lists,
     * per province, the categories with such a cell or a count under the threshold ({@code visible_count}), which
     * are then left out, so no aggregate singles out one victim.
     */
    private static final String HITS = """
            matching AS (
                SELECT i.id, i.title, i.category, i.province, i.start_date,
                       coalesce(i.end_date, CAST('infinity' AS date)) AS end_date, i.end_date IS NULL AS ongoing,
                       cat.sensitive, i.withheld
                FROM counted_incident i JOIN category cat ON cat.key = i.category
                WHERE %s
            ), category_counts AS (
                SELECT province, category,
                       visible_count(count(*) FILTER (WHERE NOT withheld), bool_or(sensitive)) AS shown,
                       bool_or(withheld) AS some_withheld
                FROM matching GROUP BY province, category
            ), withheld AS (
                SELECT province, json_agg(category ORDER BY category) AS categories
                FROM category_counts WHERE shown IS NULL OR some_withheld GROUP BY province
            ), hits AS (
                SELECT m.* FROM matching m JOIN category_counts c
                    ON c.province IS NOT DISTINCT FROM m.province AND c.category = m.category
                WHERE c.shown IS NOT NULL AND NOT m.withheld)""";

    private final NamedParameterJdbcTemplate jdbc;

    ProvinceRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The boundaries as a FeatureCollection whose properties hold, for the incidents matching {@code filter}: count,
     * firstDate (earliest start), lastDate (latest end, or start when none has an end), ongoing (whether one is
     * still running) and categories (count per category key). The filter's provinces and countries also select
     * which boundaries are returned. {@code unmatched} counts matching incidents in no boundary of the set.
     *
     * @param geometry false: every geometry is null (for refreshing counts without reloading shapes)
     * @param simplify tolerance in degrees for ST_SimplifyPreserveTopology, 0 for none
     */
    String collection(IncidentFilter filter, boolean geometry, double simplify) {
        MapSqlParameterSource params = new MapSqlParameterSource("geometry", geometry).addValue("simplify", simplify);
        StringBuilder shown = new StringBuilder("TRUE");
        if (!filter.provinces().isEmpty()) {
            shown.append(" AND b.code IN (:provinces)");
        }
        if (!filter.countries().isEmpty()) {
            shown.append(" AND b.country IN (:countries)");
        }
        String sql = "WITH " + HITS.formatted(filter.sqlWhere(params)) + """
                , per_province AS (
                    SELECT province, count(*) AS n, min(start_date) AS first_date,
                           max(CASE WHEN ongoing THEN start_date ELSE end_date END) AS last_date, bool_or(ongoing) AS ongoing
                    FROM hits WHERE province IS NOT NULL GROUP BY province
                ), per_category AS (
                    SELECT province, json_object_agg(category, n ORDER BY category) AS categories
                    FROM (SELECT province, category, count(*) AS n FROM hits GROUP BY province, category) c
                    GROUP BY province
                ), shown AS (
                    SELECT b.* FROM boundary b WHERE %s
                )
                SELECT json_build_object(
                    'type', 'FeatureCollection',
                    'boundarySet', (SELECT min(boundary_set) FROM boundary),
                    'numberReturned', (SELECT count(*) FROM shown),
                    'unmatched', (SELECT count(*) FROM hits h
                                  WHERE NOT EXISTS (SELECT 1 FROM boundary b WHERE b.code = h.province)),
                    'features', coalesce((
                        SELECT json_agg(json_build_object(
                            'type', 'Feature',
                            'id', b.code,
                            'geometry', CASE WHEN :geometry THEN ST_AsGeoJSON(CASE WHEN :simplify > 0
                                THEN ST_Multi(ST_SimplifyPreserveTopology(b.geom, :simplify)) ELSE b.geom END, 5)::json END,
                            'properties', json_build_object(
                                'code', b.code, 'name', b.name, 'nameLocal', b.name_local, 'country', b.country,
                                'count', coalesce(p.n, 0), 'firstDate', p.first_date, 'lastDate', p.last_date,
                                'ongoing', coalesce(p.ongoing, false),
                                'categories', coalesce(c.categories, '{}'),
                                'withheld', coalesce(w.categories, '[]'))) ORDER BY b.code)
                        FROM shown b
                        LEFT JOIN per_province p ON p.province = b.code
                        LEFT JOIN per_category c ON c.province = b.code
                        LEFT JOIN withheld w ON w.province = b.code), '[]'))::text""".formatted(shown);
        return jdbc.queryForObject(sql, params, String.class);
    }

    /** Earliest start and latest end (today for a running one) of the incidents matching {@code filter}. */
    LocalDate[] extent(IncidentFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT min(i.start_date), max(coalesce(i.end_date, greatest(i.start_date, current_date))) "
                + "FROM counted_incident i WHERE NOT i.withheld AND " + filter.sqlWhere(params);
        return jdbc.queryForObject(sql, params, (row, n) -> new LocalDate[] {
                row.getObject(1, LocalDate.class), row.getObject(2, LocalDate.class)});
    }

    /**
     * Calendar periods of {@code interval} covering [from, to], each with: incidents (matching incidents whose
     * period overlaps it, with or without a province), counts (the same per province code, non-zero only),
     * provincesActive (provinces with a count), provincesAffected (provinces with a matching incident starting on
     * or before the period's last day: affected in it or earlier) and newProvinces (those affected first in it;
     * a province whose first incident started before {@code from} is new in the first period). Edge periods count
     * only their part inside [from, to], because the filter already limits incidents to that window.
     */
    String timeline(IncidentFilter filter, Interval interval, LocalDate from, LocalDate to) {
        MapSqlParameterSource params = new MapSqlParameterSource("unit", interval.unit())
                .addValue("step", interval.step()).addValue("lo", from).addValue("hi", to);
        String sql = "WITH " + HITS.formatted(filter.sqlWhere(params)) + """
                , periods AS (
                    SELECT CAST(p AS date) AS start, CAST(p + CAST(:step AS interval) AS date) - 1 AS last
                    FROM generate_series(date_trunc(:unit, CAST(CAST(:lo AS date) AS timestamp)),
                                         CAST(CAST(:hi AS date) AS timestamp), CAST(:step AS interval)) AS p
                ), firsts AS (
                    SELECT province, greatest(min(start_date), CAST(:lo AS date)) AS first_date
                    FROM hits WHERE province IS NOT NULL GROUP BY province
                ), cells AS (
                    SELECT p.start, h.province, count(*) AS n
                    FROM periods p JOIN hits h ON h.start_date <= p.last AND h.end_date >= p.start
                    GROUP BY p.start, h.province
                )
                SELECT json_build_object(
                    'interval', CAST(:unit AS text),
                    'from', CAST(:lo AS date),
                    'to', CAST(:hi AS date),
                    'provinces', (SELECT count(*) FROM firsts),
                    'periods', coalesce((
                        SELECT json_agg(json_build_object(
                            'start', p.start,
                            'end', p.last,
                            'incidents', coalesce((SELECT sum(c.n) FROM cells c WHERE c.start = p.start), 0),
                            'counts', coalesce((SELECT json_object_agg(c.province, c.n ORDER BY c.province) FROM cells c
                                                WHERE c.start = p.start AND c.province IS NOT NULL), '{}'),
                            'provincesActive', (SELECT count(*) FROM cells c
                                                WHERE c.start = p.start AND c.province IS NOT NULL),
                            'provincesAffected', (SELECT count(*) FROM firsts f WHERE f.first_date <= p.last),
                            'newProvinces', coalesce((SELECT json_agg(f.province ORDER BY f.province) FROM firsts f
                                                      WHERE f.first_date BETWEEN p.start AND p.last), '[]'))
                            ORDER BY p.start)
                        FROM periods p), '[]'))::text""";
        return jdbc.queryForObject(sql, params, String.class);
    }

    /**
     * Provinces in the order their first matching incident started (ties: by code), each with that incident and
     * the number of matching incidents. Provinces given to incidents but missing from the boundary set are
     * listed too, with a null name.
     */
    String spread(IncidentFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "WITH " + HITS.formatted(filter.sqlWhere(params)) + """
                , firsts AS (
                    SELECT DISTINCT ON (province) province, id, title, category, start_date
                    FROM hits WHERE province IS NOT NULL
                    ORDER BY province, start_date, id
                ), counts AS (
                    SELECT province, count(*) AS n FROM hits WHERE province IS NOT NULL GROUP BY province
                )
                SELECT coalesce(json_agg(json_build_object(
                    'code', f.province, 'name', b.name, 'country', b.country, 'firstDate', f.start_date,
                    'firstIncident', CASE WHEN f.id IS NOT NULL
                        THEN json_build_object('id', f.id, 'title', f.title, 'category', f.category) END,
                    'firstCategory', f.category,
                    'count', c.n) ORDER BY f.start_date, f.province), '[]')::text
                FROM firsts f JOIN counts c ON c.province = f.province
                LEFT JOIN boundary b ON b.code = f.province""";
        return jdbc.queryForObject(sql, params, String.class);
    }

    /** What the current boundary set is: name, when loaded, how many features per country. */
    Map<String, Object> boundarySet() {
        Map<String, Object> set = new LinkedHashMap<>();
        jdbc.getJdbcTemplate().query("SELECT min(boundary_set), min(loaded_at), count(*) FROM boundary", row -> {
            set.put("boundarySet", row.getString(1));
            set.put("loadedAt", row.getObject(2, java.time.OffsetDateTime.class));
            set.put("features", row.getLong(3));
        });
        Map<String, Long> countries = new LinkedHashMap<>();
        jdbc.getJdbcTemplate().query("SELECT coalesce(country, ''), count(*) FROM boundary GROUP BY 1 ORDER BY 1",
                row -> {
                    countries.put(row.getString(1), row.getLong(2));
                });
        set.put("countries", countries);
        return set;
    }

    /** The periods a timeline may be cut into; the unit and step are whitelisted here, bound as values. */
    enum Interval {
        MONTH("month", "1 month"), QUARTER("quarter", "3 months"), YEAR("year", "1 year");

        private final String unit;
        private final String step;

        Interval(String unit, String step) {
            this.unit = unit;
            this.step = step;
        }

        String unit() {
            return unit;
        }

        String step() {
            return step;
        }

        static List<String> names() {
            return List.of("month", "quarter", "year");
        }

        /** How many periods of this interval [from, to] touches. */
        long periods(LocalDate from, LocalDate to) {
            long months = (to.getYear() - from.getYear()) * 12L + to.getMonthValue() - from.getMonthValue();
            return switch (this) {
                case MONTH -> months + 1;
                case QUARTER -> (to.getYear() * 4L + (to.getMonthValue() - 1) / 3)
                        - (from.getYear() * 4L + (from.getMonthValue() - 1) / 3) + 1;
                case YEAR -> to.getYear() - from.getYear() + 1;
            };
        }
    }
}
