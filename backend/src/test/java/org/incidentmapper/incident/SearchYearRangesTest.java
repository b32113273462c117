package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Where the map's text search cuts its start-date ranges (IncidentRepository#dateBounds): 1 January of each year from
 * that of the sample's first match to the year after the sample's date at 4 times the share of matches needed.
 */
class SearchYearRangesTest {

    /** A sample of 10,000 rows whose 100 matches start every 30 days from 2016-01-01 (the last in 2024). */
    private static IncidentRepository.Sample sample() {
        List<LocalDate> dates = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            dates.add(LocalDate.of(2016, 1, 1).plusDays(30L * k));
        }
        return new IncidentRepository.Sample(0.01, 10_000, dates);
    }

    @Test
    void yearsFromTheFirstMatchToTheYearAfterTheOneAtFourTimesTheShareNeeded() {
        // 100 expected matches, 10 needed: 4 times is the date at index 40 (2019-04-15), so ranges up to 2020
        assertThat(IncidentRepository.dateBounds(sample(), 10)).containsExactly(LocalDate.of(2016, 1, 1),
                LocalDate.of(2017, 1, 1), LocalDate.of(2018, 1, 1), LocalDate.of(2019, 1, 1),
                LocalDate.of(2020, 1, 1));
    }

    @Test
    void upToTheYearAfterTheLastMatchWhenFourTimesIsMoreThanAll() {
        // 30 needed: 1.5 times is 45% of the matches, 4 times more than all: the last match is in 2024
        List<LocalDate> bounds = IncidentRepository.dateBounds(sample(), 30);
        assertThat(bounds).first().isEqualTo(LocalDate.of(2016, 1, 1));
        assertThat(bounds).last().isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(bounds).hasSize(10);
    }

    @Test
    void oneRangeWhenTheSampleFoundNoneOrWhenAlmostEveryMatchIsNeeded() {
        assertThat(IncidentRepository.dateBounds(new IncidentRepository.Sample(0, 10_000, List.of()), 10)).isEmpty();
        // 70 needed of 100 expected: 1.5 times is more than all
        assertThat(IncidentRepository.dateBounds(sample(), 70)).isEmpty();
    }

    @Test
    void atMostTwelveYearsOfTheirOwn() {
        List<LocalDate> dates = new ArrayList<>();
        for (int year = 1990; year < 2026; year++) {
            dates.add(LocalDate.of(year, 6, 1));
        }
        // 36 matches in 10,000 rows, 1 needed: 4 times is the date at index 4 (1994), far from the cap
        assertThat(IncidentRepository.dateBounds(new IncidentRepository.Sample(0.0036, 10_000, dates), 1))
                .containsExactly(LocalDate.of(1990, 1, 1), LocalDate.of(1991, 1, 1), LocalDate.of(1992, 1, 1),
                        LocalDate.of(1993, 1, 1), LocalDate.of(1994, 1, 1), LocalDate.of(1995, 1, 1));
        // 6 needed: 1.5 times is 25% of the matches, 4 times 67%: index 24 (2014), cut at 12 years (1990-2001)
        List<LocalDate> capped = IncidentRepository.dateBounds(new IncidentRepository.Sample(0.0036, 10_000, dates), 6);
        assertThat(capped).hasSize(IncidentRepository.SEARCH_YEARS + 1);
        assertThat(capped).last().isEqualTo(LocalDate.of(2002, 1, 1));
    }
}
