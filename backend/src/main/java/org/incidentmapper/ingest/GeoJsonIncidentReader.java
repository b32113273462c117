package org.incidentmapper.ingest;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads incidents from an RFC 7946 FeatureCollection whose feature properties are named as in the API
 * ({@code category}, {@code title}, {@code startDate}, … {@code sources}). All-or-nothing: any invalid feature
 * makes {@link #read} throw with every error found, numbered from 1 in file order.
 */
final class GeoJsonIncidentReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RecordValidator validator;

    GeoJsonIncidentReader(RecordValidator validator) {
        this.validator = validator;
    }

    List<IncidentRecord> read(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidInputException(List.of(new RecordError(0, "file",
                    "is not valid JSON: " + e.getOriginalMessage())));
        }
        if (root == null || !"FeatureCollection".equals(root.path("type").asString(""))
                || !root.path("features").isArray()) {
            throw new InvalidInputException(List.of(new RecordError(0, "file",
                    "must be a GeoJSON FeatureCollection with a 'features' array")));
        }
        List<RecordError> errors = new ArrayList<>();
        List<IncidentRecord> records = new ArrayList<>();
        int number = 0;
        for (JsonNode feature : root.path("features").values()) {
            number++;
            if (!"Feature".equals(feature.path("type").asString(""))) {
                errors.add(new RecordError(number, "type", "must be 'Feature'"));
                continue;
            }
            IncidentRecord record = validator.validate(number, feature.get("properties"), feature.get("geometry"), errors);
            if (record != null) {
                records.add(record);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return records;
    }
}
