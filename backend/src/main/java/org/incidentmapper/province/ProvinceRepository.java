package org.incidentmapper.province;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.incidentmapper.export.FlatJson;
import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.security.Visibility;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementCreatorFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.stereotype.Repository;

/**
 * Per-province aggregates of the incidents an {@link IncidentFilter} selects, written as JSON by PostgreSQL. An
 * incident counts in a province when its province (given or computed, see V2__provinces.sql) is that province's
 * code, and in a time window or period when its period [start, end] overlaps it (no end: still running).
 */
@Repository
class ProvinceRepository {

    /**
     * The matching incidents the caller may count, alias {@code hits}, as rows of (province, category, n,
     * first_start, last_date, ongoing, lo, hi): n incidents whose earliest start is first_start, latest end (start
     * when running) last_date, and whose periods overlap exactly the periods that [lo, hi] overlaps. {@code %s} is
     * {@code matching}: one row per incident of {@code counted_incident} ({@link #EXACT}) or per precomputed group
     * ({@link #SUMMARY}). In {@code counted_incident} (V15) a viewer's sensitive categories are whole cells of at
     * least k incidents, or one row marked {@code withheld} for a smaller cell; {@code withheld} lists, per
     * province, the categories with such a cell or a count under the threshold ({@code visible_count}), which are
     * then left out, so no aggregate singles out one victim.
     */
    private static final String HITS = """
            matching AS (%s
            ), category_counts AS (
                SELECT province, category,
                       visible_count(CAST(coalesce(sum(n) FILTER (WHERE NOT withheld), 0) AS bigint), bool_or(sensitive))
                           AS shown,
                       bool_or(withheld) AS some_withheld
                FROM matching GROUP BY province, category
            ), withheld AS (
                SELECT province, json_agg(category ORDER BY category) AS categories
                FROM category_counts WHERE shown IS NULL OR some_withheld GROUP BY province
            ), hits AS (
                SELECT m.* FROM matching m JOIN category_counts c
                    ON coalesce(c.province, '') = coalesce(m.province, '') AND c.category = m.category
                WHERE c.shown IS NOT NULL AND NOT m.withheld)""";

    /** One row per counted incident matching the filter's WHERE clause ({@code %s}, alias {@code i}). */
    private static final String EXACT = """
                SELECT i.province, i.category, 1 AS n, i.start_date AS first_start,
                       coalesce(i.end_date, i.start_date) AS last_date, i.end_date IS NULL AS ongoing,
                       i.start_date AS lo, coalesce(i.end_date, CAST('infinity' AS date)) AS hi, cat.sensitive,
                       i.withheld, i.id, i.title
                FROM counted_incident i JOIN category cat ON cat.key = i.category
                WHERE %s""";

    /**
     * The same from month-grouped counts: exact when the filter is {@link #monthAligned(IncidentFilter) made of}
     * categories, provinces, countries and whole months, because then overlapping a month-aligned period is decided
     * by an incident's start and end months. The first {@code %s} is the source, alias {@code c}, the second the
     * condition on it: the caller's month pairs ({@link #months()}), whose rows group counted_incident's by month,
     * so both paths give the same answers.
     */
    private static final String SUMMARY = """
                SELECT nullif(c.province, '') AS province, c.category, c.n, c.first_start, c.last_date,
                       c.end_month = CAST('infinity' AS date) AS ongoing, c.start_month AS lo, c.end_month AS hi,
                       cat.sensitive, c.withheld
                FROM %s c JOIN category cat ON cat.key = c.category
                WHERE %s""";

    private static final String ANALYSTS_MONTHS = "(SELECT m.*, false AS withheld FROM incident_month_count m)";
    private static final String ANALYSTS_EDGES = "(SELECT e.*, false AS withheld FROM incident_month_edge e)";

    /** Whether the current caller is a viewer (reads the generalised views). */
    private static boolean viewer() {
        return Visibility.current() != Visibility.FULL;
    }

    /**
     * The month pairs the current caller counts: an analyst's incident_month_count (V31: true provinces, every
     * category, nothing withheld), a viewer's generalised.counted_month (V86: the same grouped by public province,
     * plus the sensitive categories' disclosure cells as counted_incident has them, n = 0 and withheld for a cell
     * under the threshold).
     */
    private static String months() {
        return viewer() ? "generalised.counted_month" : ANALYSTS_MONTHS;
    }

