package org.incidentmapper.mapcluster;

import java.time.LocalDate;

import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.web.Bbox;

/**
 * The cluster grid of one map zoom: square cells of {@link #cell} degrees (64 px of 256 px Web Mercator tiles),
 * cell (cx, cy) holding the points with {@code floor(lon / cell) = cx}, {@code floor(lat / cell) = cy} (computed in
 * double precision, as PostgreSQL computes it). A bbox is counted in whole cells: the cells holding its corners and
 * every cell between, so both cluster paths count the incidents whose representative point lies in a cell that
 * intersects the bbox.
 *
 * @param zoom the map zoom, 0..22
 * @param cell degrees of longitude (and latitude) spanned by a cell: 360 · 64 / (256 · 2^zoom) = 90 / 2^zoom
 */
record ClusterGrid(int zoom, double cell) {

    /**
     * The finest and coarsest levels of the grid summary's month edges (incident_grid_edge_row: levels 3..12 since
     * V90, 13..15 since V92). Beyond 15 a view holds few enough incidents to count them.
     */
    static final int FINEST_SUMMARY = 15;
    static final int COARSEST_SUMMARY = 3;

    static ClusterGrid ofZoom(int zoom) {
        return new ClusterGrid(zoom, 360.0 * ClusterController.CELL_PIXELS / (256.0 * Math.pow(2, zoom)));
    }

    /** The cells counted for {@code bbox}: columns cx0..cx1, rows cy0..cy1 (inclusive). */
    record Cells(long cx0, long cy0, long cx1, long cy1, double cell) {

        /** The counted box: the union of the cells, what the response reports as {@code bbox}. */
        Bbox box() {
            return new Bbox(cx0 * cell, cy0 * cell, (cx1 + 1) * cell, (cy1 + 1) * cell);
        }
    }

    Cells cells(Bbox bbox) {
        return new Cells(index(bbox.minLon()), index(bbox.minLat()), index(bbox.maxLon()), index(bbox.maxLat()), cell);
    }

    private long index(double degrees) {
        return (long) Math.floor(degrees / cell);
    }

    /**
     * Whether the grid summary answers {@code filter} at this zoom exactly: only a bbox, categories and a window of
     * whole months (or none), at a zoom whose cells the summary holds or sums (zoom <= 15; below 3 by summing the
     * cells of level 3). Every other filter is counted from the incidents.
     */
    boolean summarises(IncidentFilter filter) {
        return zoom <= FINEST_SUMMARY && filter.q() == null && filter.provinces().isEmpty()
                && filter.countries().isEmpty() && !filter.rated() && startsAMonth(filter.from()) && endsAMonth(filter.to());
    }

    private static boolean startsAMonth(LocalDate from) {
        return from == null || from.getDayOfMonth() == 1;
    }

    private static boolean endsAMonth(LocalDate to) {
        return to == null || to.equals(to.withDayOfMonth(to.lengthOfMonth()));
    }

    /** The summary level read for this zoom: the zoom itself, or level 3 summed into the coarser cells below it. */
    int summaryLevel() {
        return Math.max(zoom, COARSEST_SUMMARY);
    }

    /** How many times the summary level's cells halve into this zoom's (0 from zoom 3 up). */
    int summaryShift() {
        return summaryLevel() - zoom;
    }
}
