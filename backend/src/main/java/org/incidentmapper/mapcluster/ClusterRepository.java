package org.incidentmapper.mapcluster;

import java.time.Duration;

import javax.sql.DataSource;

import org.incidentmapper.incident.IncidentFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Counts the incidents matching a filter per square grid cell of {@code cell} degrees, written as JSON by
 * PostgreSQL. It reads {@code counted_incident} (V15) through the caller's connection, as every aggregate does: for
 * a viewer, generalised locations, and a sensitive category only as the disclosure policy's cells of at least k
 * incidents (a smaller cell is a row marked withheld). Every count of a sensitive category also goes through
 * {@code visible_count}, per grid cell and in the totals; a withheld category adds nothing to a cell's count or
 * position and is named in its {@code withheld}.
 */
@Repository
class ClusterRepository {

    /**
     * {@code %s}: the filter's condition on alias {@code i}. A cell's position is the mean of its shown incidents'
     * points (a polygon by its point on surface), so a cluster sits where its incidents are, not at a cell centre.
     */
    private static final String SQL = """
            WITH located AS (
                SELECT i.category, i.withheld, p.geom AS point
                FROM counted_incident i
                CROSS JOIN LATERAL (SELECT CASE WHEN GeometryType(i.geom) = 'POINT' THEN i.geom
                                                ELSE ST_PointOnSurface(i.geom) END AS geom) p
                WHERE %s
            ), per_category AS (
                SELECT floor(ST_X(point) / :cell) AS cx, floor(ST_Y(point) / :cell) AS cy, category,
                       count(*) FILTER (WHERE NOT withheld) AS n, bool_or(withheld) AS some_withheld,
                       sum(ST_X(point)) FILTER (WHERE NOT withheld) AS sx, sum(ST_Y(point)) FILTER (WHERE NOT withheld) AS sy
                FROM located GROUP BY 1, 2, 3
            ), shown AS (
                SELECT pc.*, CASE WHEN pc.n = 0 THEN NULL ELSE visible_count(pc.n, c.sensitive) END AS shown
                FROM per_category pc JOIN category c ON c.key = pc.category
            ), cells AS (
                SELECT cx, cy, sum(shown) AS n,
                       sum(sx) FILTER (WHERE shown IS NOT NULL) / sum(shown) AS lon,
                       sum(sy) FILTER (WHERE shown IS NOT NULL) / sum(shown) AS lat,
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
                'count', (SELECT coalesce(sum(shown), 0) FROM totals),
                'categories', (SELECT coalesce(json_object_agg(category, shown ORDER BY category)
                                              FILTER (WHERE shown IS NOT NULL), '{}') FROM totals),
                'withheld', (SELECT coalesce(json_agg(category ORDER BY category) FILTER (WHERE shown IS NULL), '[]')
                             FROM totals),
                'cells', (SELECT coalesce(json_agg(json_build_object(
                              'lon', round(CAST(lon AS numeric), 5), 'lat', round(CAST(lat AS numeric), 5),
                              'count', n, 'categories', categories, 'withheld', coalesce(withheld, '[]'))
                              ORDER BY cy, cx), '[]')
                          FROM cells WHERE n > 0))::text""";

    private final NamedParameterJdbcTemplate jdbc;

    ClusterRepository(DataSource dataSource, @Value("${mapper.api.query-timeout:30s}") Duration queryTimeout) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setQueryTimeout((int) Math.max(1, queryTimeout.toSeconds()));
        this.jdbc = new NamedParameterJdbcTemplate(template);
    }

    /** The cells of {@code cell} degrees holding incidents that match {@code filter}, with totals per category. */
    String cells(IncidentFilter filter, double cell) {
        MapSqlParameterSource params = new MapSqlParameterSource("cell", cell);
        return jdbc.queryForObject(SQL.formatted(filter.sqlWhere(params)), params, String.class);
    }
}
