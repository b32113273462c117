package org.incidentmapper.tile;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The grid cells of {@code incident_grid} (V74) that a Web Mercator tile draws: level {@code L} has cells of
 * {@code 90 / 2^L} degrees, {@code cx = floor(lon / cell)}, {@code cy = floor(lat / cell)} of an incident's
 * representative point. Cell columns line up with tile columns (both halve 360° per step), rows do not (Mercator),
 * so a cell is drawn in the one tile its mean point lies in ({@link #TILE_X}, {@link #TILE_Y}).
 *
 * @param cx0 the first column of candidate cells, and so on (inclusive)
 */
record TileGrid(int level, long cx0, long cx1, long cy0, long cy1) {

    static final int MIN_LEVEL = 3;
    static final int MAX_LEVEL = 12;

    /** Cell column and row of point expression {@code %s} at level :level, with incident_grid's functions (V74). */
    static final String CX = "CAST(floor(ST_X(%1$s) / incident_grid_cell(:level)) AS integer)";
    static final String CY = "CAST(floor(ST_Y(%1$s) / incident_grid_cell(:level)) AS integer)";
    /** A point's coordinates in 1e-7 degrees, as summed into sum_lon7 / sum_lat7. */
    static final String LON7 = "incident_grid_fixed7(ST_X(%1$s))";
    static final String LAT7 = "incident_grid_fixed7(ST_Y(%1$s))";
    /** An incident's representative point on the grid (its point, or a polygon's point on surface). */
    static final String POINT = "incident_grid_point(%s)";
    /** Column and row of the zoom-:z tile holding lon / lat expression {@code %s} (the XYZ scheme's formula). */
    static final String TILE_X = "floor((%s + 180) / 360 * (1 << :z))";
    static final String TILE_Y = "floor((1 - ln(tan(radians(%1$s)) + 1 / cos(radians(%1$s))) / pi()) / 2 * (1 << :z))";

    /** The grid level a zoom-z tile draws: 8 cells of it per 256 px (32 per tile side), at most the finest kept. */
    static int level(int z) {
        return Math.max(MIN_LEVEL, Math.min(z + 3, MAX_LEVEL));
    }

    /**
     * The cells of {@code level} that touch tile z/x/y, and with {@code neighbours} also those next to them (a
     * cell's mean point lies inside the cell, so these include every cell whose mean point can be in the tile,
     * whatever rounding does at the edges).
     */
    static TileGrid of(int z, int x, int y, int level, boolean neighbours) {
        double n = 1 << z;
        double west = x / n * 360 - 180;
        double east = (x + 1) / n * 360 - 180;
        double north = Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * y / n))));
        double south = Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * (y + 1) / n))));
        double cell = cell(level);
        int pad = neighbours ? 1 : 0;
        return new TileGrid(level, (long) Math.floor(west / cell) - pad,
                (long) Math.ceil(east / cell) - 1 + pad, (long) Math.floor(south / cell) - pad,
                (long) Math.ceil(north / cell) - 1 + pad);
    }

    /** incident_grid_cell(level): exact in double precision. */
    static double cell(int level) {
        return 90.0 / (1 << level);
    }

    /** Binds level, the candidate cells and the box that holds them to {@code params}. */
    MapSqlParameterSource params(MapSqlParameterSource params) {
        double cell = cell(level);
        return params.addValue("level", level).addValue("cx0", cx0).addValue("cx1", cx1)
                .addValue("cy0", cy0).addValue("cy1", cy1).addValue("west", cx0 * cell)
                .addValue("east", (cx1 + 1) * cell).addValue("south", cy0 * cell).addValue("north", (cy1 + 1) * cell);
    }
}
