package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.incidentmapper.web.QueryParams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The filter's SQL with bound parameters and with literals is one text: query in, the condition with literals out
 * (strings through a stand-in quoter, {@code Q(…)}), and the same condition with {@code :name} placeholders.
 */
class IncidentFilterSqlTest {

    private static final Set<String> CATEGORIES = Set.of("raid", "rescue", "compound");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                       | TRUE",
        "bbox=-102.5,1e-7,103,14  | TRUE AND ST_Intersects(i.geom, ST_MakeEnvelope(-102.5, 0.00000010, 103.0, 14.0, 4326))",
        "from=2022-02             | TRUE AND daterange(i.start_date, i.end_date, '[]') && daterange(CAST('2022-02-01' AS date), CAST(NULL AS date), '[]')",
        "to=2022                  | TRUE AND daterange(i.start_date, i.end_date, '[]') && daterange(CAST(NULL AS date), CAST('2022-12-31' AS date), '[]')",
        "category=raid,rescue     | TRUE AND i.category IN (Q(raid), Q(rescue))",
        "q=50%_x\\'               | TRUE AND i.search_text LIKE lower(Q(%50\\%\\_x\\\\'%))",
        "confirmed=true           | TRUE AND EXISTS (SELECT 1 FROM incident_rating r WHERE r.incident_id = i.id AND r.rating ~ Q(^[A-F][12]$))",
        "minRating=b3             | TRUE AND EXISTS (SELECT 1 FROM incident_rating r WHERE r.incident_id = i.id AND r.rating ~ Q(^[AB][123]$))",
        "reliability=C,a&credibility=6,1&confirmed=true | TRUE AND EXISTS (SELECT 1 FROM incident_rating r WHERE r.incident_id = i.id AND r.rating ~ Q(^[CA][1]$))",
        "minRating=C3&reliability=D | TRUE AND FALSE",
        "confirmed=false          | TRUE",
    })
    void literalsAndParametersShareOneCondition(String query, String withLiterals) {
        IncidentFilter filter = parse(query);
        assertThat(filter.sqlWhereLiterals(s -> "Q(" + s + ")")).isEqualTo(withLiterals);

        MapSqlParameterSource params = new MapSqlParameterSource();
        String bound = filter.sqlWhere(params);
        String expected = withLiterals;
        for (String name : params.getParameterNames()) {
            expected = expected.replace(literal(params.getValue(name)), ":" + name);
        }
        assertThat(bound).isEqualTo(expected);
    }

    private static String literal(Object value) {
        if (value instanceof Double d) {
            return java.math.BigDecimal.valueOf(d).toPlainString();
        }
        if (value instanceof java.util.List<?> list) {
            return String.join(", ", list.stream().map(v -> "Q(" + v + ")").toList());
        }
        if (value instanceof java.time.LocalDate date) {
            return "'" + date + "'";
        }
        return value == null ? "NULL" : "Q(" + value + ")";
    }

    private static IncidentFilter parse(String query) {
        var values = new LinkedMultiValueMap<String, String>(
                UriComponentsBuilder.fromUriString("/?" + query).build().getQueryParams());
        return IncidentFilter.parse(QueryParams.of(values, IncidentFilter.PARAMETERS), CATEGORIES, null);
    }
}