    /** The month edges the current caller counts: incident_month_edge (V71) or generalised.counted_edge (V86). */
    private static String edges() {
        return viewer() ? "generalised.counted_edge" : ANALYSTS_EDGES;
    }

    /** Whether month-grouped counts answer {@code filter} exactly: no bbox, no text, no rating, whole months. */
    static boolean monthAligned(IncidentFilter filter) {
        return filter.bbox() == null && filter.q() == null && !filter.rated()
                && (filter.from() == null || filter.from().getDayOfMonth() == 1)
                && (filter.to() == null || filter.to().getDayOfMonth() == filter.to().lengthOfMonth());
    }

    /**
     * The {@code matching} rows of {@code filter}, from the precomputed counts when they answer it exactly. Without
     * {@code periods}, rows are first summed per province, category and withheld (lo and hi are then meaningless):
     * what the choropleth, spread and extent need, from a few hundred rows instead of one per month pair. A viewer's
     * withheld cells stay rows of their own, as HITS leaves their province's category out of counts and dates.
     */
    private static String matching(IncidentFilter filter, MapSqlParameterSource params, boolean periods) {
        if (!monthAligned(filter)) {
            return EXACT.formatted(filter.sqlWhere(params));
        }
        if (!periods && filter.from() == null && filter.to() == null) {
            // no window: every incident of the key counts, once in the month it starts and once where it ends, so
            // the month edges (V71, 31k rows at 1M) give the same as the month pairs (147k)
            return """
                SELECT nullif(e.province, '') AS province, e.category, sum(e.starts) AS n,
                       min(e.first_start) AS first_start, max(e.last_date) AS last_date,
                       bool_or(e.month = CAST('infinity' AS date) AND e.ends > 0) AS ongoing,
                       min(e.month) AS lo, max(e.month) AS hi, bool_or(cat.sensitive) AS sensitive, e.withheld
                FROM %s e JOIN category cat ON cat.key = e.category
                WHERE TRUE%s GROUP BY e.province, e.category, e.withheld""".formatted(edges(),
                    keyConditions(filter, params, "e"));
        }
        if (periods) {
            return summary(filter, params, months());
        }
        if (viewer()) {
            // generalised.counted_window (V96): the window's listed categories summed per public province, country
            // and category straight from incident_window_edge, and the sensitive categories' disclosure cells
            // (withheld cells apart), the caller's categories, provinces and countries applied inside, where a
            // condition on its result could not reach (a SECURITY DEFINER function is not inlined)
            params.addValue("fromMonth", filter.from()).addValue("toMonth", filter.to());
            return """
                SELECT nullif(w.province, '') AS province, w.category, sum(w.n) AS n, min(w.first_start) AS first_start,
                       max(w.last_date) AS last_date, bool_or(w.ongoing) AS ongoing, min(w.lo) AS lo, max(w.hi) AS hi,
                       bool_or(cat.sensitive) AS sensitive, w.withheld
                FROM generalised.counted_window(CAST(:fromMonth AS date), CAST(:toMonth AS date), %s) w
                JOIN category cat ON cat.key = w.category
                GROUP BY w.province, w.category, w.withheld""".formatted(keyArrays(filter, params));
        }
        // incident_window_edge (V93) read as incident_window_count reads it (~35 rows a key instead of every
        // overlapping month pair, ~9k at 1M for two years), but summed per province and category at once: what
        // summing that function's keys gives, as a province's keys with no incident in the window add nothing to
        // n, and their edges cannot win first_start (incidents ending in or after the window that started after
        // it), last_end (ended before it) or last_running (none)
        params.addValue("fromMonth", filter.from()).addValue("toMonth", filter.to());
        return """
                SELECT nullif(g.province, '') AS province, g.category, g.n, g.first_start,
                       greatest(CASE WHEN g.last_end >= coalesce(CAST(:fromMonth AS date), DATE '-infinity')
                                     THEN g.last_end END, g.last_running) AS last_date,
                       g.last_running IS NOT NULL AS ongoing,
                       CAST(NULL AS date) AS lo, CAST(NULL AS date) AS hi, cat.sensitive, false AS withheld
                FROM (SELECT w.province, w.category,
                             coalesce(sum(CAST(w.n AS int)) FILTER (WHERE w.edge = 's'), 0)
                                 - coalesce(sum(CAST(w.n AS int)) FILTER (
                                       WHERE w.edge = 'e' AND w.month < CAST(:fromMonth AS date)), 0) AS n,
                             min(w.first_start) FILTER (WHERE w.edge = 'e'
                                 AND w.month >= coalesce(CAST(:fromMonth AS date), DATE '-infinity')) AS first_start,
                             max(w.last_end) FILTER (WHERE w.edge = 's') AS last_end,
                             max(w.last_running) FILTER (WHERE w.edge = 's') AS last_running
                      FROM (SELECT * FROM incident_window_edge w
                            WHERE w.edge = 's' AND w.in_year = DATE '-infinity'
                              AND w.month < coalesce(CAST(date_trunc('year', CAST(:toMonth AS date)) AS date),
                                                     DATE 'infinity')
                            UNION ALL
                            SELECT * FROM incident_window_edge w
                            WHERE w.edge = 's' AND w.in_year = CAST(date_trunc('year', CAST(:toMonth AS date)) AS date)
                              AND w.month <= CAST(:toMonth AS date)
                            UNION ALL
                            SELECT * FROM incident_window_edge w
                            WHERE w.edge = 'e' AND w.in_year = DATE '-infinity'
                              AND w.month IS DISTINCT FROM CAST(date_trunc('year', CAST(:fromMonth AS date)) AS date)
                            UNION ALL
                            SELECT * FROM incident_window_edge w
                            WHERE w.edge = 'e' AND w.in_year = CAST(date_trunc('year', CAST(:fromMonth AS date)) AS date)
                            UNION ALL
                            SELECT * FROM incident_window_edge w
                            WHERE w.edge = 'e' AND w.in_year = DATE 'infinity') w
                      WHERE TRUE%s GROUP BY w.province, w.category) g
                JOIN category cat ON cat.key = g.category
                WHERE g.n > 0""".formatted(keyConditions(filter, params, "w"));
    }

