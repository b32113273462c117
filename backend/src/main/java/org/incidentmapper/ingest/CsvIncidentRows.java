package org.incidentmapper.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.incidentmapper.incident.IncidentFields;
import org.incidentmapper.incident.RecordError;
import org.incidentmapper.incident.SourceFields;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads incidents from CSV (see README "CSV columns"): each row becomes the same properties a GeoJSON Feature has,
 * so {@link org.incidentmapper.incident.RecordValidator} applies the same rules to both. Column names are the
 * fields' CSV names in {@link IncidentFields}, the ones the CSV export writes, so an export reads back as it is:
 * server-set and derived columns (id, version, …) are read and ignored, cells the export escaped for spreadsheets
 * are unescaped, and sources may be the export's lists ({@code source_outlets}, …). Geometry comes from
 * {@code lon}/{@code lat}, or {@code wkt}, or, when neither is given, from the gazetteer via {@code place}. Sources
 * are numbered column groups: {@code source_outlet, source_url, source_published, source_language}, then
 * {@code source2_…}, {@code source3_…}. Unknown columns refuse the whole file (a misspelt header would otherwise
 * drop a column silently), except {@code error}, which the rejected-rows CSV adds, so a fixed rejected-rows file
 * can be imported as it is.
 */
final class CsvIncidentRows implements ImportRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Columns that are no field of their own: coordinates, a place name to geocode, the rejected-rows error. */
    private static final Set<String> OTHER = Set.of("lon", "lat", "place", "error", SourceFields.COUNT_CSV);
    private static final Pattern SOURCE_COLUMN = Pattern.compile("source([1-9][0-9]?)?_([a-z]+)");
    private static final Pattern SOURCE_FIELD = Pattern.compile("sources\\[(\\d+)]\\.(\\w+)");
    /** A text cell the export escaped for spreadsheets ({@code export_csv_cell}): a quote before what it guards. */
    private static final Pattern FORMULA_ESCAPE = Pattern.compile("'[=+@\t\r'-].*", Pattern.DOTALL);
    /** Separator of the items of a flattened source column ({@link SourceFields#SEPARATOR}, spaces optional). */
    private static final Pattern ITEM_SEPARATOR = Pattern.compile("\\s*\\|\\s*");
    /** How far the lon/lat beside a wkt may lie from its geometry, in degrees (the stored precision). */
    private static final double ON_GEOMETRY = 1.5e-6;

    private final CsvReader csv;
    private final List<String> header;
    private final int maxSource;
    private final boolean commaDecimals;
    private final WKTReader wkt = new WKTReader();
    private int number;

    private final ImportLimits limits;

    private CsvIncidentRows(CsvReader csv, List<String> header, int maxSource, ImportLimits limits) {
        this.limits = limits;
        this.csv = csv;
        this.header = header;
        this.maxSource = maxSource;
        this.commaDecimals = csv.delimiter() == ';';
    }

    static CsvIncidentRows open(InputStream in) throws IOException {
        return open(in, ImportLimits.DEFAULT);
    }

    static CsvIncidentRows open(InputStream in, ImportLimits limits) throws IOException {
        CsvReader csv = CsvReader.open(in, limits.maxFieldChars());
        List<String> header = csv.next();
        if (header == null) {
            throw new UnreadableFile("The file is empty: it needs a header line naming the columns");
        }
        header = header.stream().map(h -> h.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        int maxSource = 0;
        for (String column : header) {
            if (!seen.add(column)) {
                throw new UnreadableFile("Column '" + column + "' appears twice in the header");
            }
            Matcher source = SOURCE_COLUMN.matcher(column);
            if (source.matches() && SourceFields.byCsv(source.group(2)).isPresent()) {
                maxSource = Math.max(maxSource, source.group(1) == null ? 1 : Integer.parseInt(source.group(1)));
            } else if (IncidentFields.byCsv(column).isEmpty() && SourceFields.byFlattened(column).isEmpty()
                    && !OTHER.contains(column)) {
                unknown.add(column);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnreadableFile("Unknown column(s) " + unknown + " in the header (delimiter '"
                    + csv.delimiter() + "'); known columns: " + knownColumns());
        }
        return new CsvIncidentRows(csv, header, maxSource, limits);
    }

    /** The columns a file may have: every field's, lon/lat, place, the numbered and flattened source columns. */
    static String knownColumns() {
        List<String> known = new ArrayList<>();
        for (IncidentFields f : IncidentFields.values()) {
            if (f.csv != null) {
                known.add(f.csv);
            }
        }
        known.addAll(List.of("lon", "lat", "place"));
        SourceFields.properties().forEach(f -> known.add("source_" + f.csv));
        known.add("source2_" + SourceFields.OUTLET.csv);
        known.add("…");
        SourceFields.exported().forEach(f -> known.add(f.flattened));
        return String.join(", ", known);
    }

    char delimiter() {
        return csv.delimiter();
    }

    @Override
    public List<String> columns() {
        return header.stream().filter(c -> !c.equals("error")).toList();
    }

    @Override
    public ImportRow next() throws IOException {
        List<String> fields = csv.next();
        if (fields == null) {
            return null;
        }
        number++;
        List<RecordError> errors = new ArrayList<>();
        List<String> original = new ArrayList<>(columns().size());
        for (int i = 0; i < header.size(); i++) {
            if (!header.get(i).equals("error")) {
                // a NUL cannot be stored in PostgreSQL text, not even in the rejected-rows CSV
                original.add(i < fields.size() ? fields.get(i).replace('\0', '\uFFFD') : "");
            }
        }
        if (csv.fieldCount() != header.size()) {
            errors.add(new RecordError(number, "row", "has " + csv.fieldCount() + " fields, the header has "
                    + header.size() + " (delimiter '" + csv.delimiter() + "'; a field holding the delimiter or a "
                    + "line break must be in double quotes)"));
            return new ImportRow(number, csv.line(), null, null, errors, original);
        }
        for (int i : csv.oversized()) {
            errors.add(new RecordError(number, header.get(i), "is longer than " + limits.maxFieldChars()
                    + " characters (setting mapper.import.max-field-chars)"));
        }
        for (int i = 0; i < header.size(); i++) {
            if (fields.get(i).indexOf('\0') >= 0) {
                errors.add(new RecordError(number, header.get(i), "holds a NUL character, which text may not contain"));
            }
        }
        if (!errors.isEmpty()) {
            return new ImportRow(number, csv.line(), null, null, errors, original);
        }
        ObjectNode properties = JSON.createObjectNode();
        List<ObjectNode> sources = new ArrayList<>();
        for (int s = 0; s < maxSource; s++) {
            sources.add(JSON.createObjectNode());
        }
        Map<SourceFields, String[]> flattened = new java.util.EnumMap<>(SourceFields.class);
        String lon = null;
        String lat = null;
        String wktText = null;
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String value = unescaped(fields.get(i).strip());
            if (value.isEmpty()) {
                continue;
            }
            Matcher source = SOURCE_COLUMN.matcher(column);
            IncidentFields field = IncidentFields.byCsv(column).orElse(null);
            if (field == IncidentFields.GEOMETRY) {
                wktText = value;
            } else if (field != null) {
                switch (field.type) {
                    case INTEGER -> properties.set(field.json, value.matches("-?\\d{1,9}")
                            ? JSON.getNodeFactory().numberNode(Integer.parseInt(value))
                            : JSON.getNodeFactory().stringNode(value));
                    case CODES -> {
                        ArrayNode codes = properties.putArray(field.json);
                        for (String code : value.split("[;,|\\s]+")) {
                            if (!code.isEmpty()) {
                                codes.add(code);
                            }
                        }
                    }
                    default -> properties.put(field.json, value);
                }
            } else if (source.matches() && SourceFields.byCsv(source.group(2)).isPresent()) {
                int n = source.group(1) == null ? 1 : Integer.parseInt(source.group(1));
                sources.get(n - 1).put(SourceFields.byCsv(source.group(2)).get().json, value);
            } else if (SourceFields.byFlattened(column).isPresent()) {
                flattened.put(SourceFields.byFlattened(column).get(), ITEM_SEPARATOR.split(value, -1));
            } else {
                switch (column) {
                    case "lon" -> lon = value;
                    case "lat" -> lat = value;
                    case "place" -> properties.put("place", value);
                    default -> { } // error (the rejected-rows column) and source_count: not input
                }
            }
        }
        if (!flattened.isEmpty()) {
            unflatten(flattened, sources, errors);
        }
        ArrayNode sourceArray = JSON.createArrayNode();
        for (ObjectNode source : sources) {
            if (!source.isEmpty()) {
                sourceArray.add(source);
            }
        }
        properties.set("sources", sourceArray);
        JsonNode geometry = geometry(lon, lat, wktText, errors);
        return new ImportRow(number, csv.line(), properties, geometry, errors, original);
    }

    /** A cell the export escaped for spreadsheets, as it was: {@code '=x} → {@code =x}, {@code ''x} → {@code 'x}. */
    static String unescaped(String value) {
        return FORMULA_ESCAPE.matcher(value).matches() ? value.substring(1) : value;
    }

    /**
     * Sources given as the export flattens them, one column per source field holding the items of every source
     * joined with " | ", back into one source per item position (an empty item: that source lacks the value).
     */
    private void unflatten(Map<SourceFields, String[]> flattened, List<ObjectNode> sources, List<RecordError> errors) {
        if (maxSource > 0) {
            errors.add(new RecordError(number, flattened.keySet().iterator().next().flattened,
                    "give sources either as numbered columns (source_outlet, source2_outlet, …) or as lists "
                            + "(source_outlets, …), not both"));
            return;
        }
        int count = flattened.values().stream().mapToInt(items -> items.length).max().orElse(0);
        for (int n = 0; n < count; n++) {
            ObjectNode source = JSON.createObjectNode();
            for (var e : flattened.entrySet()) {
                String item = n < e.getValue().length ? e.getValue()[n].strip() : "";
                if (!item.isEmpty()) {
                    source.put(e.getKey().json, item);
                }
            }
            sources.add(source);
        }
    }

    /**
     * The geometry from wkt, or from lon/lat. Both may be given only as the export gives them: lon/lat a point on
     * the wkt's geometry (its representative point), which then is the geometry.
     */
    private JsonNode geometry(String lon, String lat, String wktText, List<RecordError> errors) {
        if (wktText != null) {
            Geometry g;
            try {
                g = wkt.read(wktText);
                if (g.getNumPoints() > limits.maxVertices()) {
                    errors.add(new RecordError(number, "wkt", "has " + g.getNumPoints() + " positions, more than "
                            + limits.maxVertices() + " (setting mapper.import.max-vertices)"));
                    return null;
                }
            } catch (ParseException | IllegalArgumentException e) {
                errors.add(new RecordError(number, "wkt", "is not WKT: " + e.getMessage()));
                return null;
            }
            if (lon != null || lat != null) {
                Double x = lon == null ? null : number("lon", lon, errors);
                Double y = lat == null ? null : number("lat", lat, errors);
                if (x == null || y == null || g.isEmpty() || g.distance(g.getFactory().createPoint(
                        new org.locationtech.jts.geom.Coordinate(x, y))) > ON_GEOMETRY) {
                    errors.add(new RecordError(number, "wkt", "give either lon and lat or wkt, not both (lon and lat "
                            + "beside wkt must be a point on its geometry, as in the export)"));
                    return null;
                }
            }
            return geoJson(g);
        }
        if (lon == null && lat == null) {
            return null;
        }
        if (lon == null || lat == null) {
            errors.add(new RecordError(number, lon == null ? "lon" : "lat", "is empty; lon and lat go together"));
            return null;
        }
        Double x = number("lon", lon, errors);
        Double y = number("lat", lat, errors);
        if (x == null || y == null) {
            return null;
        }
        return JSON.createObjectNode().put("type", "Point")
                .set("coordinates", JSON.createArrayNode().add(x).add(y));
    }

    private Double number(String column, String text, List<RecordError> errors) {
        String normal = commaDecimals ? text.replace(',', '.') : text;
        if (normal.matches("[+-]?\\d{1,3}(\\.\\d+)?")) {
            return Double.valueOf(normal);
        }
        errors.add(new RecordError(number, column, "'" + text + "' is not a number in decimal degrees"));
        return null;
    }

    /** A JTS geometry as GeoJSON, for {@code GeometryCheck} to judge like any other. */
    private static JsonNode geoJson(Geometry g) {
        ObjectNode node = JSON.createObjectNode().put("type", g.getGeometryType());
        if (g instanceof Point p) {
            node.set("coordinates", position(p.getCoordinate()));
        } else if (g instanceof Polygon p) {
            node.set("coordinates", rings(p));
        } else if (g instanceof org.locationtech.jts.geom.MultiPolygon m) {
            ArrayNode polygons = node.putArray("coordinates");
            for (int i = 0; i < m.getNumGeometries(); i++) {
                polygons.add(rings((Polygon) m.getGeometryN(i)));
            }
        } else {
            node.putArray("coordinates");
        }
        return node;
    }

    private static ArrayNode rings(Polygon p) {
        ArrayNode rings = JSON.createArrayNode();
        rings.add(ring(p.getExteriorRing()));
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            rings.add(ring(p.getInteriorRingN(i)));
        }
        return rings;
    }

    private static ArrayNode ring(LineString ring) {
        ArrayNode positions = JSON.createArrayNode();
        for (var c : ring.getCoordinates()) {
            positions.add(position(c));
        }
        return positions;
    }

    private static ArrayNode position(org.locationtech.jts.geom.Coordinate c) {
        return c == null ? JSON.createArrayNode() : JSON.createArrayNode().add(c.x).add(c.y);
    }

    @Override
    public String fieldName(String property) {
        Matcher source = SOURCE_FIELD.matcher(property);
        if (source.matches()) {
            String n = source.group(1).equals("1") ? "" : source.group(1);
            String part = SourceFields.properties().stream().filter(f -> f.json.equals(source.group(2)))
                    .map(f -> f.csv).findFirst().orElse(source.group(2));
            return "source" + n + "_" + part;
        }
        if (property.equals("geometry")) {
            return header.contains("wkt") && !header.contains("lon") ? "wkt" : "lon/lat";
        }
        return IncidentFields.byJson(property).map(f -> f.csv).orElse(property);
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
