package org.incidentmapper.incident;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON Schema (2020-12) of an incident Feature, made from {@link IncidentFields} and {@link SourceFields}: each
 * property's type, limits, pattern, allowed values with their labels ({@code enum}, and {@code oneOf} of
 * {@code const}/{@code title}), default, whether it is required in input and whether it is read-only (set by the
 * server or derived). The map's edit form takes its enumerations and labels from it; OGC queryables can reuse
 * {@link #property}.
 */
public final class IncidentSchema {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IncidentSchema() {
    }

    /** The schema; {@code categories} (key → label, in display order) are the allowed categories. */
    public static ObjectNode of(Map<String, String> categories) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "/api/schema");
        schema.put("title", "Incident");
        schema.put("description", "One incident as a GeoJSON Feature (RFC 7946), as /api/incidents/{id} answers and "
                + "POST/PUT /api/incidents take it");
        schema.put("type", "object");
        schema.putArray("required").add("type").add("geometry").add("properties");
        ObjectNode members = schema.putObject("properties");
        members.putObject("type").put("const", "Feature");
        members.set("id", property(IncidentFields.ID, categories));
        members.set("geometry", property(IncidentFields.GEOMETRY, categories));
        ObjectNode properties = members.putObject("properties");
        properties.put("type", "object");
        ArrayNode required = properties.putArray("required");
        ObjectNode each = properties.putObject("properties");
        for (IncidentFields f : IncidentFields.properties()) {
            each.set(f.json, property(f, categories));
            if (f.required) {
                required.add(f.json);
            }
        }
        return schema;
    }

    /** The schema of one field. */
    public static ObjectNode property(IncidentFields f, Map<String, String> categories) {
        ObjectNode p = JSON.createObjectNode();
        p.put("title", f.label);
        p.put("description", f.description);
        switch (f.type) {
            case TEXT -> type(p, "string", f.required);
            case INTEGER -> type(p, "integer", f.required || f.origin != IncidentFields.Origin.INPUT);
            case BOOLEAN -> type(p, "boolean", true);
            case DATE -> type(p, "string", f.required).put("format", "date");
            case TIMESTAMP -> type(p, "string", true).put("format", "date-time");
            case CODES -> {
                p.put("type", "array");
                p.putObject("items").put("type", "string").put("pattern", anchored(f.pattern));
            }
            case GEOMETRY -> {
                p.put("type", "object");
                p.putObject("properties").putObject("type").putArray("enum")
                        .add("Point").add("Polygon").add("MultiPolygon");
                p.putArray("required").add("type").add("coordinates");
                p.put("x-coordinateDecimals", IncidentFields.COORDINATE_DECIMALS);
            }
            case SOURCES -> p.put("type", "array").set("items", source());
        }
        if (f.maxLength != null) {
            p.put("maxLength", f.maxLength);
        }
        if (f.minimum != null) {
            p.put("minimum", f.minimum);
        }
        if (f.pattern != null && f.type != IncidentFields.Type.CODES) {
            p.put("pattern", anchored(f.pattern));
        }
        if (!f.values.isEmpty() || f.categoryKeys) {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            f.values.forEach(v -> values.put(v.key(), v.label()));
            if (f.categoryKeys) {
                values.putAll(categories);
            }
            enumeration(p, values);
        }
        if (f.defaultValue != null) {
            if (f.type == IncidentFields.Type.BOOLEAN) {
                p.put("default", Boolean.parseBoolean(f.defaultValue));
            } else {
                p.put("default", f.defaultValue);
            }
        }
        if (f.origin != IncidentFields.Origin.INPUT) {
            p.put("readOnly", true);
        }
        return p;
    }

    private static ObjectNode source() {
        ObjectNode s = JSON.createObjectNode();
        s.put("type", "object");
        ArrayNode required = s.putArray("required");
        ObjectNode each = s.putObject("properties");
        for (SourceFields f : SourceFields.properties()) {
            ObjectNode p = each.putObject(f.json);
            p.put("description", f.description);
            p.put("title", f.label());
            type(p, f.type == IncidentFields.Type.INTEGER ? "integer" : "string", f.required);
            if (!f.values.isEmpty()) {
                // Admiralty grades: the form's options, each with its label and what it means in plain words
                ArrayNode keys = p.putArray("enum");
                ArrayNode labelled = p.putArray("oneOf");
                for (IncidentFields.Value v : f.values) {
                    ObjectNode one = labelled.addObject();
                    if (f.type == IncidentFields.Type.INTEGER) {
                        keys.add(Integer.parseInt(v.key()));
                        one.put("const", Integer.parseInt(v.key()));
                    } else {
                        keys.add(v.key());
                        one.put("const", v.key());
                    }
                    one.put("title", v.label()).put("description", v.meaning());
                }
                keys.addNull();
                labelled.addObject().putNull("const").put("title", "not rated");
            }
            if (f.type == IncidentFields.Type.DATE) {
                p.put("format", "date");
            }
            if (f.maxLength != null) {
                p.put("maxLength", f.maxLength);
            }
            if (f.pattern != null && f.type != IncidentFields.Type.INTEGER) {
                p.put("pattern", anchored(f.pattern));
            }
            if (f.required) {
                required.add(f.json);
            }
        }
        return s;
    }

    private static ObjectNode type(ObjectNode p, String type, boolean notNull) {
        if (notNull) {
            p.put("type", type);
        } else {
            p.putArray("type").add(type).add("null");
        }
        return p;
    }

    private static void enumeration(ObjectNode p, Map<String, String> values) {
        ArrayNode keys = p.putArray("enum");
        ArrayNode labelled = p.putArray("oneOf");
        values.forEach((key, label) -> {
            keys.add(key);
            labelled.addObject().put("const", key).put("title", label);
        });
        if (p.path("type").isArray()) {
            keys.addNull(); // a value that may be left out may be null
            labelled.addObject().putNull("const").put("title", "none");
        }
    }

    /** JSON Schema patterns match anywhere; the registry's match the whole value. */
    private static String anchored(String pattern) {
        return "^(?:" + pattern.replace("(?i)", "") + ")$";
    }
}
