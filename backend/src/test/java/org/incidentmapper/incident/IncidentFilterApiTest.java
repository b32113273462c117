package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Filter semantics of {@code GET /api/incidents} against the fixtures (by start date):
 * border town 2019-01-01..2024-12-31, closed compound 2020-01-01..2020-12-31 (polygon), open compound
 * 2021-03-01..(running), hospital admission 2022-02 (month), raid 2022-02-20, rescue 2023-06-15 at (102, 13).
 * Each row: query → external ids expected, in response order (start date, then id).
 */
@MapperIntegrationTest
class IncidentFilterApiTest {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                   | f-border-town f-compound-closed f-compound-open f-hospital-month f-raid-day f-rescue-corner",
        // period overlap, inclusive at both ends
        "from=2020-12-31&to=2020-12-31        | f-border-town f-compound-closed",
        "from=2021-01-01&to=2021-02-28        | f-border-town",
        "to=2019-12-31                        | f-border-town",
        "to=2018-12-31                        | ''",
        "from=2021-03-01&to=2021-03-01        | f-border-town f-compound-open",
        // an open-ended period is still running
        "from=2030-01-01                      | f-compound-open",
        "from=2025-01-01&to=2025-01-31        | f-compound-open",
        // month precision covers the whole month; a one-day raid only its day
        "from=2022-02-28&to=2022-02-28        | f-border-town f-compound-open f-hospital-month",
        "from=2022-02-20&to=2022-02-20        | f-border-town f-compound-open f-hospital-month f-raid-day",
        "from=2022-02-21&to=2022-02-21        | f-border-town f-compound-open f-hospital-month",
        "from=2022-03&to=2022-03              | f-border-town f-compound-open",
        "from=2023&to=2023                    | f-border-town f-compound-open f-rescue-corner",
        // bbox edges are inclusive: the rescue sits on the corner (102, 13)
        "bbox=102,13,103,14                   | f-border-town f-rescue-corner",
        "bbox=101,12,102,13                   | f-rescue-corner",
        "bbox=102.00001,13.00001,103,14       | f-border-town",
        // a polygon counts when any part of it is in the box
        "bbox=103.505,10.605,103.6,10.7       | f-compound-closed",
        "bbox=103.52,10.62,103.6,10.7         | ''",
        // categories combine with OR, other filters with AND
        "category=raid                        | f-raid-day",
        "category=raid,rescue                 | f-raid-day f-rescue-corner",
        "category=raid,rescue&from=2023-01-01 | f-rescue-corner",
        "category=compound&bbox=103,10,104,11 | f-compound-closed f-compound-open",
        "category=raid&from=2024-01-01        | ''",
        // text search in title, description, location name; % is a literal, not a wildcard
        "q=precinct                           | f-compound-closed",
        "q=PHNOM%20PENH                       | f-hospital-month",
        "q=100%25                             | f-raid-day",
        "q=%25%25%25                          | ''",
        "q=%E8%A5%BF%E6%B8%AF                 | f-rescue-corner",
        "limit=2                              | f-border-town f-compound-closed",
        // province: given, or computed from the boundaries (the raid at (105, 12) has none given: Kampong Cham)
        "province=KH-3                        | f-raid-day",
        "province=KH-1,KH-12                  | f-border-town f-hospital-month f-rescue-corner",
        "province=KH-1&category=rescue        | f-rescue-corner",
        "province=KH-18&from=2021             | ''",
        "country=KHM&category=raid            | f-raid-day",
        "country=khm,tha&province=KH-8        | f-compound-open",
        "country=THA                          | ''",
    })
    void filters(String query, String expected) {
        assertThat(api.externalIds(query)).containsExactly(expected.isBlank() ? new String[0] : expected.split(" "));
    }
}