    /** The filter's whole-month window and key as conditions on a month-pair table (alias {@code c}). */
    private static String windowConditions(IncidentFilter filter, MapSqlParameterSource params) {
        StringBuilder where = new StringBuilder("TRUE");
        if (filter.from() != null) {
            where.append(" AND c.end_month >= :from");
            params.addValue("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" AND c.start_month <= :to");
            params.addValue("to", filter.to());
        }
        return where.append(keyConditions(filter, params, "c")).toString();
    }

    private static String summary(IncidentFilter filter, MapSqlParameterSource params, String source) {
        return SUMMARY.formatted(source, windowConditions(filter, params));
    }

    /**
     * The filter's categories, provinces and countries as three text[] arguments of a viewer's window function (V96),
     * NULL for no condition; the same parameters as {@link #keyConditions}, bound one by one.
     */
    private static String keyArrays(IncidentFilter filter, MapSqlParameterSource params) {
        params.addValue("categories", filter.categories()).addValue("provinces", filter.provinces())
                .addValue("countries", filter.countries());
        return String.join(", ", filter.categories().isEmpty() ? "CAST(NULL AS text[])" : "CAST(ARRAY[:categories] AS text[])",
                filter.provinces().isEmpty() ? "CAST(NULL AS text[])" : "CAST(ARRAY[:provinces] AS text[])",
                filter.countries().isEmpty() ? "CAST(NULL AS text[])" : "CAST(ARRAY[:countries] AS text[])");
    }

    /** The filter's categories, provinces and countries as conditions on a summary table's key (alias {@code a}). */
    private static String keyConditions(IncidentFilter filter, MapSqlParameterSource params, String a) {
        StringBuilder where = new StringBuilder();
        if (!filter.categories().isEmpty()) {
            where.append(" AND ").append(a).append(".category IN (:categories)");
            params.addValue("categories", filter.categories());
        }
        if (!filter.provinces().isEmpty()) {
            where.append(" AND ").append(a).append(".province IN (:provinces)");
            params.addValue("provinces", filter.provinces());
        }
        if (!filter.countries().isEmpty()) {
            where.append(" AND ").append(a).append(".country IN (:countries)");
            params.addValue("countries", filter.countries());
        }
        return where.toString();
    }

    private final NamedParameterJdbcTemplate jdbc;

    ProvinceRepository(DataSource dataSource, @Value("${mapper.api.query-timeout:30s}") Duration queryTimeout) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setQueryTimeout((int) Math.max(1, queryTimeout.toSeconds()));
        this.jdbc = new NamedParameterJdbcTemplate(template);
    }

