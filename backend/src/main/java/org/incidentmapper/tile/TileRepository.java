package org.incidentmapper.tile;

import org.incidentmapper.incident.IncidentFilter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Builds one Web Mercator tile in PostGIS. At {@link #POINT_ZOOM} and above, layer {@code incidents} holds every
 * matching incident (its point or precinct) with a few attributes; below it, or when a tile would hold more than
 * {@link #MAX_POINTS} incidents, layer {@code cells} holds a grid of 32 × 32 cells per tile, each a point at the
 * cell's centre with {@code count} and one {@code count_<category>} per category. Points read {@code incident} and
 * cells {@code counted_incident}, like every other list and aggregate (V15): for a viewer, sensitive incidents are
 * generalised, a sensitive category is never listed and is counted only in whole cells of at least k (a smaller
 * count is left out of the cell and of its total), so a viewer's tile never holds a true point of one.
 */
@Repository
class TileRepository {

    static final int POINT_ZOOM = 11;
    static final int MAX_POINTS = 10_000;
    private static final int CELLS_PER_SIDE = 32;

    /** The tile's envelope in 3857 and the same box in 4326 (exact: Mercator keeps lon/lat boxes axis-aligned). */
    private static final String TILE = """
            WITH tile AS (
                SELECT ST_TileEnvelope(:z, :x, :y) AS env, ST_Transform(ST_TileEnvelope(:z, :x, :y), 4326) AS box)
            """;

    private final NamedParameterJdbcTemplate jdbc;

    TileRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The tile as MVT bytes (empty when nothing matches). */
    byte[] tile(int z, int x, int y, IncidentFilter filter) {
        if (z >= POINT_ZOOM) {
            byte[] points = points(z, x, y, filter);
            if (points != null) {
                return points;
            }
        }
        return cells(z, x, y, filter);
    }

    /** The points layer, or null when the tile holds more than {@link #MAX_POINTS} incidents. */
    private byte[] points(int z, int x, int y, IncidentFilter filter) {
        MapSqlParameterSource params = tileParams(z, x, y).addValue("max", MAX_POINTS + 1);
        String sql = TILE + """
                , hits AS (
                    SELECT i.id, i.category, CAST(i.start_date AS text) AS "startDate",
                           CAST(i.end_date AS text) AS "endDate", i.status, i.location_precision AS "locationPrecision",
                           i.geom
                    FROM incident i, tile
                    WHERE i.geom && tile.box AND %s
                    LIMIT :max
                ), features AS (
                    SELECT h.id, h.category, h."startDate", h."endDate", h.status, h."locationPrecision",
                           ST_AsMVTGeom(ST_Transform(h.geom, 3857), tile.env, 4096, 64, true) AS geom
                    FROM hits h, tile
                )
                SELECT CASE WHEN (SELECT count(*) FROM hits) > %d THEN NULL
                            ELSE (SELECT coalesce(ST_AsMVT(features, 'incidents', 4096, 'geom', 'id'), '')
                                  FROM features WHERE geom IS NOT NULL) END""".formatted(filter.sqlWhere(params),
                MAX_POINTS);
        return jdbc.queryForObject(sql, params, byte[].class);
    }

    private byte[] cells(int z, int x, int y, IncidentFilter filter) {
        MapSqlParameterSource params = tileParams(z, x, y).addValue("cells", CELLS_PER_SIDE);
        // Mercator x/y from lon/lat by formula: cheaper than ST_Transform per incident
        String sql = TILE + """
                , size AS (
                    SELECT ST_XMin(env) AS x0, ST_YMin(env) AS y0, (ST_XMax(env) - ST_XMin(env)) / :cells AS cell
                    FROM tile
                ), hits AS (
                    SELECT i.category, ST_X(p) * 20037508.342789244 / 180 AS mx,
                           ln(tan(radians(90 + ST_Y(p)) / 2)) * 6378137 AS my
                    FROM (SELECT i.category, ST_PointOnSurface(i.geom) AS p
                          FROM counted_incident i, tile WHERE NOT i.withheld AND i.geom && tile.box AND %s) AS i
                ), per_category AS (
                    SELECT floor((mx - x0) / cell) AS cx, floor((my - y0) / cell) AS cy, h.category,
                           visible_count(count(*), bool_or(c.sensitive)) AS n
                    FROM hits h JOIN category c ON c.key = h.category, size
                    GROUP BY 1, 2, 3
                ), cells AS (
                    SELECT cx, cy, sum(n) AS count,
                           jsonb_object_agg('count_' || category, n) FILTER (WHERE n IS NOT NULL) AS counts
                    FROM per_category GROUP BY cx, cy HAVING sum(n) > 0
                ), features AS (
                    SELECT CAST(c.count AS integer) AS count, c.counts,
                           ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(x0 + (cx + 0.5) * cell, y0 + (cy + 0.5) * cell), 3857),
                                        tile.env, 4096, 0, true) AS geom
                    FROM cells c, size, tile
                    WHERE cx >= 0 AND cx < :cells AND cy >= 0 AND cy < :cells
                )
                SELECT coalesce(ST_AsMVT(features, 'cells', 4096, 'geom'), '') FROM features""".formatted(
                filter.sqlWhere(params));
        return jdbc.queryForObject(sql, params, byte[].class);
    }

    private static MapSqlParameterSource tileParams(int z, int x, int y) {
        return new MapSqlParameterSource("z", z).addValue("x", x).addValue("y", y);
    }
}
