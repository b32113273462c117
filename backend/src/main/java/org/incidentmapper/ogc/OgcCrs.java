package org.incidentmapper.ogc;

import java.util.Arrays;
import java.util.List;

import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.Bbox;

/**
 * The coordinate reference systems the service speaks (OGC API - Features Part 2). Data are stored in EPSG:4326
 * as lon/lat; output is converted by PostGIS, and bounding boxes are converted here as envelopes, never the column.
 */
enum OgcCrs {
    /** WGS 84 longitude/latitude: the default of GeoJSON and OGC API - Features. */
    CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326),
    /** WGS 84 with the axis order EPSG defines: latitude first. */
    EPSG_4326("http://www.opengis.net/def/crs/EPSG/0/4326", 4326),
    /** Web Mercator, in metres. */
    EPSG_3857("http://www.opengis.net/def/crs/EPSG/0/3857", 3857);

    private static final double EARTH_RADIUS = 6378137.0;
    private static final double MERCATOR_MAX = Math.PI * EARTH_RADIUS;

    private final String uri;
    private final int srid;

    OgcCrs(String uri, int srid) {
        this.uri = uri;
        this.srid = srid;
    }

    String uri() {
        return uri;
    }

    int srid() {
        return srid;
    }

    static List<String> uris() {
        return Arrays.stream(values()).map(OgcCrs::uri).toList();
    }

    /** The CRS a parameter names by its URI (or the short {@code [EPSG:4326]} safe CURIE); 400 otherwise. */
    static OgcCrs parse(String parameter, String text) {
        String uri = text.strip();
        if (uri.startsWith("[") && uri.endsWith("]")) {
            uri = uri.substring(1, uri.length() - 1);
        }
        for (OgcCrs crs : values()) {
            if (crs.uri.equals(uri) || crs.curie().equalsIgnoreCase(uri)) {
                return crs;
            }
        }
        throw new BadParameterException(parameter, "'" + parameter + "' must be one of " + uris());
    }

    private String curie() {
        return this == CRS84 ? "OGC:CRS84" : "EPSG:" + srid;
    }

    /**
     * The box {@code minA,minB,maxA,maxB} given in this CRS's axis order and units, as the lon/lat box it covers in
     * EPSG:4326 (exact: Web Mercator maps meridians and parallels to straight lines).
     */
    Bbox bbox(String parameter, String text) {
        if (this == CRS84) {
            return Bbox.parse(parameter, text);
        }
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new BadParameterException(parameter, "'" + parameter + "' must be four numbers; got " + parts.length);
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new BadParameterException(parameter, "'" + parameter + "': value " + (i + 1) + " is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw new BadParameterException(parameter, "'" + parameter + "': value " + (i + 1) + " is not finite");
            }
        }
        if (this == EPSG_4326) {
            // EPSG:4326 is latitude first: minLat,minLon,maxLat,maxLon
            return Bbox.parse(parameter, v[1] + "," + v[0] + "," + v[3] + "," + v[2]);
        }
        for (double m : v) {
            if (Math.abs(m) > MERCATOR_MAX * 1.0000001) {
                throw new BadParameterException(parameter, "'" + parameter + "' is outside the Web Mercator extent ±"
                        + Math.round(MERCATOR_MAX) + " m");
            }
        }
        return Bbox.parse(parameter, lon(v[0]) + "," + lat(v[1]) + "," + lon(v[2]) + "," + lat(v[3]));
    }

    private static double lon(double x) {
        return Math.max(-180, Math.min(180, Math.toDegrees(x / EARTH_RADIUS)));
    }

    private static double lat(double y) {
        return Math.max(-90, Math.min(90, Math.toDegrees(Math.atan(Math.sinh(y / EARTH_RADIUS)))));
    }

    /**
     * SQL for geometry {@code column} (EPSG:4326, lon/lat) as this CRS, for {@code ST_AsGeoJSON}: polygons follow
     * the right-hand rule of RFC 7946 §3.1.6 on the ground (exterior rings counter-clockwise in lon/lat, as every
     * other GeoJSON output of the app), whatever winding they were stored in.
     */
    String fromStorage(String column) {
        String wound = org.incidentmapper.incident.IncidentFields.wound(column);
        return switch (this) {
            case CRS84 -> wound;
            case EPSG_4326 -> "ST_FlipCoordinates(" + wound + ")";
            case EPSG_3857 -> "ST_Transform(" + wound + ", 3857)";
        };
    }

    /** SQL for a geometry expression given in this CRS (with its SRID set), as EPSG:4326 lon/lat. */
    String toStorage(String geometry) {
        return switch (this) {
            case CRS84 -> geometry;
            case EPSG_4326 -> "ST_FlipCoordinates(" + geometry + ")";
            case EPSG_3857 -> "ST_Transform(" + geometry + ", 4326)";
        };
    }

    /** Decimal places that keep ~0.1 m: degrees or metres. */
    int digits() {
        return this == EPSG_3857 ? 1 : 6;
    }
}