    /**
     * The boundaries as a FeatureCollection whose properties hold, for the incidents matching {@code filter}: count,
     * firstDate (earliest start), lastDate (latest end, or start when none has an end), ongoing (whether one is
     * still running) and categories (count per category key). The filter's provinces and countries also select
     * which boundaries are returned. {@code unmatched} counts matching incidents in no boundary of the set.
     *
     * @param geometry false: every geometry is null (for refreshing counts without reloading shapes)
     * @param simplify tolerance in degrees for ST_SimplifyPreserveTopology, 0 for none
     * @param flat     properties all scalars ({@link FlatJson}): categories as {@code categories_<key>} columns,
     *                 withheld as text
     * Polygons follow the right-hand rule of RFC 7946 (exterior counter-clockwise) whatever their stored winding.
     */
    byte[] collection(IncidentFilter filter, boolean geometry, double simplify, boolean flat) {
        MapSqlParameterSource params = new MapSqlParameterSource("geometry", geometry).addValue("simplify", simplify);
        StringBuilder shown = new StringBuilder("TRUE");
        if (!filter.provinces().isEmpty()) {
            shown.append(" AND b.code IN (:provinces)");
        }
        if (!filter.countries().isEmpty()) {
            shown.append(" AND b.country IN (:countries)");
        }
        String sql = "WITH " + HITS.formatted(matching(filter, params, false)) + """
                , per_province AS (
                    SELECT province, sum(n) AS n, min(first_start) AS first_date,
                           max(last_date) AS last_date, bool_or(ongoing) AS ongoing
                    FROM hits WHERE province IS NOT NULL GROUP BY province
                ), per_category AS (
                    SELECT province, json_object_agg(category, n ORDER BY category) AS categories
                    FROM (SELECT province, category, sum(n) AS n FROM hits GROUP BY province, category) c
                    GROUP BY province
                ), shown AS (
                    SELECT b.* FROM boundary b WHERE %s
                )
                SELECT json_build_object(
                    'type', 'FeatureCollection',
                    'boundarySet', (SELECT min(boundary_set) FROM boundary),
                    'numberReturned', (SELECT count(*) FROM shown),
                    'unmatched', (SELECT coalesce(sum(n), 0) FROM hits h
                                  WHERE NOT EXISTS (SELECT 1 FROM boundary b WHERE b.code = h.province)),
                    'features', coalesce((
                        -- row_to_json of named columns: the members and order json_build_object gave, without
                        -- its spaces (a fifth of 92 KB for 329 boundaries) and ~30%% faster to build
                        SELECT json_agg(row_to_json(f) ORDER BY f.id)
                        FROM (SELECT 'Feature' AS type, b.code AS id,
                                     CASE WHEN :geometry THEN ST_AsGeoJSON(ST_ForcePolygonCCW(CASE WHEN :simplify > 0
                                         THEN ST_Multi(ST_SimplifyPreserveTopology(b.geom, :simplify)) ELSE b.geom END),
                                         5)::json END AS geometry,
                                     %s AS properties
                              FROM shown b
                              LEFT JOIN per_province p ON p.province = b.code
                              LEFT JOIN per_category c ON c.province = b.code
                              LEFT JOIN withheld w ON w.province = b.code) f), '[]'))::text""".formatted(shown,
                FlatJson.properties("""
                            (SELECT row_to_json(props) FROM (SELECT
                                b.code AS code, b.name AS name, b.name_local AS "nameLocal", b.country AS country,
                                coalesce(p.n, 0) AS count, p.first_date AS "firstDate", p.last_date AS "lastDate",
                                coalesce(p.ongoing, false) AS ongoing,
                                coalesce(c.categories, '{}') AS categories,
                                coalesce(w.categories, '[]') AS withheld) props)""", flat));
        return json(sql, params);
    }

