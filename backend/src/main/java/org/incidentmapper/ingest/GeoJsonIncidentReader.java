package org.incidentmapper.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.incidentmapper.incident.RecordError;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Reads incidents from an RFC 7946 FeatureCollection whose feature properties are named as in the API
 * ({@code category}, {@code title}, {@code startDate}, … {@code sources}; {@code place} may stand in for the
 * geometry). Features are read one at a time from the stream, so memory does not grow with the file, and each
 * feature is built token by token within {@link ImportLimits}: a property value over the length limit, a geometry
 * over the position limit or a NUL character is an error of that feature, and what is over a limit is not kept.
 * Invalid JSON (or text that is not UTF-8) makes the whole file unusable; a string too long for the parser to hold
 * at all is a {@link TooLarge} (413).
 */
final class GeoJsonIncidentReader implements ImportRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A string in the file too long to read at all: the import is refused as too large (413). */
    static final class TooLarge extends UnreadableFile {
        TooLarge(String message) {
            super(message);
        }
    }

    private final JsonParser parser;
    private final ImportLimits limits;
    private List<RecordError> errors;
    private int positions;
    private int nodes;
    private int number;
    private boolean inFeatures;
    private boolean done;

    private GeoJsonIncidentReader(JsonParser parser, ImportLimits limits) {
        this.parser = parser;
        this.limits = limits;
    }

    static GeoJsonIncidentReader open(InputStream in) throws IOException {
        return open(in, ImportLimits.DEFAULT);
    }

    static GeoJsonIncidentReader open(InputStream in, ImportLimits limits) throws IOException {
        JsonMapper bounded = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(StreamReadConstraints
                .builder().maxStringLength(limits.hardStringChars()).build()).build()).build();
        GeoJsonIncidentReader reader = new GeoJsonIncidentReader(bounded.createParser(in), limits);
        reader.findFeatures();
        return reader;
    }

    /** Moves to the first element of the top-level {@code features} array. */
    private void findFeatures() throws IOException {
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notACollection();
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("type") && !"FeatureCollection".equals(parser.getValueAsString())) {
                    throw notACollection();
                }
                if (name.equals("features") && value == JsonToken.START_ARRAY) {
                    inFeatures = true;
                    return;
                }
                parser.skipChildren();
            }
            throw notACollection();
        } catch (JacksonException e) {
            throw unreadable(e);
        }
    }

    @Override
    public ImportRow next() throws IOException {
        if (done) {
            return null;
        }
        try {
            if (!inFeatures || parser.nextToken() != JsonToken.START_OBJECT) {
                if (parser.currentToken() != JsonToken.END_ARRAY) {
                    throw new UnreadableFile("Every element of 'features' must be a Feature object");
                }
                done = true;
                return null;
            }
            number++;
            errors = new ArrayList<>();
            positions = 0;
            nodes = 0;
            JsonNode feature = value(JsonToken.START_OBJECT, "", true);
            if (!"Feature".equals(feature.path("type").asString(""))) {
                errors.add(new RecordError(number, "type", "must be 'Feature'"));
            }
            return new ImportRow(number, 0, feature.get("properties"), feature.get("geometry"), errors,
                    List.of(String.valueOf(number), feature.toString()));
        } catch (StreamConstraintsException e) {
            throw new TooLarge("Feature " + (number) + " holds a value longer than the parser accepts ("
                    + limits.hardStringChars() + " characters); nothing was imported");
        } catch (JacksonException e) {
            throw unreadable(e);
        }
    }

    /**
     * The value starting at {@code token}, kept within the limits; null for what is not kept. {@code path} names it
     * as the report does: {@code title}, {@code sources[1].url}, {@code geometry}.
     */
    private JsonNode value(JsonToken token, String path, boolean store) {
        if (store && ++nodes > maxNodes()) {
            if (nodes == maxNodes() + 1) {
                errors.add(new RecordError(number, "row", "the feature has more than " + maxNodes() + " values"));
            }
            store = false;
        }
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = store ? JSON.createObjectNode() : null;
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    JsonNode child = value(parser.nextToken(), child(path, name), store);
                    if (object != null && child != null) {
                        object.set(name, child);
                    }
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = store ? JSON.createArrayNode() : null;
                int i = 0;
                boolean geometry = path.equals("geometry") || path.startsWith("geometry.") || path.startsWith("geometry[");
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken(), i++) {
                    if (geometry && i == 0 && t.isNumeric() && ++positions == limits.maxVertices() + 1) {
                        errors.add(new RecordError(number, "geometry", "has more than " + limits.maxVertices()
                                + " positions (setting mapper.import.max-vertices)"));
                    }
                    boolean keep = array != null && positions <= limits.maxVertices();
                    JsonNode child = value(t, path + "[" + i + "]", keep);
                    if (keep && child != null) {
                        array.add(child);
                    }
                }
                return array;
            }
            case VALUE_STRING -> {
                String text = parser.getString();
                if (text.length() > limits.maxFieldChars()) {
                    errors.add(new RecordError(number, field(path), "is longer than " + limits.maxFieldChars()
                            + " characters (setting mapper.import.max-field-chars)"));
                    return store ? StringNode.valueOf("") : null;
                }
                if (text.indexOf('\0') >= 0) {
                    errors.add(new RecordError(number, field(path), "holds a NUL character, which text may not contain"));
                    text = text.replace('\0', '\uFFFD');
                }
                return store ? StringNode.valueOf(text) : null;
            }
            default -> {
                return store ? parser.readValueAsTree() : null;
            }
        }
    }

    private int maxNodes() {
        return 4 * limits.maxVertices() + 100_000;
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** A path as the report names fields: a property's own name (properties.title → title), else as it is. */
    private static String field(String path) {
        String field = path.startsWith("properties.") ? path.substring("properties.".length()) : path;
        return field.startsWith("geometry") ? "geometry" : field;
    }

    private static UnreadableFile notACollection() {
        return new UnreadableFile("The file must be a GeoJSON FeatureCollection with a 'features' array");
    }

    private static UnreadableFile unreadable(JacksonException e) {
        return new UnreadableFile("The file is not valid JSON in UTF-8: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }

    @Override
    public List<String> columns() {
        return List.of("feature_number", "feature");
    }

    @Override
    public String fieldName(String property) {
        return property;
    }

    @Override
    public void close() {
        parser.close();
    }
}
