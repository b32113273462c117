package org.incidentmapper.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.incidentmapper.incident.RecordError;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads incidents from an RFC 7946 FeatureCollection whose feature properties are named as in the API
 * ({@code category}, {@code title}, {@code startDate}, … {@code sources}; {@code place} may stand in for the
 * geometry). Features are read one at a time from the stream, so memory does not grow with the file. Invalid JSON
 * (or text that is not UTF-8) makes the whole file unusable.
 */
final class GeoJsonIncidentReader implements ImportRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonParser parser;
    private int number;
    private boolean inFeatures;
    private boolean done;

    private GeoJsonIncidentReader(JsonParser parser) {
        this.parser = parser;
    }

    static GeoJsonIncidentReader open(InputStream in) throws IOException {
        GeoJsonIncidentReader reader = new GeoJsonIncidentReader(JSON.createParser(in));
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
            JsonNode feature = parser.readValueAsTree();
            number++;
            List<RecordError> errors = new ArrayList<>();
            if (!"Feature".equals(feature.path("type").asString(""))) {
                errors.add(new RecordError(number, "type", "must be 'Feature'"));
            }
            return new ImportRow(number, 0, feature.get("properties"), feature.get("geometry"), errors,
                    List.of(String.valueOf(number), feature.toString()));
        } catch (JacksonException e) {
            throw unreadable(e);
        }
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