    /** Earliest start and latest end (today for a running one) of the incidents matching {@code filter}. */
    LocalDate[] extent(IncidentFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = monthAligned(filter) && filter.from() == null && filter.to() == null ? extentFromEdges(filter, params)
                : "WITH " + "matching AS (" + matching(filter, params, false) + ") "
                + "SELECT min(first_start), max(CASE WHEN ongoing THEN greatest(last_date, current_date) ELSE last_date END) "
                + "FROM matching WHERE NOT withheld";
        return jdbc.queryForObject(sql, params, (row, n) -> new LocalDate[] {
                row.getObject(1, LocalDate.class), row.getObject(2, LocalDate.class)});
    }

    /**
     * The same from the caller's month edges ({@link #edges()}) for a {@link #monthAligned} filter without a window:
     * earliest start of the month rows, latest end of the end-month rows, today when one is still running (month
     * 'infinity'); a viewer's withheld cells left out, as the month pairs leave them.
     */
    private static String extentFromEdges(IncidentFilter filter, MapSqlParameterSource params) {
        StringBuilder where = new StringBuilder("NOT e.withheld");
        where.append(keyConditions(filter, params, "e"));
        return """
                SELECT min(e.first_start), max(CASE WHEN e.month = CAST('infinity' AS date)
                                                    THEN greatest(e.last_date, current_date) ELSE e.last_date END)
                FROM %s e WHERE %s""".formatted(edges(), where);
    }

    /**
     * Calendar periods of {@code interval} covering [from, to], each with: incidents (matching incidents whose
     * period overlaps it, with or without a province), counts (the same per province code, non-zero only),
     * provincesActive (provinces with a count), provincesAffected (provinces with a matching incident starting on
     * or before the period's last day: affected in it or earlier) and newProvinces (those affected first in it;
     * a province whose first incident started before {@code from} is new in the first period). Edge periods count
     * only their part inside [from, to], because the filter already limits incidents to that window. {@code flat}:
     * each period's members all scalars ({@link FlatJson}): {@code counts_<code>} columns, newProvinces as text.
     */
    byte[] timeline(IncidentFilter filter, Interval interval, LocalDate from, LocalDate to, boolean flat) {
        MapSqlParameterSource params = new MapSqlParameterSource("unit", interval.unit())
                .addValue("step", interval.step()).addValue("lo", from).addValue("hi", to);
        String deltasAndFirsts = monthAligned(filter) ? timelineEdges(filter, params) : "WITH " + HITS.formatted(
                matching(filter, params, true)) + """
                , periods AS (
                    SELECT CAST(p AS date) AS start, CAST(p + CAST(:step AS interval) AS date) - 1 AS last
                    FROM generate_series(date_trunc(:unit, CAST(CAST(:lo AS date) AS timestamp)),
                                         CAST(CAST(:hi AS date) AS timestamp), CAST(:step AS interval)) AS p
                ), firsts AS (
                    SELECT province, greatest(min(first_start), CAST(:lo AS date)) AS first_date
                    FROM hits WHERE province IS NOT NULL GROUP BY province
                ), deltas AS (
                    -- a running count per province instead of joining every period with every hit: n incidents
                    -- join in the period holding lo (or the first) and leave after the period holding hi
                    SELECT province, start, sum(delta) AS delta FROM (
                        SELECT h.province, greatest(CAST(date_trunc(:unit, CAST(h.lo AS timestamp)) AS date),
                                                    (SELECT min(start) FROM periods)) AS start, h.n AS delta
                        FROM hits h
                        UNION ALL
                        SELECT h.province, CAST(date_trunc(:unit, CAST(h.hi AS timestamp))
                                                + CAST(:step AS interval) AS date), -h.n
                        FROM hits h WHERE h.hi <> CAST('infinity' AS date)) d
                    GROUP BY province, start
                )""";
        String sql = deltasAndFirsts + """
                , running AS (
                    SELECT p.start, pr.province,
                           sum(coalesce(d.delta, 0)) OVER (PARTITION BY pr.province ORDER BY p.start) AS n
                    FROM periods p CROSS JOIN (SELECT DISTINCT province FROM deltas) pr
                    LEFT JOIN deltas d ON coalesce(d.province, '') = coalesce(pr.province, '') AND d.start = p.start
                ), per_period AS (
                    -- one pass over the non-zero cells, not one scan of them per period and member
                    SELECT start, sum(n) AS incidents,
                           json_object_agg(province, n ORDER BY province) FILTER (WHERE province IS NOT NULL) AS counts,
                           count(*) FILTER (WHERE province IS NOT NULL) AS active
                    FROM running WHERE n > 0 GROUP BY start
                )
                SELECT json_build_object(
                    'interval', CAST(:unit AS text),
                    'from', CAST(:lo AS date),
                    'to', CAST(:hi AS date),
                    'provinces', (SELECT count(*) FROM firsts),
                    'periods', coalesce((
                        SELECT json_agg(%s
                            ORDER BY p.start)
                        FROM periods p LEFT JOIN per_period c ON c.start = p.start), '[]'))::text""".formatted(
                FlatJson.properties("""
                        json_build_object(
                            'start', p.start,
                            'end', p.last,
                            'incidents', coalesce(c.incidents, 0),
                            'counts', coalesce(c.counts, '{}'),
                            'provincesActive', coalesce(c.active, 0),
                            'provincesAffected', (SELECT count(*) FROM firsts f WHERE f.first_date <= p.last),
                            'newProvinces', coalesce((SELECT json_agg(f.province ORDER BY f.province) FROM firsts f
                                                      WHERE f.first_date BETWEEN p.start AND p.last), '[]'))""",
                flat));
        return jsonPlannedEachTime(sql, params);
    }

