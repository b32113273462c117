package org.incidentmapper.ogc;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.incidentmapper.incident.IncidentFields;

/**
 * The allow-list of what a CQL2 filter may name. Names, columns, types, descriptions and allowed values come from
 * the field registry ({@link IncidentFields}); which fields are filterable is decided here (not the writer's
 * {@code createdBy}, nor lists such as nationalities or sources). Nothing else reaches SQL as an identifier.
 */
enum Queryable {
    ID(IncidentFields.ID),
    EXTERNAL_ID(IncidentFields.EXTERNAL_ID),
    CATEGORY(IncidentFields.CATEGORY),
    TITLE(IncidentFields.TITLE),
    DESCRIPTION(IncidentFields.DESCRIPTION),
    START_DATE(IncidentFields.START_DATE),
    END_DATE(IncidentFields.END_DATE),
    DATE_PRECISION(IncidentFields.DATE_PRECISION),
    LOCATION_NAME(IncidentFields.LOCATION_NAME),
    LOCATION_PRECISION(IncidentFields.LOCATION_PRECISION),
    COUNTRY(IncidentFields.COUNTRY),
    PROVINCE(IncidentFields.PROVINCE),
    PROVINCE_SOURCE(IncidentFields.PROVINCE_SOURCE),
    VICTIMS_COUNT(IncidentFields.VICTIMS_COUNT),
    STATUS(IncidentFields.STATUS),
    SENSITIVE(IncidentFields.SENSITIVE),
    RATING(IncidentFields.RATING),
    GEOMETRY(IncidentFields.GEOMETRY);

    enum Type {
        TEXT, INTEGER, DATE, BOOLEAN, GEOMETRY
    }

    final String property;
    final Type type;
    final String column;
    final String description;
    final List<String> values;

    Queryable(IncidentFields field) {
        this.property = field.json;
        // a derived field without a column of its own (rating) is its Feature expression
        this.column = field.column != null ? "i." + field.column : "(" + field.featureSql() + ")";
        this.type = switch (field.type) {
            case TEXT -> Type.TEXT;
            case INTEGER -> Type.INTEGER;
            case DATE -> Type.DATE;
            case BOOLEAN -> Type.BOOLEAN;
            case GEOMETRY -> Type.GEOMETRY;
            default -> throw new IllegalStateException(field + " of type " + field.type + " cannot be queried");
        };
        this.description = field.description;
        this.values = field.keys();
    }

    /** The queryable a filter names; CQL2 property names are case-sensitive. */
    static Optional<Queryable> named(String name) {
        return Arrays.stream(values()).filter(q -> q.property.equals(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(q -> q.property).toList();
    }

    /** The JSON Schema of this queryable (OGC API - Features Part 3, /queryables). */
    Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("title", property);
        if (description != null) {
            schema.put("description", description);
        }
        switch (type) {
            case TEXT -> schema.put("type", "string");
            case INTEGER -> schema.put("type", "integer");
            case BOOLEAN -> schema.put("type", "boolean");
            case DATE -> {
                schema.put("type", "string");
                schema.put("format", "date");
            }
            case GEOMETRY -> schema.put("format", "geometry-any");
        }
        if (!values.isEmpty()) {
            schema.put("enum", values);
        }
        return schema;
    }
}
