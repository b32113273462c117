package org.incidentmapper.tile;

import org.incidentmapper.incident.IncidentFilter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Builds one Web Mercator tile in PostGIS. At {@link #POINT_ZOOM} and above, layer {@code incidents} holds every
 * matching incident (its point or precinct) with a few attributes, unless the level-12 grid cells the tile touches
 * hold more than {@link #MAX_POINTS} matching incidents; below that zoom, or then, layer {@code cells} holds the
 * grid cells of level {@link TileGrid#level(int) z + 3} (at most 12; cell = 90 / 2^level degrees, the cluster cells
 * of {@code incident_grid}) with at least one incident: each a point at the mean position of its incidents'
 * representative points, drawn in the one tile that mean point lies in, with {@code count} and one
 * {@code count_<category>} per category.
 *
 * <p>Cells come from the grid summary {@code incident_grid} when it answers the filter exactly ({@link
 * #fromGrid}), otherwise from {@code counted_incident}; both give the same cells, counts and positions. Points
 * read {@code incident} and cells read the unqualified names {@code counted_incident} / {@code incident_grid}, like
 * every other list and aggregate (V15): for a viewer the search path resolves them to the generalised views, so
 * sensitive incidents are generalised, a sensitive category is never listed and is counted only in whole
 * disclosure cells of at least k (a smaller count is left out of the cell, its total and its position), so a
 * viewer's tile never holds a true point of one.
 */
@Repository
class TileRepository {

    static final int POINT_ZOOM = 11;
    static final int MAX_POINTS = 10_000;
    /** The grid level whose cells decide points vs cells at point zooms (the finest one kept). */
    static final int DECIDING_LEVEL = TileGrid.MAX_LEVEL;

    /** The tile's envelope in 3857 and the same box in 4326 (exact: Mercator keeps lon/lat boxes axis-aligned). */
    private static final String TILE = """
            WITH tile AS (
                SELECT ST_TileEnvelope(:z, :x, :y) AS env, ST_Transform(ST_TileEnvelope(:z, :x, :y), 4326) AS box)
            """;

    /**
     * Grid cells (cx, cy, category, n, sum_lon7, sum_lat7) of the incidents matching the filter, from each
     * incident's representative point, as incident_grid keeps them; {@code %s} is the filter on alias i.
     */
    private static final String CELLS_FROM_INCIDENTS = """
            SELECT q.cx, q.cy, q.category, count(*) AS n, sum(q.lon7) AS sum_lon7, sum(q.lat7) AS sum_lat7
            FROM (SELECT i.category, %s AS cx, %s AS cy, %s AS lon7, %s AS lat7
                  FROM (SELECT i.category, %s AS p
                        FROM counted_incident i
                        WHERE NOT i.withheld AND i.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4326)
                          AND %s) AS i) AS q
            WHERE q.cx BETWEEN :cx0 AND :cx1 AND q.cy BETWEEN :cy0 AND :cy1
            GROUP BY q.cx, q.cy, q.category""";

    /** The same cells summed from incident_grid; {@code %s} is the filter on alias g. */
    private static final String CELLS_FROM_GRID = """
            SELECT g.cx, g.cy, g.category, CAST(sum(g.n) AS bigint) AS n, sum(g.sum_lon7) AS sum_lon7, sum(g.sum_lat7) AS sum_lat7
            FROM incident_grid g
            WHERE g.level = :level AND g.cx BETWEEN :cx0 AND :cx1 AND g.cy BETWEEN :cy0 AND :cy1 AND NOT g.withheld%s
            GROUP BY g.cx, g.cy, g.category""";

    private final NamedParameterJdbcTemplate jdbc;

    TileRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whether incident_grid answers {@code filter} exactly: categories and whole months only (no bbox, text,
     * province, country or rating), for every role (a viewer's incident_grid is generalised.incident_grid, V77).
     */
    static boolean fromGrid(IncidentFilter filter) {
        return filter.bbox() == null && filter.q() == null
                && filter.provinces().isEmpty() && filter.countries().isEmpty() && !filter.rated()
                && (filter.from() == null || filter.from().getDayOfMonth() == 1)
                && (filter.to() == null || filter.to().getDayOfMonth() == filter.to().lengthOfMonth());
    }

    /** What changes whenever a tile's answer can (data_version, V80); read before building a tile. */
    long dataVersion() {
        return jdbc.getJdbcTemplate().queryForObject("SELECT version FROM data_version", Long.class);
    }

    /** The tile as MVT bytes (empty when nothing matches). */
    byte[] tile(int z, int x, int y, IncidentFilter filter) {
        return tile(z, x, y, filter, fromGrid(filter));
    }

    /** The tile from the grid summary or from the incidents (the tests compare the two). */
    byte[] tile(int z, int x, int y, IncidentFilter filter, boolean grid) {
        if (z >= POINT_ZOOM) {
            byte[] points = points(z, x, y, filter, grid);
            if (points != null) {
                return points;
            }
        }
        return cells(z, x, y, filter, grid);
    }

    /**
     * The points layer, or null when the level-12 cells the tile touches hold more than {@link #MAX_POINTS}
     * matching incidents (counted from the grid, or from counted_incident up to the limit, so that for a viewer
     * both count the sensitive categories' shown disclosure cells alike; one statement, so the decision and the
     * points see the same data). Features in id order, so the same incidents always make the same bytes (a viewer's
     * ETag is a hash of them; a row's place in the table changes when it is updated).
     */
    private byte[] points(int z, int x, int y, IncidentFilter filter, boolean grid) {
        TileGrid cells = TileGrid.of(z, x, y, DECIDING_LEVEL, false);
        MapSqlParameterSource params = cells.params(tileParams(z, x, y)).addValue("max", MAX_POINTS + 1);
        String total = grid
                ? "SELECT coalesce(sum(n), 0) AS n FROM (" + CELLS_FROM_GRID.formatted(gridWhere(filter, params)) + ") c"
                : """
                        SELECT count(*) AS n FROM (SELECT 1 FROM counted_incident i
                            WHERE NOT i.withheld AND i.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4326) AND %s
                              AND %s BETWEEN :cx0 AND :cx1 AND %s BETWEEN :cy0 AND :cy1 LIMIT :max) c"""
                        .formatted(filter.sqlWhere(params), TileGrid.CX.formatted(TileGrid.POINT.formatted("i.geom")),
                                TileGrid.CY.formatted(TileGrid.POINT.formatted("i.geom")));
        String sql = TILE + """
                , total AS (%s), features AS (
                    SELECT i.id, i.category, CAST(i.start_date AS text) AS "startDate",
                           CAST(i.end_date AS text) AS "endDate", i.status, i.location_precision AS "locationPrecision",
                           ST_AsMVTGeom(ST_Transform(i.geom, 3857), tile.env, 4096, 64, true) AS geom
                    FROM incident i, tile
                    WHERE i.geom && tile.box AND %s
                )
                SELECT CASE WHEN (SELECT n FROM total) > %d THEN NULL
                            ELSE (SELECT coalesce(ST_AsMVT(features, 'incidents', 4096, 'geom', 'id'
                                                           ORDER BY features.id), '')
                                  FROM features WHERE geom IS NOT NULL) END""".formatted(total,
                filter.sqlWhere(params), MAX_POINTS);
        return jdbc.queryForObject(sql, params, byte[].class);
    }

    /**
     * The cells layer: the cells of the tile's level whose mean point lies in this tile (candidates: the cells
     * touching it and their neighbours), per category through visible_count, a withheld count left out of the
     * cell's total and of its position.
     */
    private byte[] cells(int z, int x, int y, IncidentFilter filter, boolean grid) {
        TileGrid cells = TileGrid.of(z, x, y, TileGrid.level(z), true);
        MapSqlParameterSource params = cells.params(tileParams(z, x, y));
        String source = grid ? CELLS_FROM_GRID.formatted(gridWhere(filter, params))
                : CELLS_FROM_INCIDENTS.formatted(TileGrid.CX.formatted("p"), TileGrid.CY.formatted("p"),
                        TileGrid.LON7.formatted("p"), TileGrid.LAT7.formatted("p"), TileGrid.POINT.formatted("i.geom"),
                        filter.sqlWhere(params));
        String sql = TILE + """
                , cells AS (%s), per_category AS (
                    SELECT c.cx, c.cy, c.category, visible_count(c.n, cat.sensitive) AS n, c.sum_lon7, c.sum_lat7
                    FROM cells c JOIN category cat ON cat.key = c.category
                ), placed AS (
                    SELECT sum(n) AS count, jsonb_object_agg('count_' || category, n) AS counts,
                           CAST(sum(sum_lon7) AS double precision) / sum(n) / 1e7 AS lon,
                           CAST(sum(sum_lat7) AS double precision) / sum(n) / 1e7 AS lat
                    FROM per_category WHERE n > 0 GROUP BY cx, cy
                ), features AS (
                    SELECT CAST(p.count AS integer) AS count, p.counts,
                           ST_AsMVTGeom(ST_Transform(ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), 3857), tile.env,
                                        4096, 64, true) AS geom
                    FROM placed p, tile
                    WHERE %s = :x AND %s = :y
                    ORDER BY p.lon, p.lat
                )
                SELECT coalesce(ST_AsMVT(features, 'cells', 4096, 'geom'), '') FROM features
                WHERE geom IS NOT NULL""".formatted(source, TileGrid.TILE_X.formatted("p.lon"),
                TileGrid.TILE_Y.formatted("p.lat"));
        return jdbc.queryForObject(sql, params, byte[].class);
    }

    /** The filter's conditions on incident_grid (alias g): categories and whole months (see {@link #fromGrid}). */
    private static String gridWhere(IncidentFilter filter, MapSqlParameterSource params) {
        StringBuilder where = new StringBuilder();
        if (!filter.categories().isEmpty()) {
            where.append(" AND g.category IN (:categories)");
            params.addValue("categories", filter.categories());
        }
        if (filter.to() != null) {
            // started by the end of the window's last month
            where.append(" AND g.start_month <= :to");
            params.addValue("to", filter.to());
        }
        if (filter.from() != null) {
            // ended (or still running) in or after the window's first month; 'infinity' while running
            where.append(" AND g.end_month >= :from");
            params.addValue("from", filter.from());
        }
        return where.toString();
    }

    private static MapSqlParameterSource tileParams(int z, int x, int y) {
        return new MapSqlParameterSource("z", z).addValue("x", x).addValue("y", y);
    }
}