    /**
     * The CTEs {@code periods}, {@code firsts} and {@code deltas} of {@link #timeline} from the caller's month edges
     * ({@link #edges()}), for a {@link #monthAligned} filter. A viewer's edges first lose, as HITS does, the
     * withheld disclosure cells and every province's sensitive category whose cells in the window (a cell's period is
     * its month, so it is in the window when its month is) count under the threshold (listed categories never do),
     * so what remains is counted as an analyst's edges are. A matching incident
     * starts by the window's end month and ends in or after its start month. Every incident starting by the end
     * month adds its count in the period of its start (the first period at the latest) and takes it away after the
     * period of its end; one that ended before the window's start month takes it away in the first period, so it
     * cancels out there. A province is affected from the window's start when incidents started before it and not
     * all of them had ended by then, else from its first start inside the window.
     */
    private static String timelineEdges(IncidentFilter filter, MapSqlParameterSource params) {
        params.addValue("windowStart", filter.from() != null ? filter.from() : LocalDate.of(1, 1, 1));
        // a viewer's edges (generalised.counted_timeline_edge, V96): the window's months and the row before it per
        // public province, read from incident_window_edge as an analyst's are, the disclosure cells left out as
        // above; an analyst's, see analystsTimelineEdges
        String edges;
        if (viewer()) {
            params.addValue("windowEnd", filter.to());
            edges = """
                WITH edges AS (
                    SELECT e.province, e.month, e.starts, e.first_start, e.ends
                    FROM generalised.counted_timeline_edge(CAST(:windowStart AS date), CAST(:windowEnd AS date), %s) e
                )""".formatted(keyArrays(filter, params));
        } else {
            edges = analystsTimelineEdges(filter, params);
        }
        return edges + """
                , periods AS (
                    SELECT CAST(p AS date) AS start, CAST(p + CAST(:step AS interval) AS date) - 1 AS last
                    FROM generate_series(date_trunc(:unit, CAST(CAST(:lo AS date) AS timestamp)),
                                         CAST(CAST(:hi AS date) AS timestamp), CAST(:step AS interval)) AS p
                ), firsts AS (
                    SELECT province,
                           CASE WHEN coalesce(sum(starts) FILTER (WHERE month < :windowStart), 0)
                                     > coalesce(sum(ends) FILTER (WHERE month < :windowStart), 0)
                                THEN CAST(:lo AS date)
                                ELSE greatest(min(first_start) FILTER (WHERE month >= :windowStart AND starts > 0),
                                              CAST(:lo AS date)) END AS first_date
                    FROM edges WHERE province IS NOT NULL GROUP BY province
                    HAVING coalesce(sum(starts) FILTER (WHERE month < :windowStart), 0)
                               > coalesce(sum(ends) FILTER (WHERE month < :windowStart), 0)
                           OR bool_or(month >= :windowStart AND starts > 0)
                ), deltas AS (
                    SELECT province, start, sum(delta) AS delta FROM (
                        SELECT province, greatest(CAST(date_trunc(:unit, CAST(month AS timestamp)) AS date),
                                                  (SELECT min(start) FROM periods)) AS start, starts AS delta
                        FROM edges WHERE starts > 0
                        UNION ALL
                        SELECT province, CASE WHEN month < :windowStart THEN (SELECT min(start) FROM periods)
                                              ELSE CAST(date_trunc(:unit, CAST(month AS timestamp))
                                                        + CAST(:step AS interval) AS date) END, -ends
                        FROM edges WHERE ends > 0 AND month <> CAST('infinity' AS date)) d
                    GROUP BY province, start
                )""";
    }

