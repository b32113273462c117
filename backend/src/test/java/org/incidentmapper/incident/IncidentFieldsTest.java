package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The field registry is consistent with itself, with the Feature JSON it generates, and with README's table. */
class IncidentFieldsTest {

    private static final String BEGIN = "<!-- incident fields: generated from IncidentFields, checked by IncidentFieldsTest -->";
    private static final String END = "<!-- end of incident fields -->";

    @Test
    void namesAreUniqueAndExportNamesFitADbf() {
        List<String> exportNames = Stream.concat(IncidentFields.exported().stream().map(f -> f.export),
                Stream.concat(SourceFields.exported().stream().map(f -> f.export), Stream.of(SourceFields.COUNT_EXPORT)))
                .toList();
        assertThat(exportNames).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n.length()).isLessThanOrEqualTo(10));
        assertThat(Arrays.stream(IncidentFields.values()).map(f -> f.json).filter(n -> n != null))
                .doesNotHaveDuplicates();
        assertThat(Arrays.stream(IncidentFields.values()).map(f -> f.csv).filter(n -> n != null))
                .doesNotHaveDuplicates().doesNotContain("lon", "lat", "place", "error", SourceFields.COUNT_CSV);
        assertThat(Arrays.stream(IncidentFields.values()).map(f -> f.column).filter(n -> n != null))
                .doesNotHaveDuplicates();
    }

    @Test
    void theFeatureJsonNamesEveryPropertyInRegistryOrder() {
        String json = IncidentFields.FEATURE_JSON;
        List<String> named = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\n    '(\\w+)', ").matcher(json);
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).containsExactlyElementsOf(IncidentFields.properties().stream().map(f -> f.json).toList());
        assertThat(json).contains("'id', i.id", "'geometry', ST_AsGeoJSON(CASE WHEN GeometryType(i.geom) IN ('POINT', 'MULTIPOINT', 'LINESTRING', "
                + "'MULTILINESTRING') THEN i.geom ELSE ST_ForcePolygonCCW(i.geom) END, 6)::json",
                "json_build_object('outlet', s.outlet, 'url', s.url, 'publishedDate', s.published_date, "
                        + "'language', s.language, 'reliability', s.reliability, 'credibility', s.credibility)");
    }

    @Test
    void inputFieldsCanBeWrittenAndServerFieldsCannot() {
        assertThat(IncidentFields.written()).extracting(f -> f.column).containsExactly("external_id", "category",
                "title", "description", "start_date", "end_date", "date_precision", "geom", "location_name",
                "location_precision", "country", "province", "victims_count", "victim_nationalities", "status",
                "sensitive", "site_id");
        assertThat(IncidentFields.written()).allSatisfy(f -> assertThat(f.recordValue).isNotNull());
        assertThat(IncidentWriter.SOURCE_HASH_ORDER).containsExactlyInAnyOrderElementsOf(SourceFields.properties());
    }

    @Test
    void readmeTableIsTheRegistrys() throws IOException {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README has the marker " + BEGIN).isNotNegative();
        String table = readme.substring(begin + BEGIN.length(), end).strip();
        assertThat(table).as("README's incident field table; paste this between the markers:\n" + table())
                .isEqualTo(table());
    }

    /** README's "CSV columns" table names every column a client fills, as the registry spells it. */
    @Test
    void readmeCsvTableNamesEveryInputColumn() throws IOException {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("### CSV columns"));
        section = section.substring(0, section.indexOf("\n#", 1));
        for (IncidentFields f : IncidentFields.values()) {
            if (f.csv != null && f.origin == IncidentFields.Origin.INPUT) {
                assertThat(section).as("README's CSV columns table names " + f.csv).contains("`" + f.csv + "`");
            }
        }
        for (SourceFields f : SourceFields.properties()) {
            assertThat(section).contains("`source_" + f.csv + "`");
        }
    }

    /** README's table: one row per Feature field, then one per source field. */
    static String table() {
        List<String> rows = new ArrayList<>(List.of(
                "| field | CSV column | export (DBF) | type | allowed values, limits | set by | below analyst level |",
                "|---|---|---|---|---|---|---|"));
        for (IncidentFields f : IncidentFields.values()) {
            if (f.json == null) {
                continue;
            }
            rows.add(row(code(f.json) + (f.member ? " (member)" : ""), code(f.csv), code(f.export), f.type, f.required,
                    f.categoryKeys ? "a key of /api/categories" : String.join(", ", f.keys()), f.maxLength, f.minimum,
                    f.pattern, f.defaultValue, f.origin, f.disclosure));
        }
        for (SourceFields f : SourceFields.properties()) {
            rows.add(row(code("sources[]." + f.json), code("source_" + f.csv) + ", " + code(f.flattened), code(f.export),
                    f.type,
                    f.required, String.join(", ", f.keys()), f.maxLength, null, f.pattern, null, IncidentFields.Origin.INPUT, f.disclosure));
        }
        return String.join("\n", rows);
    }

    private static String row(String json, String csv, String export, IncidentFields.Type type, boolean required,
            String values, Integer maxLength, Integer minimum, String pattern, String defaultValue,
            IncidentFields.Origin origin, IncidentFields.Disclosure disclosure) {
        List<String> limits = new ArrayList<>();
        if (required) {
            limits.add("required");
        }
        if (!values.isEmpty()) {
            limits.add(values);
        }
        if (maxLength != null) {
            limits.add("≤ " + maxLength + " characters");
        }
        if (minimum != null) {
            limits.add("≥ " + minimum);
        }
        if (pattern != null) {
            limits.add("`" + pattern.replace("|", "\\|") + "`");
        }
        if (defaultValue != null) {
            limits.add("default " + defaultValue);
        }
        String typeName = switch (type) {
            case TEXT -> "text";
            case INTEGER -> "integer";
            case BOOLEAN -> "true/false";
            case DATE -> "date";
            case TIMESTAMP -> "date-time";
            case CODES -> "list of codes";
            case GEOMETRY -> "GeoJSON geometry";
            case SOURCES -> "list of sources";
        };
        String setBy = switch (origin) {
            case INPUT -> "client";
            case DERIVED -> "derived";
            case SERVER -> "server";
        };
        String shown = switch (disclosure) {
            case PASS -> "as is";
            case GENERALISE -> "generalised if sensitive";
            case WITHHOLD_IF_SENSITIVE -> "withheld if sensitive";
            case WITHHOLD -> "withheld";
        };
        return Stream.of(json, csv, export, typeName, String.join("; ", limits), setBy, shown)
                .collect(Collectors.joining(" | ", "| ", " |"));
    }

    private static String code(String name) {
        return name == null ? "" : "`" + name + "`";
    }
}
