package org.incidentmapper.site;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.incidentmapper.web.Bbox;

/**
 * The SQL ogr2ogr runs for the {@code sites} and {@code relocations} layers of the GeoPackage and shapefile
 * exports (org.incidentmapper.export.Exporter). Both follow the export's time window and bbox (a site when its
 * lifecycle overlaps the window, a relocation when its date is in it) and ignore the incident-only filters. Values
 * enter as literals made here from typed values (dates, numbers): ogr2ogr cannot bind parameters. Run as the
 * caller's role (PGOPTIONS), so a viewer's export reads the generalised sites like the API.
 */
public final class SiteExportSql {

    /** Most bytes of a DBF text field; longer text is cut at a character (export_cut). */
    private static final int DBF_TEXT_BYTES = 254;

    private SiteExportSql() {
    }

    /** Which sites: {@code points}/{@code polygons} for the two shapefiles, {@code ALL} for the GeoPackage. */
    public enum Geometries { ALL, POINTS, POLYGONS }

    /**
     * Layer {@code sites}: one row per site, lists joined with " | " (aliases, operators, states as "state
     * YYYY-MM-DD"), {@code state} the one in force at the window's end, {@code incidents} the count the caller may
     * see. {@code shapefile}: text cut to the DBF limit.
     */
    public static String sites(LocalDate from, LocalDate to, Bbox bbox, Geometries geometries, boolean shapefile) {
        StringBuilder where = new StringBuilder("TRUE");
        if (from != null || to != null) {
            where.append(" AND site_period(s.id) && daterange(").append(date(from)).append(", ").append(date(to))
                    .append(", '[]')");
        }
        if (bbox != null) {
            where.append(" AND ST_Intersects(s.geom, ").append(envelope(bbox)).append(")");
        }
        if (geometries != Geometries.ALL) {
            where.append(" AND GeometryType(s.geom) = '").append(geometries == Geometries.POINTS ? "POINT" : "POLYGON")
                    .append("'");
        }
        return "SELECT s.id, " + text("s.key", shapefile) + " AS key, s.kind, " + text("s.name", shapefile)
                + " AS name, " + text("(SELECT string_agg(a.name, ' | ' ORDER BY a.position) FROM site_alias a"
                        + " WHERE a.site_id = s.id)", shapefile) + " AS aliases, "
                + text("array_to_string(s.operators, ' | ')", shapefile) + " AS operators, s.country, s.province, "
                + "s.location_precision AS loc_prec, s.sensitive, " + text("s.description", shapefile) + " AS descr, "
                + "(SELECT st.state FROM site_state st WHERE st.site_id = s.id AND st.start_date <= "
                + (to == null ? "DATE 'infinity'" : date(to)) + " ORDER BY st.start_date DESC, st.id DESC LIMIT 1)"
                + " AS state, " + text("(SELECT string_agg(st.state || ' ' || to_char(st.start_date, 'YYYY-MM-DD'),"
                        + " ' | ' ORDER BY st.start_date, st.id) FROM site_state st WHERE st.site_id = s.id)", shapefile)
                + " AS states, (SELECT CASE WHEN count(*) = 0 THEN 0 ELSE max(c.n) END FROM site_incident_count c"
                + " WHERE c.site_id = s.id) AS incidents, s.version, ST_ForcePolygonCCW(s.geom) AS geom"
                + " FROM site s WHERE " + where + " ORDER BY s.id";
    }

    /**
     * Layer {@code relocations}: LineStrings from the first site's point to the second's (as {@code GET
     * /api/relocations} draws them), with the sites' ids and names and the sources' outlets and URLs joined with
     * " | " in source order.
     */
    public static String relocations(LocalDate from, LocalDate to, Bbox bbox, boolean shapefile) {
        String line = "ST_MakeLine(" + SiteSql.anchor("fs.geom") + ", " + SiteSql.anchor("ts.geom") + ")";
        StringBuilder where = new StringBuilder("TRUE");
        if (from != null) {
            where.append(" AND r.date >= ").append(date(from));
        }
        if (to != null) {
            where.append(" AND r.date <= ").append(date(to));
        }
        if (bbox != null) {
            where.append(" AND ST_Intersects(").append(line).append(", ").append(envelope(bbox)).append(")");
        }
        return "SELECT r.id, r.kind, r.date, r.date_precision AS date_prec, fs.id AS from_id, "
                + text("fs.name", shapefile) + " AS from_name, ts.id AS to_id, " + text("ts.name", shapefile)
                + " AS to_name, " + text("r.note", shapefile) + " AS note, "
                + text("(SELECT string_agg(src.outlet, ' | ' ORDER BY src.position) FROM relocation_source src"
                        + " WHERE src.relocation_id = r.id)", shapefile) + " AS src_outlet, "
                + text("(SELECT string_agg(coalesce(src.url, ''), ' | ' ORDER BY src.position) FROM relocation_source"
                        + " src WHERE src.relocation_id = r.id)", shapefile) + " AS src_url, r.version, "
                + line + " AS geom" + SiteSql.RELOCATION_FROM + " WHERE " + where + " ORDER BY r.date, r.id";
    }

    private static String text(String sql, boolean shapefile) {
        return shapefile ? "export_cut(" + sql + ", " + DBF_TEXT_BYTES + ")" : sql;
    }

    private static String date(LocalDate date) {
        return date == null ? "CAST(NULL AS date)" : "DATE '" + date + "'";
    }

    private static String envelope(Bbox b) {
        return "ST_MakeEnvelope(" + number(b.minLon()) + ", " + number(b.minLat()) + ", " + number(b.maxLon()) + ", "
                + number(b.maxLat()) + ", 4326)";
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).toPlainString();
    }
}
