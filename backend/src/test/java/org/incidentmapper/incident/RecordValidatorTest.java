package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One property changed from a valid record → the error expected, as "field: message". */
class RecordValidatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VALID = """
            {"category":"raid","title":"Raid","startDate":"2022-02-20","locationPrecision":"town","country":"KHM",
             "sources":[{"outlet":"VOD","url":"https://vodenglish.news/x","publishedDate":"2022-02-21","language":"en"}]}""";
    private static final String POINT = "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}";

    private final RecordValidator validator = new RecordValidator(Map.of("raid", false, "compound", true));

    @Test
    void validRecordWithDefaults() {
        IncidentRecord r = validate(VALID, POINT);
        assertThat(r.endDate()).hasToString("2022-02-20");
        assertThat(r.datePrecision()).isEqualTo("day");
        assertThat(r.status()).isEqualTo("reported");
        assertThat(r.sources()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}={1} → start {2}, end {3}, precision {4}")
    @CsvSource(delimiter = '|', value = {
        "raid     | 2022-02    | ''         | 2022-02-01 | 2022-02-28 | month",
        "raid     | 2020       | ''         | 2020-01-01 | 2020-12-31 | year",
        "compound | 2021-03    | ''         | 2021-03-01 | null       | month",
        "compound | 2021-03-15 | 2022-06    | 2021-03-15 | 2022-06-30 | day",
    })
    void datesAndImpliedPrecision(String category, String start, String end, String startDate, String endDate,
            String precision) {
        ObjectNode p = (ObjectNode) JSON.readTree(VALID);
        p.put("category", category).put("startDate", start);
        if (!end.isEmpty()) {
            p.put("endDate", end);
        }
        IncidentRecord r = validate(p.toString(), POINT);
        assertThat(r.startDate()).hasToString(startDate);
        assertThat(String.valueOf(r.endDate())).isEqualTo(endDate);
        assertThat(r.datePrecision()).isEqualTo(precision);
    }

    @ParameterizedTest(name = "{0}={1} → {2}")
    @CsvSource(delimiter = '|', value = {
        "category          | casino       | category: unknown category 'casino'",
        "title             | '   '        | title: is required",
        "startDate         | 2022-02-30   | startDate: '2022-02-30' is not a calendar date",
        "startDate         | 20/02/2022   | startDate: must be a date as YYYY-MM-DD",
        "startDate         | 1850-01-01   | startDate: date 1850-01-01 is not plausible",
        "endDate           | 2021-01-01   | endDate: end date 2021-01-01 is before start date 2022-02-20",
        "datePrecision     | week         | datePrecision: must be one of [day, month, year]",
        "locationPrecision | street       | locationPrecision: must be one of",
        "country           | KH           | country: must be an ISO 3166-1 alpha-3 code",
        "province          | Sihanoukville | province: must be a province code such as KH-18",
        "status            | rumour       | status: must be one of [disputed, reported, verified]",
    })
    void refusesABadField(String field, String value, String expected) {
        ObjectNode p = (ObjectNode) JSON.readTree(VALID);
        p.put(field, value);
        assertThat(errors(p.toString(), POINT)).singleElement().asString().startsWith("1 " + expected);
    }

    @ParameterizedTest(name = "province {0}")
    @CsvSource({"KH-18", "LA-BK", "PH-X-PASAY", "MY-01"})
    void acceptsIsoAndBoundarySetProvinceCodes(String code) {
        ObjectNode p = (ObjectNode) JSON.readTree(VALID);
        p.put("province", code);
        assertThat(validate(p.toString(), POINT).province()).isEqualTo(code);
    }

    @Test
    void collectsEveryErrorOfARecord() {
        String props = """
                {"category":"raid","title":"Raid","startDate":"2022-02-20","locationPrecision":"town","country":"KHM",
                 "victimsCount":-3,"victimNationalities":["CN"],
                 "sources":[{"url":"ftp://x","language":"english"}]}""";
        assertThat(errors(props, "{\"type\":\"Point\",\"coordinates\":[300,10]}")).containsExactly(
                "1 victimsCount: must be a whole number of zero or more",
                "1 victimNationalities: '\"CN\"' is not an ISO 3166-1 alpha-3 code",
                "1 sources[1].outlet: is required",
                "1 sources[1].url: must be an http or https URL",
                "1 sources[1].language: must be an ISO 639 code such as en, km, zh, not 'english'",
                "1 geometry: position [300.0, 10.0] is outside longitude -180..180, latitude -90..90");
    }

    private IncidentRecord validate(String properties, String geometry) {
        List<RecordError> errors = new ArrayList<>();
        IncidentRecord r = validator.validate(1, JSON.readTree(properties), JSON.readTree(geometry), errors);
        assertThat(errors).isEmpty();
        return r;
    }

    private List<String> errors(String properties, String geometry) {
        List<RecordError> errors = new ArrayList<>();
        IncidentRecord r = validator.validate(1, JSON.readTree(properties), JSON.readTree(geometry), errors);
        assertThat(r).isNull();
        return errors.stream().map(e -> e.record() + " " + e.field() + ": " + e.message()).toList();
    }
}
