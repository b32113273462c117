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

    /** How a column is written: natively where a format has the type, else as text (see each format). */
    enum Type { INTEGER, BOOLEAN, DATE, TIMESTAMP, TEXT }

    /**
     * One exported attribute.
     *
     * @param shapefile  its name in a shapefile (at most 10 characters)
     * @param name       its name in CSV, KML and GeoPackage
     * @param sql        its value: an expression on {@code i} (incident) and {@code src} (its sources flattened)
     * @param meaning    one line for FIELDS.txt
     * @param geopackage whether the GeoPackage's incidents layer has it (the flattened sources are left to the
     *                   related {@code incident_sources} table there)
     */
    record Column(String shapefile, String name, String sql, Type type, String meaning, boolean geopackage) {

        Column(String shapefile, String name, String sql, Type type, String meaning) {
            this(shapefile, name, sql, type, meaning, true);
        }
    }

    /**
     * Every field of an incident a GIS user needs, in the order of every export, from the field registry
     * ({@link IncidentFields}, its sources flattened per {@link SourceFields}): the same values as the API's Feature,
     * read through the caller's connection, so a viewer gets the generalised views' values.
     */
    static final List<Column> COLUMNS = columns();

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        for (IncidentFields f : IncidentFields.values()) {
            if (f == IncidentFields.SOURCES) {
                columns.add(new Column(SourceFields.COUNT_EXPORT, SourceFields.COUNT_CSV, "src.n", Type.INTEGER,
                        "number of sources"));
                // the GeoPackage has the sources as a related table instead
                for (SourceFields s : SourceFields.exported()) {
                    columns.add(new Column(s.export, s.flattened, "src." + s.flattened.substring("source_".length()),
                            Type.TEXT, s.description + " of each source (empty item: none)", false));
                }
            } else if (f.export != null) {
                String sql = f.type == IncidentFields.Type.CODES ? "array_to_string(i." + f.column + ", ',')"
                        : "(" + f.featureSql() + ")";
                Type type = switch (f.type) {
                    case INTEGER -> Type.INTEGER;
                    case BOOLEAN -> Type.BOOLEAN;
                    case DATE -> Type.DATE;
                    case TIMESTAMP -> Type.TIMESTAMP;
                    default -> Type.TEXT;
                };
                columns.add(new Column(f.export, f.csv, sql, type, f.description));
            }
        }
        return List.copyOf(columns);
    }

    /**
     * The geometry as every export but the shapefile writes it: polygons with a counter-clockwise exterior and
     * clockwise holes (RFC 7946's right-hand rule, which KML 2.2 asks for too), whatever winding was stored; the
     * shapefile driver writes the winding its own format prescribes.
     */
    static final String GEOMETRY = IncidentFields.wound("i.geom") + " AS geom";

    /** Separator of the items of a flattened source field. */
    static final String SEPARATOR = " | ";

    /** The source fields flattened into one value each: lateral alias → item of one source (never null). */
    private static final Map<String, String> SOURCE_ITEMS = new LinkedHashMap<>();

    static {
        SOURCE_ITEMS.put("outlets", "s.outlet");
        SOURCE_ITEMS.put("urls", "coalesce(s.url, '')");
        SOURCE_ITEMS.put("dates", "coalesce(to_char(s.published_date, 'YYYY-MM-DD'), '')");
        SOURCE_ITEMS.put("languages", "coalesce(s.language, '')");
        SOURCE_ITEMS.put("reliabilities", "coalesce(s.reliability, '')");
        SOURCE_ITEMS.put("credibilities", "coalesce(CAST(s.credibility AS text), '')");
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
            case TIMESTAMP -> "CAST(" + utc(c.sql()) + " AS varchar(20)) AS " + c.shapefile();
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
     * CSV: every column under its full name, dates as YYYY-MM-DD, booleans as true/false, times as UTC text, text
     * made safe for spreadsheets, then lon and lat of a point on the geometry ({@code ST_PointOnSurface}: inside a
     * polygon, so QGIS's text loader places polygons and points alike from these two columns; the geometry itself
     * becomes the WKT column). Coordinates are WGS 84 (EPSG:4326).
     */
    static String csv(String where) {
        String columns = COLUMNS.stream().map(c -> switch (c.type()) {
            case INTEGER -> c.sql() + " AS " + c.name();
            case BOOLEAN -> "CAST(" + c.sql() + " AS text) AS " + c.name();
            case DATE -> "to_char(" + c.sql() + ", 'YYYY-MM-DD') AS " + c.name();
            case TIMESTAMP -> utc(c.sql()) + " AS " + c.name();
            case TEXT -> "export_csv_cell(" + c.sql() + ") AS " + c.name();
        }).collect(Collectors.joining(", "));
        return "SELECT " + columns + ", ST_X(ST_PointOnSurface(i.geom)) AS lon, ST_Y(ST_PointOnSurface(i.geom)) AS lat, "
                + GEOMETRY + FROM + "WHERE " + where + ORDER;
    }

    /**
     * KML (GDAL's LIBKML driver): every column under its full name, dates as YYYY-MM-DD, booleans as true/false,
     * times as UTC text; title and description also become the placemark's name and description. For Google
     * Earth's time slider: {@code timestamp} (a TimeStamp) for a one-day incident, else {@code begin} and {@code end}
     * (a TimeSpan; no end: still running).
     */
    static String kml(String where) {
        String columns = COLUMNS.stream().map(c -> switch (c.type()) {
            case DATE -> "to_char(" + c.sql() + ", 'YYYY-MM-DD') AS " + c.name();
            case BOOLEAN -> "CAST(" + c.sql() + " AS text) AS " + c.name();
            case TIMESTAMP -> utc(c.sql()) + " AS " + c.name();
            default -> c.sql() + " AS " + c.name();
        }).collect(Collectors.joining(", "));
        return "SELECT " + columns + ", i.title AS name, "
                + "CASE WHEN i.end_date = i.start_date THEN to_char(i.start_date, 'YYYY-MM-DD') END AS timestamp, "
                + "CASE WHEN i.end_date IS DISTINCT FROM i.start_date THEN to_char(i.start_date, 'YYYY-MM-DD') END AS begin, "
                + "CASE WHEN i.end_date <> i.start_date THEN to_char(i.end_date, 'YYYY-MM-DD') END AS \"end\", "
                + GEOMETRY + FROM + "WHERE " + where + ORDER;
    }

    /**
     * GeoPackage layer {@code incidents}: the columns at full length with their types (dates, booleans, times);
     * the incident id becomes the layer's fid (ogr2ogr {@code -lco FID=id}).
     */
    static String geopackageIncidents(String where) {
        String columns = COLUMNS.stream().filter(Column::geopackage)
                .map(c -> c.sql() + " AS " + c.name()).collect(Collectors.joining(", "));
        return "SELECT " + columns + ", " + GEOMETRY + FROM + "WHERE " + where + ORDER;
    }

    /** Numbers the export's sources 1, 2, … in export order: their fid in {@code incident_sources}. */
    private static final String SOURCE_NUMBER = "row_number() OVER (ORDER BY i.start_date, i.id, s.position)";

    private static final String SOURCES_FROM = " FROM incident_source s JOIN incident i ON i.id = s.incident_id WHERE ";

    /** GeoPackage table {@code incident_sources}: the sources of the same incidents, one row each, with their fid. */
    static String geopackageSources(String where) {
        return "SELECT " + SOURCE_NUMBER + " AS fid, s.incident_id, s.position, s.outlet, s.url, s.published_date, "
                + "s.language, s.reliability, s.credibility" + SOURCES_FROM + where + ORDER + ", s.position";
    }

    /**
     * GeoPackage mapping table of the related-tables extension: incident fid (base_id) → source fid (related_id),
     * numbered exactly as {@link #geopackageSources} numbers them (same snapshot, same order).
     */
    static String geopackageSourceMapping(String where) {
        return "SELECT s.incident_id AS base_id, " + SOURCE_NUMBER + " AS related_id" + SOURCES_FROM + where + ORDER
                + ", s.position";
    }

    /** FIELDS.txt of the shapefile ZIP: the field mapping and how sources are flattened. */
    static String shapefileFields() {
        StringBuilder text = new StringBuilder("""
                Incident mapper shapefile export

                incidents_points.shp holds the incidents whose geometry is a point, incidents_polygons.shp those whose
                geometry is a polygon (written as MultiPolygon). Coordinates are longitude/latitude, WGS 84 (EPSG:4326);
                text is UTF-8 (see the .cpg files).

                sites_points.shp and sites_polygons.shp hold the sites (compounds, casinos, hospitals) whose lifecycle
                overlaps the export's time window, relocations.shp the relocations dated in it, as lines from the first
                site to the second; lists (aliases, operators, states, sources) are joined with " | ". README "Sites
                and relocations" describes their fields.

                field       type     meaning (column in CSV, KML and GeoPackage exports)
                """);
        for (Column c : COLUMNS) {
            String type = switch (c.type()) {
                case INTEGER -> "integer";
                case BOOLEAN -> "1/0";
                case DATE -> "date";
                case TIMESTAMP, TEXT -> "text";
            };
            text.append(String.format("%-11s %-8s %s (%s)%n", c.shapefile(), type, c.meaning(), c.name()));
        }
        text.append(String.format("%-11s %-8s %s%n", "cut_fields", "text",
                "names of this row's fields that were cut, separated by commas; empty: none"));
        text.append("""

                Sources: an incident can have several. src_count holds their number; src_outlet, src_url, src_date,
                src_lang, src_rel and src_cred hold one value per source, in source order, joined with " | " (space, bar, space), so the n-th
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
