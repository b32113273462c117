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

import org.incidentmapper.incident.RecordError;
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
 * so {@link org.incidentmapper.incident.RecordValidator} applies the same rules to both. Geometry comes from {@code lon}/{@code lat}, or
 * {@code wkt}, or, when neither is given, from the gazetteer via {@code place}. Sources are numbered column groups:
 * {@code source_outlet, source_url, source_published, source_language}, then {@code source2_…}, {@code source3_…}.
 * Unknown columns refuse the whole file (a misspelt header would otherwise drop a column silently), except
 * {@code error}, which the rejected-rows CSV adds, so a fixed rejected-rows file can be imported as it is.
 */
final class CsvIncidentRows implements ImportRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** CSV column → property, for the columns that are one property each. */
    private static final Map<String, String> SIMPLE = Map.ofEntries(Map.entry("external_id", "externalId"),
            Map.entry("category", "category"), Map.entry("title", "title"), Map.entry("description", "description"),
            Map.entry("start_date", "startDate"), Map.entry("end_date", "endDate"),
            Map.entry("date_precision", "datePrecision"), Map.entry("place", "place"),
            Map.entry("location_name", "locationName"), Map.entry("location_precision", "locationPrecision"),
            Map.entry("country", "country"), Map.entry("province", "province"), Map.entry("status", "status"),
            Map.entry("sensitive", "sensitive"));
    private static final Set<String> OTHER = Set.of("lon", "lat", "wkt", "victims_count", "victim_nationalities",
            "error");
    private static final Pattern SOURCE_COLUMN = Pattern.compile("source([1-9][0-9]?)?_(outlet|url|published|language)");
    private static final Map<String, String> SOURCE_PROPERTY = Map.of("outlet", "outlet", "url", "url",
            "published", "publishedDate", "language", "language");
    private static final Pattern SOURCE_FIELD = Pattern.compile("sources\\[(\\d+)]\\.(\\w+)");

    private final CsvReader csv;
    private final List<String> header;
    private final int maxSource;
    private final boolean commaDecimals;
    private final WKTReader wkt = new WKTReader();
    private int number;

    private CsvIncidentRows(CsvReader csv, List<String> header, int maxSource) {
        this.csv = csv;
        this.header = header;
        this.maxSource = maxSource;
        this.commaDecimals = csv.delimiter() == ';';
    }

    static CsvIncidentRows open(InputStream in) throws IOException {
        CsvReader csv = CsvReader.open(in);
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
            if (source.matches()) {
                maxSource = Math.max(maxSource, source.group(1) == null ? 1 : Integer.parseInt(source.group(1)));
            } else if (!SIMPLE.containsKey(column) && !OTHER.contains(column)) {
                unknown.add(column);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnreadableFile("Unknown column(s) " + unknown + " in the header (delimiter '"
                    + csv.delimiter() + "'); known columns: " + knownColumns());
        }
        return new CsvIncidentRows(csv, header, maxSource);
    }

    static String knownColumns() {
        List<String> known = new ArrayList<>(List.of("external_id", "category", "title", "description", "start_date",
                "end_date", "date_precision", "lon", "lat", "wkt", "place", "location_name", "location_precision",
                "country", "province", "victims_count", "victim_nationalities", "status", "sensitive", "source_outlet",
                "source_url", "source_published", "source_language", "source2_outlet", "…"));
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
                original.add(i < fields.size() ? fields.get(i) : "");
            }
        }
        if (fields.size() != header.size()) {
            errors.add(new RecordError(number, "row", "has " + fields.size() + " fields, the header has "
                    + header.size() + " (delimiter '" + csv.delimiter() + "'; a field holding the delimiter or a "
                    + "line break must be in double quotes)"));
            return new ImportRow(number, csv.line(), null, null, errors, original);
        }
        ObjectNode properties = JSON.createObjectNode();
        List<ObjectNode> sources = new ArrayList<>();
        for (int s = 0; s < maxSource; s++) {
            sources.add(JSON.createObjectNode());
        }
        String lon = null;
        String lat = null;
        String wktText = null;
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String value = fields.get(i).strip();
            if (value.isEmpty()) {
                continue;
            }
            String property = SIMPLE.get(column);
            Matcher source = SOURCE_COLUMN.matcher(column);
            if (property != null) {
                properties.put(property, value);
            } else if (source.matches()) {
                int n = source.group(1) == null ? 1 : Integer.parseInt(source.group(1));
                sources.get(n - 1).put(SOURCE_PROPERTY.get(source.group(2)), value);
            } else {
                switch (column) {
                    case "lon" -> lon = value;
                    case "lat" -> lat = value;
                    case "wkt" -> wktText = value;
                    case "victims_count" -> properties.set("victimsCount", value.matches("-?\\d{1,9}")
                            ? JSON.getNodeFactory().numberNode(Integer.parseInt(value))
                            : JSON.getNodeFactory().stringNode(value));
                    case "victim_nationalities" -> {
                        ArrayNode codes = properties.putArray("victimNationalities");
                        for (String code : value.split("[;,|\\s]+")) {
                            if (!code.isEmpty()) {
                                codes.add(code);
                            }
                        }
                    }
                    default -> { } // error: the rejected-rows column, ignored
                }
            }
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

    private JsonNode geometry(String lon, String lat, String wktText, List<RecordError> errors) {
        if (wktText != null && (lon != null || lat != null)) {
            errors.add(new RecordError(number, "wkt", "give either lon and lat or wkt, not both"));
            return null;
        }
        if (wktText != null) {
            try {
                return geoJson(wkt.read(wktText));
            } catch (ParseException | IllegalArgumentException e) {
                errors.add(new RecordError(number, "wkt", "is not WKT: " + e.getMessage()));
                return null;
            }
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
            String part = source.group(2).equals("publishedDate") ? "published" : source.group(2);
            return "source" + n + "_" + part;
        }
        if (property.equals("geometry")) {
            return header.contains("wkt") && !header.contains("lon") ? "wkt" : "lon/lat";
        }
        for (var e : SIMPLE.entrySet()) {
            if (e.getValue().equals(property)) {
                return e.getKey();
            }
        }
        return switch (property) {
            case "victimsCount" -> "victims_count";
            case "victimNationalities" -> "victim_nationalities";
            default -> property;
        };
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
