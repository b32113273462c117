package org.incidentmapper.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateParamTest {

    @ParameterizedTest(name = "{0} → from {1}, to {2}")
    @CsvSource({
        "2022-02-20, 2022-02-20, 2022-02-20",
        "2022-02,    2022-02-01, 2022-02-28",
        "2024-02,    2024-02-01, 2024-02-29",
        "2022,       2022-01-01, 2022-12-31",
    })
    void boundsOfADayMonthOrYear(String text, String lower, String upper) {
        assertThat(DateParam.lowerBound("from", text)).hasToString(lower);
        assertThat(DateParam.upperBound("to", text)).hasToString(upper);
    }

    @ParameterizedTest
    @CsvSource({"2022-02-30", "2022-13", "22-02-01", "2022/02/01", "today", "2022-02-01T00:00"})
    void refusesWhatIsNotADate(String text) {
        assertThatThrownBy(() -> DateParam.lowerBound("from", text))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("'from'");
    }
}