    /**
     * An analyst's {@code edges} for {@link #timelineEdges}: incident_month_edge's rows (V71, read by month: V97) from
     * the window's first month to its last (starts with their first start, and ends), and before the window one row per
     * province, month '-infinity', holding the incidents that started and those that ended before it (incident_window_edge,
     * V93: year rows of the earlier years and month rows of the first month's year), all the timeline needs of them: the
     * same sums as incident_month_edge's rows before the window, from ~20 rows a key instead of every month.
     */
    private static String analystsTimelineEdges(IncidentFilter filter, MapSqlParameterSource params) {
        LocalDate start = filter.from() != null ? filter.from() : LocalDate.of(1, 1, 1);
        params.addValue("windowStartYear", start.withDayOfYear(1)).addValue("windowEnd", filter.to());
        String keys = keyConditions(filter, params, "w");
        // the window's months from incident_month_edge (a key's starts and ends of a month in one row), through its
        // month index (V97); no end: up to the running row (month 'infinity', ends only, which the deltas leave out)
        String inWindow = """
                    SELECT nullif(w.province, '') AS province, w.month, w.starts, w.first_start, w.ends
                    FROM incident_month_edge w
                    WHERE w.month BETWEEN :windowStart AND coalesce(CAST(:windowEnd AS date), 'infinity')%s""";
        String before = """
                    SELECT w.province, w.edge, w.n FROM incident_window_edge w
                    WHERE w.edge = '%s' AND w.in_year = CAST('-infinity' AS date) AND w.month < :windowStartYear%s
                    UNION ALL
                    SELECT w.province, w.edge, w.n FROM incident_window_edge w
                    WHERE w.edge = '%1$s' AND w.in_year = :windowStartYear AND w.month < :windowStart%2$s""";
        // summed per province and month first: the timeline counts provinces, not keys (~12k rows become ~1.5k)
        return """
                WITH edges AS (
                    SELECT province, month, sum(starts) AS starts, min(first_start) AS first_start, sum(ends) AS ends
                    FROM (
                %s
                    ) k GROUP BY province, month
                    UNION ALL
                    SELECT nullif(b.province, ''), CAST('-infinity' AS date),
                           coalesce(sum(b.n) FILTER (WHERE b.edge = 's'), 0), NULL,
                           coalesce(sum(b.n) FILTER (WHERE b.edge = 'e'), 0)
                    FROM (
                %s
                    UNION ALL
                %s
                    ) b GROUP BY b.province
                )""".formatted(inWindow.formatted(keys), before.formatted("s", keys), before.formatted("e", keys));
    }

    /**
     * Provinces in the order their first matching incident started (ties: by code), each with that incident and
     * the number of matching incidents. Provinces given to incidents but missing from the boundary set are
     * listed too, with a null name. {@code flat}: firstIncident as {@code firstIncident_id}, {@code _title},
     * {@code _category} ({@link FlatJson}).
     */
    byte[] spread(IncidentFilter filter, boolean flat) {
        return monthAligned(filter) ? spreadFromSummary(filter, flat) : spreadFromIncidents(filter, flat);
    }

