package org.incidentmapper.mapcluster;

import java.time.Duration;

import javax.sql.DataSource;

import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.web.Bbox;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Counts the incidents matching a filter per square cell of a {@link ClusterGrid}, written as JSON by PostgreSQL.
 * Two paths give identical answers (ClusterSummaryExactnessTest compares them):
 * <ul>
 * <li>{@link #fromIncidents}: any filter, any caller. It reads {@code counted_incident} (V15) through the caller's
 * connection, as every aggregate does: for a viewer, generalised locations, and a sensitive category only as the
 * disclosure policy's cells of at least k incidents (a smaller cell is a row marked withheld).</li>
 * <li>{@link #fromSummary}: for a filter the grid summary answers ({@link ClusterGrid#summarises}): it sums the
 * month edges of {@code incident_grid_edge} (V90: started by the window's end minus ended before its start) instead
 * of every incident, plus {@code incident_grid_disclosed}, through the caller's connection: {@code public.*} for
 * analysts (audiences a and x, no disclosure cells), {@code generalised.*} for viewers (audiences a and v, and the
 * disclosure cells as withheld rows of n = 0 or whole cells of at least k, V77).</li>
 * </ul>
 * Both count the incidents whose representative point (a polygon's point on surface) lies in a cell that intersects
 * the bbox, and place a cell at the mean of Σ round(coordinate · 1e7) over its shown incidents. Every count of a
 * sensitive category goes through {@code visible_count}, per cell and in the totals; a withheld category adds
 * nothing to a cell's count or position and is named in its {@code withheld}.
 */
@Repository
class ClusterRepository {

    /** {@code %s}: the filter's condition on alias {@code i}, then the cell condition on point {@code p.geom}. */
    private static final String FROM_INCIDENTS = """
            WITH located AS (
                SELECT i.category, i.withheld, p.geom AS point
                FROM counted_incident i
                CROSS JOIN LATERAL (SELECT CASE WHEN GeometryType(i.geom) = 'POINT' THEN i.geom
                                                ELSE ST_PointOnSurface(i.geom) END AS geom) p
                WHERE %s %s
            ), per_category AS (
                SELECT floor(ST_X(point) / :cell) AS cx, floor(ST_Y(point) / :cell) AS cy, category,
                       count(*) FILTER (WHERE NOT withheld) AS n, bool_or(withheld) AS some_withheld,
                       sum(incident_grid_fixed7(ST_X(point))) FILTER (WHERE NOT withheld) AS sx,
                       sum(incident_grid_fixed7(ST_Y(point))) FILTER (WHERE NOT withheld) AS sy
                FROM located GROUP BY 1, 2, 3
            )""";

    /**
     * {@code %s}: the edge parts, each a SELECT of (cx, cy, category, n, sx, sy, disclosed) from {@code
     * incident_grid_edge} (V90); then {@code %s}, the conditions on the disclosure cells' columns. A cell's incidents
     * over whole months [F, T] are those starting in a month <= T minus those ending in a month < F; a viewer's
     * disclosure cells ({@code incident_grid_disclosed}; none for analysts) are added as they are, a withheld one
     * (n = 0) kept so that its category is named withheld.
     */
    private static final String FROM_SUMMARY = """
            WITH per_category AS (
                SELECT e.cx, e.cy, e.category, CAST(sum(e.n) AS bigint) AS n, false AS some_withheld,
                       sum(e.sx) AS sx, sum(e.sy) AS sy
                FROM (%s
                      UNION ALL
                      SELECT g.cx >> :shift, g.cy >> :shift, g.category, g.n, g.sum_lon7, g.sum_lat7, true
                      FROM incident_grid_disclosed g
                      WHERE g.level = :level %s) AS e(cx, cy, category, n, sx, sy, disclosed)
                GROUP BY 1, 2, 3
                HAVING sum(e.n) <> 0 OR bool_or(e.disclosed)
            )""";

    /** One part of the edges: {@code %s} the sign, then the part's condition, then the cells' and categories'. */
    private static final String EDGE_PART = """

                      SELECT g.cx >> :shift, g.cy >> :shift, g.category, %1$sg.n, %1$sg.sum_lon7, %1$sg.sum_lat7, false
                      FROM incident_grid_edge g
                      WHERE g.level = :level AND %2$s %3$s""";

    /** The answer from {@code per_category (cx, cy, category, n, some_withheld, sx, sy)}, the same on both paths. */
    private static final String ANSWER = """
            , shown AS (
                SELECT pc.*, CASE WHEN pc.n = 0 THEN NULL ELSE visible_count(pc.n, c.sensitive) END AS shown
                FROM per_category pc JOIN category c ON c.key = pc.category
            ), cells AS (
                SELECT cx, cy, sum(shown) AS n,
                       sum(sx) FILTER (WHERE shown IS NOT NULL) / sum(shown) / 10000000 AS lon,
                       sum(sy) FILTER (WHERE shown IS NOT NULL) / sum(shown) / 10000000 AS lat,
                       json_object_agg(category, shown ORDER BY category) FILTER (WHERE shown IS NOT NULL) AS categories,
                       json_agg(category ORDER BY category) FILTER (WHERE shown IS NULL) AS withheld
                FROM shown GROUP BY cx, cy
            ), totals AS (
                SELECT s.category, CASE WHEN sum(s.n) = 0 THEN NULL
                                        ELSE visible_count(CAST(sum(s.n) AS bigint), bool_or(c.sensitive)) END AS shown
                FROM per_category s JOIN category c ON c.key = s.category GROUP BY s.category
            )
            SELECT json_build_object(
                'cellDegrees', CAST(:cell AS double precision),
                'bbox', CAST(:counted AS json),
                'count', (SELECT coalesce(sum(shown), 0) FROM totals),
                'categories', (SELECT coalesce(json_object_agg(category, shown ORDER BY category)
                                              FILTER (WHERE shown IS NOT NULL), '{}') FROM totals),
                'withheld', (SELECT coalesce(json_agg(category ORDER BY category) FILTER (WHERE shown IS NULL), '[]')
                             FROM totals),
                'cells', (SELECT coalesce(json_agg(json_build_object(
                              'lon', round(lon, 5), 'lat', round(lat, 5),
                              'count', n, 'categories', categories, 'withheld', coalesce(withheld, '[]'))
                              ORDER BY cy, cx), '[]')
                          FROM cells WHERE n > 0))::text""";

    /** Degrees the per-incident path's index condition is widened by, so rounding can never drop a point. */
    private static final double INDEX_MARGIN = 1e-7;

    private final NamedParameterJdbcTemplate jdbc;

    ClusterRepository(DataSource dataSource, @Value("${mapper.api.query-timeout:30s}") Duration queryTimeout) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setQueryTimeout((int) Math.max(1, queryTimeout.toSeconds()));
        this.jdbc = new NamedParameterJdbcTemplate(template);
    }

    /** The cells of {@code grid} holding incidents that match {@code filter}, counted from the incidents. */
    String fromIncidents(IncidentFilter filter, ClusterGrid grid) {
        MapSqlParameterSource params = new MapSqlParameterSource("cell", grid.cell());
        String cellCondition = "";
        IncidentFilter indexed = filter;
        if (filter.bbox() != null) {
            ClusterGrid.Cells cells = grid.cells(filter.bbox());
            Bbox box = cells.box();
            indexed = new IncidentFilter(new Bbox(box.minLon() - INDEX_MARGIN, box.minLat() - INDEX_MARGIN,
                    box.maxLon() + INDEX_MARGIN, box.maxLat() + INDEX_MARGIN), filter.from(), filter.to(),
                    filter.categories(), filter.q(), filter.provinces(), filter.countries(), filter.rating());
            cellCondition = " AND floor(ST_X(p.geom) / :cell) BETWEEN :cx0 AND :cx1"
                    + " AND floor(ST_Y(p.geom) / :cell) BETWEEN :cy0 AND :cy1";
            params.addValue("cx0", cells.cx0()).addValue("cx1", cells.cx1())
                    .addValue("cy0", cells.cy0()).addValue("cy1", cells.cy1());
        }
        counted(params, filter, grid);
        String sql = FROM_INCIDENTS.formatted(indexed.sqlWhere(params), cellCondition) + ANSWER;
        return jdbc.queryForObject(sql, params, String.class);
    }

    /**
     * The same answer as {@link #fromIncidents} from the grid summary, for any caller and a filter the summary
     * answers ({@link ClusterGrid#summarises}).
     */
    String fromSummary(IncidentFilter filter, ClusterGrid grid) {
        if (!grid.summarises(filter)) {
            throw new IllegalArgumentException("the grid summary does not answer this filter at zoom " + grid.zoom());
        }
        int shift = grid.summaryShift();
        MapSqlParameterSource params = new MapSqlParameterSource("cell", grid.cell())
                .addValue("level", grid.summaryLevel()).addValue("shift", shift);
        StringBuilder where = new StringBuilder();
        if (filter.bbox() != null) {
            // the zoom's cells cx0..cx1 are the summary level's cells cx0·2^shift .. (cx1 + 1)·2^shift - 1
            ClusterGrid.Cells cells = grid.cells(filter.bbox());
            where.append(" AND g.cx BETWEEN :cx0 AND :cx1 AND g.cy BETWEEN :cy0 AND :cy1");
            params.addValue("cx0", cells.cx0() << shift).addValue("cx1", ((cells.cx1() + 1) << shift) - 1)
                    .addValue("cy0", cells.cy0() << shift).addValue("cy1", ((cells.cy1() + 1) << shift) - 1);
        }
        if (!filter.categories().isEmpty()) {
            where.append(" AND g.category IN (:categories)");
            params.addValue("categories", filter.categories());
        }
        // edges: started by T = years before T's year + T's year's months up to T; ended before F likewise
        StringBuilder parts = new StringBuilder();
        if (filter.to() == null) {
            parts.append(EDGE_PART.formatted("", "g.edge = 's' AND g.in_year = DATE '-infinity'", where));
        } else {
            params.addValue("toYear", filter.to().withDayOfYear(1)).addValue("toMonth", filter.to().withDayOfMonth(1));
            parts.append(EDGE_PART.formatted("", "g.edge = 's' AND g.in_year = DATE '-infinity' AND g.month < :toYear",
                    where));
            parts.append("\n                      UNION ALL").append(EDGE_PART.formatted("",
                    "g.edge = 's' AND g.in_year = :toYear AND g.month <= :toMonth", where));
        }
        StringBuilder disclosed = new StringBuilder(where);
        if (filter.from() != null) {
            params.addValue("fromYear", filter.from().withDayOfYear(1)).addValue("fromMonth", filter.from());
            parts.append("\n                      UNION ALL").append(EDGE_PART.formatted("-",
                    "g.edge = 'e' AND g.in_year = DATE '-infinity' AND g.month < :fromYear", where));
            parts.append("\n                      UNION ALL").append(EDGE_PART.formatted("-",
                    "g.edge = 'e' AND g.in_year = :fromYear AND g.month < :fromMonth", where));
            disclosed.append(" AND g.end_month >= :fromMonth");
        }
        // [start, end] overlaps [from, to] exactly when start_month <= to's month and end_month >= from's month
        if (filter.to() != null) {
            disclosed.append(" AND g.start_month <= :toMonth");
        }
        counted(params, filter, grid);
        return jdbc.queryForObject(FROM_SUMMARY.formatted(parts, disclosed) + ANSWER, params, String.class);
    }


    /** The counted box as a JSON array, or null without a bbox. */
    private static void counted(MapSqlParameterSource params, IncidentFilter filter, ClusterGrid grid) {
        String box = null;
        if (filter.bbox() != null) {
            Bbox b = grid.cells(filter.bbox()).box();
            box = "[" + b.minLon() + ", " + b.minLat() + ", " + b.maxLon() + ", " + b.maxLat() + "]";
        }
        params.addValue("counted", box);
    }
}
