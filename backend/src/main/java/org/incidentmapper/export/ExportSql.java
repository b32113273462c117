package org.incidentmapper.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.incidentmapper.incident.IncidentFields;
import org.incidentmapper.incident.SourceFields;

/**
 * The SQL ogr2ogr runs for each export, all from one list of columns and one {@code FROM … WHERE} so every format
 * carries the same rows and the same values. {@code where} is the filter's condition on alias {@code i} with
 * its values as literals ({@code IncidentFilter.sqlWhereLiterals}).
 */
final class ExportSql {

    /** Largest DBF text value, in bytes. */
    static final int DBF_TEXT_BYTES = 254;

    enum Type { INTEGER, DATE, TEXT }

    /**
     * One exported attribute.
     *
     * @param shapefile its name in a shapefile (at most 10 characters)
     * @param name      its name in CSV and KML (and, for incident fields, GeoPackage)
     * @param sql       its value: an expression on {@code i} (incident) and {@code src} (its sources flattened)
     * @param meaning   one line for FIELDS.txt
     */
    record Column(String shapefile, String name, String sql, Type type, String meaning) {
    }

    /** Every exported column, from the field registry: the incident's fields, with its sources flattened. */
    static final List<Column> COLUMNS = columns();

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        for (IncidentFields f : IncidentFields.values()) {
            if (f == IncidentFields.SOURCES) {
                columns.add(new Column(SourceFields.COUNT_EXPORT, SourceFields.COUNT_CSV, "src.n", Type.INTEGER,
                        "number of sources"));
                for (SourceFields s : SourceFields.exported()) {
                    columns.add(new Column(s.export, s.flattened, "src." + s.flattened.substring("source_".length()),
                            Type.TEXT, s.description + " of each source (empty item: none)"));
                }
            } else if (f.export != null) {
                String sql = switch (f.type) {
                    case CODES -> "array_to_string(i." + f.column + ", ',')";
                    case BOOLEAN -> "CAST(" + f.featureSql() + " AS text)";
                    case TIMESTAMP -> utc(f.featureSql());
                    default -> f.featureSql();
                };
                Type type = switch (f.type) {
                    case INTEGER -> Type.INTEGER;
                    case DATE -> Type.DATE;
                    default -> Type.TEXT;
                };
                columns.add(new Column(f.export, f.csv, sql, type, f.description));
            }
        }
        return List.copyOf(columns);
    }

    /** Separator of the items of a flattened source field. */
    static final String SEPARATOR = " | ";

    /** The source fields flattened into one value each: lateral alias → item of one source (never null). */
    private static final Map<String, String> SOURCE_ITEMS = new LinkedHashMap<>();

    static {
        SOURCE_ITEMS.put("outlets", "s.outlet");
        SOURCE_ITEMS.put("urls", "coalesce(s.url, '')");
        SOURCE_ITEMS.put("dates", "coalesce(to_char(s.published_date, 'YYYY-MM-DD'), '')");
        SOURCE_ITEMS.put("languages", "coalesce(s.language, '')");
    }

    /** The sources of incident {@code i} flattened in source order, one row per incident (none: count 0, nulls). */
    private static final String FROM = from(SOURCE_ITEMS.entrySet().stream()
            .map(e -> "string_agg(" + e.getValue() + ", '" + SEPARATOR + "' ORDER BY s.position) AS " + e.getKey()));

    /**
     * As {@link #FROM}, but each flattened field is its length in bytes, summed from the items instead of joined
     * from them: the same number, without building a million strings.
     */
    private static final String FROM_LENGTHS = from(SOURCE_ITEMS.entrySet().stream()
            .map(e -> "sum(octet_length(" + e.getValue() + ")) + " + SEPARATOR.length() + " * (count(*) - 1) AS "
                    + e.getKey()));

    private static String from(Stream<String> flattened) {
        return "\n FROM incident i\n LEFT JOIN LATERAL (SELECT count(*)::integer AS n, "
                + flattened.collect(Collectors.joining(", "))
                + " FROM incident_source s WHERE s.incident_id = i.id) src ON true\n";
    }

    private static final String ORDER = " ORDER BY i.start_date, i.id";

    private ExportSql() {
    }

    /**
     * One shapefile layer: text cut to {@value #DBF_TEXT_BYTES} bytes at a character boundary and declared
     * {@code widths.get(field)} bytes wide (the widest value of the export, from {@link #shapefileTextStats}: GDAL
     * would otherwise make every text field 80 bytes or more, most of them blank), the names of the fields cut in
     * {@code cut_fields}; {@code polygons} chooses polygons (as MultiPolygon) or points.
     */
    static String shapefile(String where, boolean polygons, Map<String, Integer> widths) {
        String columns = COLUMNS.stream().map(c -> switch (c.type()) {
            case TEXT -> "CAST(export_cut(" + c.sql() + ", " + DBF_TEXT_BYTES + ") AS varchar("
                    + Math.max(1, Math.min(DBF_TEXT_BYTES, widths.getOrDefault(c.shapefile(), DBF_TEXT_BYTES))) + ")) AS "
                    + c.shapefile();
            default -> c.sql() + " AS " + c.shapefile();
        }).collect(Collectors.joining(", "));
        List<Column> text = COLUMNS.stream().filter(c -> c.type() == Type.TEXT).toList();
        String cut = text.stream()
                .map(c -> "CASE WHEN octet_length(" + c.sql() + ") > " + DBF_TEXT_BYTES + " THEN '" + c.shapefile()
                        + "' END")
                .collect(Collectors.joining(", ", "nullif(concat_ws(',', ", "), '')"));
        int cutWidth = text.stream().mapToInt(c -> c.shapefile().length() + 1).sum();
        String geometry = polygons ? "ST_Multi(i.geom)" : "i.geom";
        String kind = polygons ? "<> 'POINT'" : "= 'POINT'";
        return "SELECT " + columns + ", CAST(" + cut + " AS varchar(" + cutWidth + ")) AS cut_fields, " + geometry
                + " AS geom" + FROM + "WHERE (" + where + ") AND GeometryType(i.geom) " + kind + ORDER;
    }

    /**
     * For each shapefile text field {@code f} of the export: {@code cut_f}, how many rows exceed the DBF limit, and
     * {@code bytes_f}, the longest value in bytes (null when no row has one).
     */
    static String shapefileTextStats(String where) {
        return COLUMNS.stream().filter(c -> c.type() == Type.TEXT)
                .map(c -> {
                    // a flattened source field is already a length in FROM_LENGTHS
                    String bytes = c.sql().startsWith("src.") ? c.sql() : "octet_length(" + c.sql() + ")";
                    return "count(*) FILTER (WHERE " + bytes + " > " + DBF_TEXT_BYTES + ") AS cut_" + c.shapefile()
                            + ", max(" + bytes + ") AS bytes_" + c.shapefile();
                })
                .collect(Collectors.joining(", ", "SELECT ", FROM_LENGTHS + "WHERE " + where));
    }

    /**
     * CSV: every column under its full name, dates as YYYY-MM-DD, text made safe for spreadsheets, then lon and lat
     * of a point on the geometry (the geometry itself becomes the WKT column).
     */
    static String csv(String where) {
        String columns = COLUMNS.stream().map(c -> switch (c.type()) {
            case INTEGER -> c.sql() + " AS " + c.name();
            case DATE -> "to_char(" + c.sql() + ", 'YYYY-MM-DD') AS " + c.name();
            case TEXT -> "export_csv_cell(" + c.sql() + ") AS " + c.name();
        }).collect(Collectors.joining(", "));
        return "SELECT " + columns + ", ST_X(ST_PointOnSurface(i.geom)) AS lon, ST_Y(ST_PointOnSurface(i.geom)) AS lat,"
                + " i.geom" + FROM + "WHERE " + where + ORDER;
    }

    /** KML: every column under its full name, dates as YYYY-MM-DD (title and description become name and description). */
    static String kml(String where) {
        String columns = COLUMNS.stream().map(c -> switch (c.type()) {
            case DATE -> "to_char(" + c.sql() + ", 'YYYY-MM-DD') AS " + c.name();
            default -> c.sql() + " AS " + c.name();
        }).collect(Collectors.joining(", "));
        return "SELECT " + columns + ", i.geom" + FROM + "WHERE " + where + ORDER;
    }

    /** GeoPackage layer {@code incidents}: the incident row at full length with its types; sources are a layer of their own. */
    static String geopackageIncidents(String where) {
        return """
                SELECT i.id, i.external_id, i.category, i.title, i.description, i.start_date, i.end_date,
                       i.date_precision, i.location_name, i.location_precision, i.country, i.province, i.victims_count,
                       array_to_string(i.victim_nationalities, ',') AS victim_nationalities, i.status,
                       i.created_at, i.updated_at, i.geom
                FROM incident i WHERE\s""" + where + ORDER;
    }

    /** GeoPackage layer {@code incident_sources}: the sources of the same incidents, one row each. */
    static String geopackageSources(String where) {
        return """
                SELECT s.incident_id, s.position, s.outlet, s.url, s.published_date, s.language
                FROM incident_source s JOIN incident i ON i.id = s.incident_id WHERE\s""" + where
                + ORDER + ", s.position";
    }

    /** FIELDS.txt of the shapefile ZIP: the field mapping and how sources are flattened. */
    static String shapefileFields() {
        StringBuilder text = new StringBuilder("""
                Incident mapper shapefile export

                incidents_points.shp holds the incidents whose geometry is a point, incidents_polygons.shp those whose
                geometry is a polygon (written as MultiPolygon). Coordinates are longitude/latitude, WGS 84 (EPSG:4326);
                text is UTF-8 (see the .cpg files).

                field       type     meaning (column in CSV, KML and GeoPackage exports)
                """);
        for (Column c : COLUMNS) {
            String type = switch (c.type()) {
                case INTEGER -> "integer";
                case DATE -> "date";
                case TEXT -> "text";
            };
            text.append(String.format("%-11s %-8s %s (%s)%n", c.shapefile(), type, c.meaning(), c.name()));
        }
        text.append(String.format("%-11s %-8s %s%n", "cut_fields", "text",
                "names of this row's fields that were cut, separated by commas; empty: none"));
        text.append("""

                Sources: an incident can have several. src_count holds their number; src_outlet, src_url, src_date and
                src_lang hold one value per source, in source order, joined with " | " (space, bar, space), so the n-th
                item of each belongs to the same source. An item is empty when that source lacks the value. To split a
                value, cut it at each "|" and trim the spaces around each item (a DBF drops a value's trailing spaces,
                so "https://a.example | " reads back as "https://a.example |").

                Text longer than %d bytes (the most a DBF text field holds) is cut at the last whole character
                within that limit. cut_fields names the fields cut in each row; TRUNCATED.txt, present only when
                something was cut, counts them. The GeoPackage export keeps every value at full length.
                """.formatted(DBF_TEXT_BYTES));
        return text.toString();
    }

    private static String utc(String column) {
        return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
    }
}