    private byte[] spreadFromIncidents(IncidentFilter filter, boolean flat) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "WITH " + HITS.formatted(matching(filter, params, true)) + """
                , firsts AS (
                    SELECT DISTINCT ON (province) province, id, title, category, first_start AS start_date
                    FROM hits WHERE province IS NOT NULL
                    ORDER BY province, first_start, id
                ), counts AS (
                    SELECT province, count(*) AS n FROM hits WHERE province IS NOT NULL GROUP BY province
                )
                SELECT coalesce(json_agg(%s ORDER BY f.start_date, f.province), '[]')::text
                FROM firsts f JOIN counts c ON c.province = f.province
                LEFT JOIN boundary b ON b.code = f.province""".formatted(FlatJson.properties("""
                json_build_object(
                    'code', f.province, 'name', b.name, 'country', b.country, 'firstDate', f.start_date,
                    'firstIncident', CASE WHEN f.id IS NOT NULL
                        THEN json_build_object('id', f.id, 'title', f.title, 'category', f.category) END,
                    'firstCategory', f.category,
                    'count', c.n)""", flat));
        return json(sql, params);
    }

    /**
     * The same from month-grouped counts ({@link #matching}), each province's first incident looked up by index in
     * what the caller may list ({@code incident}: generalised.incident for a viewer). A viewer's first may be a
     * sensitive category's disclosure cell, which has no incident: firstIncident is then null and firstCategory
     * the cell's category, as {@link #spreadFromIncidents} gives (a listed incident starting the same day comes
     * first there too, cells having no id).
     */
    private byte[] spreadFromSummary(IncidentFilter filter, boolean flat) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "WITH " + HITS.formatted(matching(filter, params, false)) + """
                , firsts AS (
                    SELECT province, min(first_start) AS first_date, sum(n) AS n, array_agg(DISTINCT category) AS categories,
                           (array_agg(category ORDER BY first_start, category))[1] AS first_category
                    FROM hits WHERE province IS NOT NULL GROUP BY province
                )
                SELECT coalesce(json_agg(%s ORDER BY f.first_date, f.province), '[]')::text
                FROM firsts f
                LEFT JOIN LATERAL (
                    SELECT i.id, i.title, i.category FROM incident i
                    WHERE i.province = f.province AND i.start_date = f.first_date AND i.category = ANY (f.categories)
                      AND %s
                    ORDER BY i.id LIMIT 1) x ON TRUE
                LEFT JOIN boundary b ON b.code = f.province""".formatted(FlatJson.properties("""
                json_build_object(
                    'code', f.province, 'name', b.name, 'country', b.country, 'firstDate', f.first_date,
                    'firstIncident', CASE WHEN x.id IS NOT NULL
                        THEN json_build_object('id', x.id, 'title', x.title, 'category', x.category) END,
                    'firstCategory', coalesce(x.category, f.first_category),
                    'count', f.n)""", flat), filter.sqlWhere(params));
        return json(sql, params);
    }

    /**
     * The one text value {@code sql} selects, as the UTF-8 bytes PostgreSQL sent (the connection's encoding): an
     * answer of ~100 KB is not decoded into a String to be encoded again for the response.
     */
    private byte[] json(String sql, MapSqlParameterSource params) {
        return jdbc.queryForObject(sql, params, (row, n) -> row.getBytes(1));
    }

    /**
     * {@link #json}, the statement planned with each request's values. Once a pooled connection has run the same
     * text five times the driver prepares it on the server, and after five more PostgreSQL may keep one generic
     * plan: the timeline's took 12.4-13.9 ms where its plan for the values took 8.7-9.0 ms (at 1M, a two-year
     * monthly window, psql PREPARE/EXECUTE, then plan_cache_mode = force_custom_plan), planning ~1 ms. The driver
     * sends it unnamed instead, so each execution is planned for its window.
     */
    private byte[] jsonPlannedEachTime(String sql, MapSqlParameterSource params) {
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
        PreparedStatementCreator statement = new PreparedStatementCreatorFactory(
                NamedParameterUtils.substituteNamedParameters(parsed, params),
                NamedParameterUtils.buildSqlParameterList(parsed, params))
                .newPreparedStatementCreator(NamedParameterUtils.buildValueArray(parsed, params, null));
        return jdbc.getJdbcOperations().query(connection -> {
            var prepared = statement.createPreparedStatement(connection);
            prepared.unwrap(PGStatement.class).setPrepareThreshold(0);
            return prepared;
        }, rows -> rows.next() ? rows.getBytes(1) : null);
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
