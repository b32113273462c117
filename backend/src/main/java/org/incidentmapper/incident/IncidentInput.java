package org.incidentmapper.incident;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.incidentmapper.gazetteer.Candidate;
import org.incidentmapper.gazetteer.Geocoder;
import org.incidentmapper.gazetteer.PlaceResolution;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One incident as given by a user, a Feature's properties and geometry, made into a record: a {@code place}
 * property stands in for a missing geometry when it names exactly one place in the gazetteer (which then also
 * supplies {@code locationName}, {@code locationPrecision}, {@code country} and {@code province} where they are
 * not given), then {@link RecordValidator} checks everything. The same for the edit API and every import row.
 * Place names are resolved once per input (cached), since a file names the same few places many times.
 */
public final class IncidentInput {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RecordValidator validator;
    private final Geocoder geocoder;
    private final Map<String, PlaceResolution> resolved = new HashMap<>();

    public IncidentInput(RecordValidator validator, Geocoder geocoder) {
        this.validator = validator;
        this.geocoder = geocoder;
    }

    /**
     * The record, or null when errors were added; the places an unusable {@code place} might mean are added to
     * {@code candidates}.
     */
    public IncidentRecord check(int number, JsonNode properties, JsonNode geometry, List<RecordError> errors,
            List<Candidate> candidates) {
        ObjectNode props = properties instanceof ObjectNode o ? o.deepCopy() : null;
        boolean noGeometry = geometry == null || geometry.isNull() || geometry.isMissingNode();
        String place = props == null ? null : text(props.get("place"));
        boolean placeFailed = false;
        if (noGeometry && place != null) {
            String country = text(props.get("country"));
            String countryFilter = country != null && country.matches("[A-Z]{3}") ? country : null;
            PlaceResolution resolution = resolved.computeIfAbsent(place + "\n" + countryFilter,
                    k -> geocoder.resolve(place, countryFilter));
            if (resolution.resolved()) {
                Candidate c = resolution.place();
                geometry = JSON.createObjectNode().put("type", "Point")
                        .set("coordinates", JSON.createArrayNode().add(c.lon()).add(c.lat()));
                putIfAbsent(props, "locationName", place);
                putIfAbsent(props, "locationPrecision", c.precision());
                putIfAbsent(props, "country", c.country());
                if (c.country().equals(text(props.get("country")))) {
                    putIfAbsent(props, "province", c.province());
                }
            } else {
                errors.add(new RecordError(number, "place", "'" + place + "' " + resolution.problem()
                        + (countryFilter == null ? "" : " (searched in " + countryFilter + ")")));
                candidates.addAll(resolution.candidates());
                placeFailed = true;
                geometry = JSON.createObjectNode().put("type", "Point")
                        .set("coordinates", JSON.createArrayNode().add(0).add(0));
            }
        }
        if (noGeometry && place == null) {
            geometry = null;
        }
        IncidentRecord record = validator.validate(number, props, geometry, errors);
        return placeFailed ? null : record;
    }

    private static void putIfAbsent(ObjectNode props, String field, String value) {
        if (value != null && text(props.get(field)) == null) {
            props.put(field, value);
        }
    }

    private static String text(JsonNode node) {
        if (node == null || !node.isString() || node.asString().isBlank()) {
            return null;
        }
        return node.asString().strip();
    }
}
