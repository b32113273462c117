package org.incidentmapper.ogc;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The allow-list of what a CQL2 filter may name: each queryable's name as in the items' properties, its type and
 * the one SQL column (alias {@code i}) it stands for. Nothing else reaches SQL as an identifier.
 *
 * <p>The incident field registry ({@code incident/IncidentFields}) had not reached main when this was written;
 * when it does, this list should be read from it.
 */
enum Queryable {
    ID("id", Type.INTEGER, "i.id", "The incident's id (the feature id)"),
    EXTERNAL_ID("externalId", Type.TEXT, "i.external_id", "The incident's identity across imports"),
    CATEGORY("category", Type.TEXT, "i.category", "Category key (compound, hospital_admission, border_town, raid, rescue)"),
    TITLE("title", Type.TEXT, "i.title", "Title"),
    DESCRIPTION("description", Type.TEXT, "i.description", "Description (null for a sensitive incident below analyst level)"),
    START_DATE("startDate", Type.DATE, "i.start_date", "First day"),
    END_DATE("endDate", Type.DATE, "i.end_date", "Last day; null: still running"),
    DATE_PRECISION("datePrecision", Type.TEXT, "i.date_precision", "day, month or year"),
    LOCATION_NAME("locationName", Type.TEXT, "i.location_name", "Place name"),
    LOCATION_PRECISION("locationPrecision", Type.TEXT, "i.location_precision", "exact, approximate, town, province or country"),
    COUNTRY("country", Type.TEXT, "i.country", "ISO 3166-1 alpha-3 country code"),
    PROVINCE("province", Type.TEXT, "i.province", "Province code (given or computed)"),
    PROVINCE_SOURCE("provinceSource", Type.TEXT, "i.province_source", "given, computed or none"),
    VICTIMS_COUNT("victimsCount", Type.INTEGER, "i.victims_count", "Number of victims"),
    STATUS("status", Type.TEXT, "i.status", "reported, verified or disputed"),
    SENSITIVE("sensitive", Type.BOOLEAN, "i.sensitive", "Shown generalised below analyst level"),
    GEOMETRY("geometry", Type.GEOMETRY, "i.geom", "The incident's point or precinct");

    enum Type {
        TEXT, INTEGER, DATE, BOOLEAN, GEOMETRY
    }

    final String property;
    final Type type;
    final String column;
    final String description;

    Queryable(String property, Type type, String column, String description) {
        this.property = property;
        this.type = type;
        this.column = column;
        this.description = description;
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
        schema.put("description", description);
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
        return schema;
    }
}
