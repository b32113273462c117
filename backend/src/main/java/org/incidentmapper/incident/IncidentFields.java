package org.incidentmapper.incident;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every field of an incident, once: its name in a GeoJSON Feature, its column in table {@code incident}, its names
 * in CSV and in exports (at most 10 characters, for DBF), its type, limits and allowed values, who sets it and what
 * a caller below analyst level gets of a sensitive incident. Everything that lists fields reads it from here: the
 * Feature JSON ({@link #FEATURE_JSON}), the writer's statements, CSV reading, the validator's limits, exports'
 * columns ({@link #exported()}), {@code GET /api/schema} and README's field table (checked by a test). The sources of
 * an incident are {@link SourceFields}.
 *
 * <p>A new field is one entry here plus a migration adding its column; a test fails while a column of
 * {@code incident} has no entry. Entries are in Feature order; the order of the {@linkplain #written() written}
 * ones is also the order in which the writer hashes a record's content, so it must not change.
 */
public enum IncidentFields {

    ID(field("id", "id").member().csv("id").export("id").type(Type.INTEGER).origin(Origin.SERVER)
            .describe("Id", "incident id in the mapper")),
    EXTERNAL_ID(field("externalId", "external_id").csv("external_id").export("ext_id").maxLength(200)
            .disclosure(Disclosure.WITHHOLD_IF_SENSITIVE).value(IncidentRecord::externalId)
            .describe("External id", "id in the source data set; without one, a hash of the first source URL, "
                    + "start date and place")),
    CATEGORY(field("category", "category").csv("category").export("category").required().maxLength(50)
            .categories().value(IncidentRecord::category)
            .describe("Category", "a category key of /api/categories")),
    TITLE(field("title", "title").csv("title").export("title").required().maxLength(500).value(IncidentRecord::title)
            .describe("Title", "title")),
    DESCRIPTION(field("description", "description").csv("description").export("descr").maxLength(20000)
            .disclosure(Disclosure.WITHHOLD_IF_SENSITIVE).value(IncidentRecord::description)
            .describe("Description", "description")),
    START_DATE(field("startDate", "start_date").csv("start_date").export("start_date").type(Type.DATE).required()
            .value(IncidentRecord::startDate)
            .describe("Start", "first day; YYYY-MM-DD, YYYY-MM or YYYY in input")),
    END_DATE(field("endDate", "end_date").csv("end_date").export("end_date").type(Type.DATE)
            .value(IncidentRecord::endDate)
            .describe("End", "last day; empty: still running (a one-off event: its start period)")),
    DATE_PRECISION(field("datePrecision", "date_precision").csv("date_precision").export("date_prec")
            .values("day", "Day", "month", "Month", "year", "Year").value(IncidentRecord::datePrecision)
            .describe("Date precision", "precision of the dates; by default from the start date's form")),
    GEOMETRY(field("geometry", "geom").member().csv("wkt").type(Type.GEOMETRY).required()
            // RFC 7946 winding at output time too, whatever the stored winding (rows written before V20, SQL)
            .sql("ST_AsGeoJSON(" + IncidentFields.wound("i.geom") + ", " + IncidentFields.COORDINATE_DECIMALS + ")::json")
            .disclosure(Disclosure.GENERALISE).value(IncidentRecord::geometryGeoJson)
            .describe("Geometry", "Point, Polygon or MultiPolygon, lon/lat (EPSG:4326), valid per ST_IsValid")),
    LOCATION_NAME(field("locationName", "location_name").csv("location_name").export("location").maxLength(300)
            .disclosure(Disclosure.WITHHOLD_IF_SENSITIVE).value(IncidentRecord::locationName)
            .describe("Location name", "place name")),
    LOCATION_PRECISION(field("locationPrecision", "location_precision").csv("location_precision").export("loc_prec")
            .required().values("exact", "Exact", "approximate", "Approximate", "town", "Town", "province",
                    "Province", "country", "Country only")
            .disclosure(Disclosure.GENERALISE).value(IncidentRecord::locationPrecision)
            .describe("Location precision", "precision of the geometry")),
    COUNTRY(field("country", "country").csv("country").export("country").required().pattern("[A-Z]{3}")
            .value(IncidentRecord::country).describe("Country", "ISO 3166-1 alpha-3 code, e.g. KHM")),
    PROVINCE(field("province", "province").csv("province").export("province").maxLength(50)
            .pattern("[A-Z]{2}-[A-Za-z0-9._-]{1,47}").disclosure(Disclosure.GENERALISE).value(IncidentRecord::province)
            .describe("Province", "ISO 3166-2 code or a boundary set's own; computed from the boundaries when not "
                    + "given")),
    PROVINCE_SOURCE(field("provinceSource", "province_source").csv("province_source").export("prov_src")
            .origin(Origin.DERIVED).values("given", "Given", "computed", "Computed", "none", "None")
            .disclosure(Disclosure.GENERALISE)
            .describe("Province source", "given, computed from the boundaries, or none")),
    OUTSIDE_BOUNDARIES(field("outsideBoundaries", "province_computed").csv("outside_boundaries").export("outside")
            .type(Type.BOOLEAN).origin(Origin.DERIVED).sql("i.province_computed IS NULL")
            .disclosure(Disclosure.GENERALISE)
            .describe("Outside boundaries", "true: no boundary covers the incident")),
    VICTIMS_COUNT(field("victimsCount", "victims_count").csv("victims_count").export("victims").type(Type.INTEGER)
            .minimum(0).value(IncidentRecord::victimsCount)
            .describe("Victims", "number of victims; empty: unknown")),
    VICTIM_NATIONALITIES(field("victimNationalities", "victim_nationalities").csv("victim_nationalities")
            .export("victim_nat").type(Type.CODES).sqlType("char(3)[]").pattern("[A-Z]{3}")
            .sql("to_json(i.victim_nationalities)")
            .value(IncidentRecord::victimNationalities)
            .describe("Nationalities", "victims' nationalities, ISO 3166-1 alpha-3 codes")),
    STATUS(field("status", "status").csv("status").export("status")
            .values("reported", "Reported", "verified", "Verified", "disputed", "Disputed").defaultValue("reported")
            .value(IncidentRecord::status).describe("Status", "reported (default), verified or disputed")),
    SENSITIVE(field("sensitive", "sensitive").csv("sensitive").export("sensitive").type(Type.BOOLEAN)
            .defaultValue("false").value(IncidentRecord::sensitive)
            .describe("Sensitive", "shown generalised below analyst level")),
    CREATED_BY(field("createdBy", "created_by").csv("created_by").export("created_by").origin(Origin.SERVER)
            .disclosure(Disclosure.WITHHOLD).describe("Created by", "the account that created the incident")),
    SOURCES(field("sources", null).csv(null).type(Type.SOURCES).sql(SourceFields.featureJson())
            .value(IncidentRecord::sources)
            .describe("Sources", "where reports of the incident were published (see SourceFields)")),
    RATING(field("rating", null).csv("rating").export("rating").origin(Origin.DERIVED)
            .sql(SourceFields.INCIDENT_RATING_SQL)
            .describe("Rating", "best-supported Admiralty rating of the sources, e.g. B2; empty: no source "
                    + "(README \"How sure we are\")")),
    CREATED_AT(field("createdAt", "created_at").csv("created_at").export("created").type(Type.TIMESTAMP)
            .origin(Origin.SERVER).describe("Created", "when the record was created")),
    UPDATED_AT(field("updatedAt", "updated_at").csv("updated_at").export("updated").type(Type.TIMESTAMP)
            .origin(Origin.SERVER).describe("Updated", "when the record was last changed")),
    VERSION(field("version", "version").csv("version").export("version").type(Type.INTEGER).origin(Origin.SERVER)
            .describe("Version", "1 when created, one more on every change")),
    CONTENT_HASH(field(null, "content_hash").origin(Origin.SERVER).disclosure(Disclosure.WITHHOLD)
            .describe(null, "hash of the record as last written: an unchanged re-import is a no-op")),
    GEOM_PUBLIC(field(null, "geom_public").type(Type.GEOMETRY).origin(Origin.DERIVED)
            .describe(null, "the geometry as shown below analyst level (generated column)")),
    PROVINCE_PUBLIC(field(null, "province_public").origin(Origin.DERIVED)
            .describe(null, "the province as shown below analyst level: of a sensitive incident, from its cell")),
    PROVINCE_COMPUTED_PUBLIC(field(null, "province_computed_public").origin(Origin.DERIVED)
            .describe(null, "the covering boundary as shown below analyst level")),
    OUTSIDE_BOUNDARIES_PUBLIC(field(null, "outside_boundaries_public").type(Type.BOOLEAN).origin(Origin.DERIVED)
            .describe(null, "outsideBoundaries as shown below analyst level (generated column)")),
    SEARCH_TEXT(field(null, "search_text").origin(Origin.DERIVED).disclosure(Disclosure.GENERALISE)
            .describe(null, "what q= searches: title, description and place, lower-cased (generated column); "
                    + "below analyst level only the text shown")),
    // last of the written fields: the writer hashes them in enum order (see the class comment)
    SITE_ID(field("siteId", "site_id").csv("site_id").export("site_id").type(Type.INTEGER).sqlType("bigint")
            .minimum(1).disclosure(Disclosure.GENERALISE).value(IncidentRecord::siteId)
            .describe("Site", "id of the site (GET /api/sites) the incident belongs to; empty: none. Below analyst "
                    + "level: none when the incident or its site is sensitive"));

    /**
     * SQL for geometry {@code column} with RFC 7946 winding (polygons' exterior rings counter-clockwise), whatever
     * winding was stored. ST_ForcePolygonCCW copies any geometry it is given, points too: at 3,000 point features
     * that was half of the Feature JSON's cost, so only polygons and collections go through it.
     */
    public static String wound(String column) {
        return "CASE WHEN GeometryType(" + column + ") IN ('POINT', 'MULTIPOINT', 'LINESTRING', 'MULTILINESTRING') THEN "
                + column + " ELSE ST_ForcePolygonCCW(" + column + ") END";
    }

    /** Decimals of a stored coordinate (about 0.1 m): the writer rounds to them and the Feature JSON writes them. */
    public static final int COORDINATE_DECIMALS = 6;

    /** Kinds of value. */
    public enum Type { TEXT, INTEGER, BOOLEAN, DATE, TIMESTAMP, CODES, GEOMETRY, SOURCES }

    /** Who sets a field: the client (validated input), the database from other fields, or the server. */
    public enum Origin { INPUT, DERIVED, SERVER }

    /**
     * What a caller below analyst level gets: the value; a generalised value for a sensitive incident (e.g. its
     * location's grid cell); nothing (null) for a sensitive incident; nothing ever. The database's allow-list
     * ({@code generalised_column}, V15) decides and builds the generalised views; a test keeps these entries equal
     * to it, so README's table says what viewers get.
     */
    public enum Disclosure { PASS, GENERALISE, WITHHOLD_IF_SENSITIVE, WITHHOLD }

    /** One allowed value of an enumeration and its label for people. */
    public record Value(String key, String label, String meaning) {

        public Value(String key, String label) {
            this(key, label, null);
        }
    }

    /**
     * One incident as an RFC 7946 Feature written by PostGIS; alias {@code i} is the incident row. Also what the
     * edit history keeps as the before and after of a change.
     */
    public static final String FEATURE_JSON = featureJson();

    /** Name in a Feature (a property, or the member {@code id}/{@code geometry}); null: not in a Feature. */
    public final String json;
    /** Column of table {@code incident}; null: none of its own (sources). */
    public final String column;
    /** Column name in CSV (import and export); null: not a CSV column of its own. */
    public final String csv;
    /** Column name in exports limited to 10 characters (DBF); null: not exported as a column of its own. */
    public final String export;
    public final Type type;
    public final Origin origin;
    public final Disclosure disclosure;
    /** Required in input. */
    public final boolean required;
    /** Longest text, in characters; null: no limit of its own. */
    public final Integer maxLength;
    /** Smallest number; null: none. */
    public final Integer minimum;
    /** The allowed values of an enumeration, in display order; empty: not a fixed enumeration. */
    public final List<Value> values;
    /** The allowed values are the keys of table {@code category}. */
    public final boolean categoryKeys;
    /** A regular expression every value (or item) matches; null: none. */
    public final String pattern;
    /** Value when input leaves it out; null: none. */
    public final String defaultValue;
    /** Label for people (forms, schema titles); null for internal columns. */
    public final String label;
    /** One line saying what it holds. */
    public final String description;
    /** Top-level Feature member instead of a property. */
    final boolean member;
    /** Its value in the Feature JSON, an expression on alias {@code i}. */
    final String sql;
    /** Its value in a validated record; null: not written from input. */
    final Function<IncidentRecord, Object> recordValue;
    /** SQL type of the writer's staging column (COPY text format); geometry is staged as GeoJSON text. */
    final String stageType;

    IncidentFields(Spec s) {
        this.json = s.json;
        this.column = s.column;
        this.csv = s.csvSet ? s.csv : (s.json == null ? null : s.column);
        this.export = s.export;
        this.type = s.type;
        this.origin = s.origin;
        this.disclosure = s.disclosure;
        this.required = s.required;
        this.maxLength = s.maxLength;
        this.minimum = s.minimum;
        this.values = List.copyOf(s.values);
        this.categoryKeys = s.categoryKeys;
        this.pattern = s.pattern;
        this.defaultValue = s.defaultValue;
        this.label = s.label;
        this.description = s.description;
        this.member = s.member;
        this.sql = s.sql != null ? s.sql : s.column == null ? null : "i." + s.column;
        this.recordValue = s.recordValue;
        this.stageType = s.sqlType != null ? s.sqlType : switch (s.type) {
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case TIMESTAMP -> "timestamptz";
            default -> "text";
        };
    }

    /** Whether the field is a property of the Feature (not {@code id}, {@code geometry} or internal). */
    public boolean isProperty() {
        return json != null && !member;
    }

    /** Its value as the Feature JSON has it, an SQL expression on alias {@code i} (an incident row). */
    public String featureSql() {
        return sql;
    }

    /** The allowed keys of a fixed enumeration. */
    public List<String> keys() {
        return values.stream().map(Value::key).toList();
    }

    /** The Feature's properties, in order. */
    public static List<IncidentFields> properties() {
        return Arrays.stream(values()).filter(IncidentFields::isProperty).toList();
    }

    /** The fields a client gives and the writer stores in {@code incident}, in the writer's (hash) order. */
    public static List<IncidentFields> written() {
        return Arrays.stream(values()).filter(f -> f.origin == Origin.INPUT && f.column != null).toList();
    }

    /** The fields exports carry as columns of their own (sources are {@link SourceFields#exported()}). */
    public static List<IncidentFields> exported() {
        return Arrays.stream(values()).filter(f -> f.export != null).toList();
    }

    /** The field with this Feature name. */
    public static Optional<IncidentFields> byJson(String json) {
        return Arrays.stream(values()).filter(f -> json.equals(f.json)).findFirst();
    }

    /** The field with this CSV column name. */
    public static Optional<IncidentFields> byCsv(String csv) {
        return Arrays.stream(values()).filter(f -> csv.equals(f.csv)).findFirst();
    }

    /** The field stored in this column of {@code incident}. */
    public static Optional<IncidentFields> byColumn(String column) {
        return Arrays.stream(values()).filter(f -> column.equals(f.column)).findFirst();
    }

    /** The value of this field in {@code record}; only for {@link #written()} fields and sources. */
    Object valueOf(IncidentRecord record) {
        return recordValue.apply(record);
    }

    /** The value the writer stores from staging row {@code s}: the staged value, geometry made from its GeoJSON. */
    String writeSql() {
        return type == Type.GEOMETRY ? "ST_SetSRID(ST_GeomFromGeoJSON(s." + column + "), 4326)" : "s." + column;
    }

    private static String featureJson() {
        String properties = Arrays.stream(values()).filter(IncidentFields::isProperty)
                .map(f -> "'" + f.json + "', " + f.sql).collect(Collectors.joining(",\n    "));
        return "json_build_object(\n  'type', 'Feature',\n  'id', " + ID.sql + ",\n  'geometry', " + GEOMETRY.sql
                + ",\n  'properties', json_build_object(\n    " + properties + "))";
    }

    private static Spec field(String json, String column) {
        Spec spec = new Spec();
        spec.json = json;
        spec.column = column;
        return spec;
    }

    /** The description of one field while the enum is built. */
    private static final class Spec {
        String json;
        String column;
        String csv;
        boolean csvSet;
        String export;
        Type type = Type.TEXT;
        Origin origin = Origin.INPUT;
        Disclosure disclosure = Disclosure.PASS;
        boolean required;
        Integer maxLength;
        Integer minimum;
        List<Value> values = List.of();
        boolean categoryKeys;
        String pattern;
        String defaultValue;
        String label;
        String description;
        boolean member;
        String sql;
        String sqlType;
        Function<IncidentRecord, Object> recordValue;

        Spec sqlType(String t) {
            sqlType = t;
            return this;
        }

        Spec member() {
            member = true;
            return this;
        }

        Spec csv(String name) {
            csv = name;
            csvSet = true;
            return this;
        }

        Spec export(String name) {
            if (name.length() > 10) {
                throw new IllegalArgumentException("export name longer than 10 characters (DBF): " + name);
            }
            export = name;
            return this;
        }

        Spec type(Type t) {
            type = t;
            return this;
        }

        Spec origin(Origin o) {
            origin = o;
            return this;
        }

        Spec disclosure(Disclosure d) {
            disclosure = d;
            return this;
        }

        Spec required() {
            required = true;
            return this;
        }

        Spec maxLength(int n) {
            maxLength = n;
            return this;
        }

        Spec minimum(int n) {
            minimum = n;
            return this;
        }

        /** Pairs of key and label. */
        Spec values(String... keysAndLabels) {
            Value[] list = new Value[keysAndLabels.length / 2];
            for (int i = 0; i < list.length; i++) {
                list[i] = new Value(keysAndLabels[2 * i], keysAndLabels[2 * i + 1]);
            }
            values = List.of(list);
            return this;
        }

        Spec categories() {
            categoryKeys = true;
            return this;
        }

        Spec pattern(String regex) {
            pattern = regex;
            return this;
        }

        Spec defaultValue(String value) {
            defaultValue = value;
            return this;
        }

        Spec sql(String expression) {
            sql = expression;
            return this;
        }

        Spec value(Function<IncidentRecord, Object> f) {
            recordValue = f;
            return this;
        }

        Spec describe(String l, String d) {
            label = l;
            description = d;
            return this;
        }
    }
}
