package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * The registry and the database agree: every column of {@code incident} and {@code incident_source} has an entry
 * (and so a type, an origin and a disclosure decision), every entry's column exists, and a Feature has exactly the
 * registry's properties; {@code GET /api/schema} describes them.
 */
@MapperIntegrationTest
class IncidentColumnsTest {

    private static final String COLUMNS = """
            SELECT attname FROM pg_attribute
            WHERE attrelid = CAST(:table AS regclass) AND attnum > 0 AND NOT attisdropped ORDER BY attnum""";

    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    @Test
    void everyIncidentColumnHasAnEntryAndEveryEntryAColumn() {
        List<String> columns = jdbc.sql(COLUMNS).param("table", "public.incident").query(String.class).list();
        assertThat(columns).as("columns of incident without an IncidentFields entry")
                .filteredOn(c -> IncidentFields.byColumn(c).isEmpty()).isEmpty();
        assertThat(java.util.Arrays.stream(IncidentFields.values()).map(f -> f.column).filter(c -> c != null))
                .as("IncidentFields columns missing from incident").isSubsetOf(columns);
        columns.forEach(c -> assertThat(IncidentFields.byColumn(c).orElseThrow().disclosure).isNotNull());
    }

    /** The registry's disclosure of every column is what the database's allow-list (V15) does. */
    @Test
    void theRegistrysDisclosureIsTheAllowListsDecision() {
        List<String> differences = jdbc.sql("SELECT relation, column_name, decision, viewer_expression FROM generalised_column"
                + " WHERE relation IN ('incident', 'incident_source')")
                .query((row, n) -> {
                    String column = row.getString(2);
                    IncidentFields.Disclosure registry = row.getString(1).equals("incident")
                            ? IncidentFields.byColumn(column).orElseThrow().disclosure
                            : SourceFields.byColumn(column).orElseThrow().disclosure;
                    IncidentFields.Disclosure database = switch (row.getString(3)) {
                        case "pass" -> IncidentFields.Disclosure.PASS;
                        case "withhold" -> IncidentFields.Disclosure.WITHHOLD;
                        default -> row.getString(4).matches("(?s)CASE WHEN i\\.sensitive THEN NULL ELSE \\w\\.\\w+ END")
                                ? IncidentFields.Disclosure.WITHHOLD_IF_SENSITIVE : IncidentFields.Disclosure.GENERALISE;
                    };
                    return registry == database ? null : row.getString(1) + "." + column + ": registry " + registry
                            + ", database " + database;
                }).list().stream().filter(d -> d != null).toList();
        assertThat(differences).isEmpty();
    }

    @Test
    void everySourceColumnHasAnEntryAndEveryEntryAColumn() {
        List<String> columns = jdbc.sql(COLUMNS).param("table", "public.incident_source").query(String.class).list();
        assertThat(columns).filteredOn(c -> SourceFields.byColumn(c).isEmpty()).isEmpty();
        assertThat(java.util.Arrays.stream(SourceFields.values()).map(f -> f.column)).isSubsetOf(columns);
    }

    @Test
    void aFeatureHasExactlyTheRegistrysProperties() {
        Api api = new Api(port);
        JsonNode feature = api.get("/api/incidents").json().get("features").values().stream()
                .filter(f -> !f.get("properties").get("sources").isEmpty()).findFirst().orElseThrow();
        assertThat(feature.get("properties").propertyNames())
                .containsExactlyElementsOf(IncidentFields.properties().stream().map(f -> f.json).toList());
        assertThat(feature.get("properties").get("sources").get(0).propertyNames())
                .containsExactlyElementsOf(SourceFields.properties().stream().map(f -> f.json).toList());
    }

    @Test
    void theSchemaDescribesEveryPropertyWithItsValuesAndLabels() {
        Api api = new Api(port);
        Api.Response r = api.get("/api/schema");
        assertThat(r.status()).isEqualTo(200);
        JsonNode properties = r.json().get("properties").get("properties");
        assertThat(properties.get("properties").propertyNames())
                .containsExactlyElementsOf(IncidentFields.properties().stream().map(f -> f.json).toList());
        assertThat(properties.get("required").values().stream().map(JsonNode::asString).toList())
                .containsExactly("category", "title", "startDate", "locationPrecision", "country");
        JsonNode category = properties.get("properties").get("category");
        List<String> keys = jdbc.sql("SELECT key FROM category ORDER BY sort_order, key").query(String.class).list();
        assertThat(category.get("enum").values().stream().map(JsonNode::asString).toList()).isEqualTo(keys);
        assertThat(category.get("oneOf").get(0).toString()).isEqualTo("{\"const\":\"compound\",\"title\":\"Scam compound\"}");
        JsonNode precision = properties.get("properties").get("locationPrecision");
        assertThat(precision.get("enum").toString()).isEqualTo("[\"exact\",\"approximate\",\"town\",\"province\",\"country\"]");
        assertThat(properties.get("properties").get("title").get("maxLength").asInt()).isEqualTo(500);
        assertThat(properties.get("properties").get("provinceSource").get("readOnly").asBoolean()).isTrue();
        assertThat(properties.get("properties").get("sensitive").get("default").asBoolean()).isFalse();
        assertThat(properties.get("properties").get("datePrecision").get("enum").toString())
                .isEqualTo("[\"day\",\"month\",\"year\",null]");
        assertThat(properties.get("properties").get("datePrecision").get("oneOf").get(3).toString())
                .isEqualTo("{\"const\":null,\"title\":\"none\"}");
    }

    /** Every property of every incident the API lists has the schema's type, an allowed value, its length, pattern. */
    @Test
    void everyListedIncidentFitsTheSchema() {
        Api api = new Api(port);
        JsonNode schema = api.get("/api/schema").json().get("properties").get("properties").get("properties");
        JsonNode features = api.get("/api/incidents").json().get("features");
        assertThat(features.size()).isPositive();
        List<String> misfits = new java.util.ArrayList<>();
        for (JsonNode feature : features.values()) {
            feature.get("properties").properties().forEach(e -> {
                JsonNode rule = schema.get(e.getKey());
                String where = feature.get("id") + "." + e.getKey() + "=" + e.getValue();
                if (rule == null) {
                    misfits.add(where + ": not in the schema");
                } else if (!fits(e.getValue(), rule)) {
                    misfits.add(where + ": does not fit " + rule);
                }
            });
        }
        assertThat(misfits).isEmpty();
    }

    private static boolean fits(JsonNode value, JsonNode rule) {
        List<String> types = rule.get("type").isArray()
                ? rule.get("type").values().stream().map(JsonNode::asString).toList()
                : List.of(rule.get("type").asString());
        String type = value.isNull() ? "null" : value.isIntegralNumber() ? "integer" : value.isBoolean() ? "boolean"
                : value.isArray() ? "array" : value.isObject() ? "object" : "string";
        if (!types.contains(type)) {
            return false;
        }
        if (rule.has("enum") && rule.get("enum").values().stream().noneMatch(value::equals)) {
            return false;
        }
        if (value.isString() && rule.has("maxLength") && value.asString().length() > rule.get("maxLength").asInt()) {
            return false;
        }
        if (value.isString() && rule.has("pattern") && !value.asString().matches(rule.get("pattern").asString())) {
            return false;
        }
        if (value.isArray() && rule.has("items")) {
            return value.values().stream().allMatch(item -> fits(item, rule.get("items")));
        }
        return true;
    }
}
