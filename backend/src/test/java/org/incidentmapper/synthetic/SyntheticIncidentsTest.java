package org.incidentmapper.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code ./mapper generate N} and {@code --remove}: what the synthetic rows look like, and that removal is exact. */
@WriteIntegrationTest
class SyntheticIncidentsTest {

    @Autowired
    SyntheticIncidents synthetic;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void generatesMarkedIncidentsNearTownsOverTenYearsAndRemovesOnlyThem() {
        long realBefore = jdbc.queryForObject("SELECT count(*) FROM incident", Long.class);
        long sourcesBefore = jdbc.queryForObject("SELECT count(*) FROM incident_source", Long.class);
        try {
            assertThat(synthetic.generate(3000, total -> { })).isEqualTo(3000);
            assertThat(synthetic.count()).isEqualTo(3000);

            Map<String, Object> shape = jdbc.queryForMap("""
                    SELECT count(DISTINCT category) AS categories, min(start_date) AS first, max(start_date) AS last,
                           count(*) FILTER (WHERE sensitive) AS sensitive,
                           count(*) FILTER (WHERE category = 'hospital_admission' AND NOT sensitive) AS open_hospital,
                           count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM incident_source s WHERE s.incident_id = i.id))
                               AS without_source,
                           -- every incident within 0.25° of a gazetteer town
                           count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM gazetteer_place g WHERE g.source = 'alias'
                               AND g.precision = 'town' AND ST_DWithin(g.geom, i.geom, 0.25))) AS far_from_towns,
                           count(DISTINCT province) AS provinces, count(DISTINCT external_id) AS ids
                    FROM incident i WHERE external_id LIKE 'synthetic:%'""");
            assertThat(shape.get("categories")).isEqualTo(5L);
            assertThat(shape.get("first").toString()).startsWith("2016-");
            assertThat(shape.get("last").toString()).startsWith("2025-");
            assertThat((Long) shape.get("sensitive")).isPositive();
            assertThat(shape.get("open_hospital")).isEqualTo(0L);
            assertThat(shape.get("without_source")).isEqualTo(0L);
            assertThat(shape.get("far_from_towns")).isEqualTo(0L);
            assertThat((Long) shape.get("provinces")).isGreaterThan(10);
            assertThat(shape.get("ids")).isEqualTo(3000L);
            // the places reports name most get the most incidents
            List<String> busiest = jdbc.queryForList("""
                    SELECT location_name FROM incident WHERE external_id LIKE 'synthetic:%'
                    GROUP BY location_name ORDER BY count(*) DESC LIMIT 2""", String.class);
            assertThat(busiest).containsExactlyInAnyOrder("Sihanoukville", "Phnom Penh");
        } finally {
            long removed = synthetic.remove();
            assertThat(removed).isEqualTo(3000);
        }
        assertThat(synthetic.count()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM incident", Long.class)).isEqualTo(realBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM incident_source", Long.class)).isEqualTo(sourcesBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE action IN ('generate', 'remove-synthetic')",
                Long.class)).isGreaterThanOrEqualTo(2);
    }
}
