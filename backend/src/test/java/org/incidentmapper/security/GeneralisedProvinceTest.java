package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A sensitive compound at (104.95713, 11.70371), in Kandal (KH-8) near its border with Phnom Penh (KH-12), where the
 * centre of its 0.25° cell lies. Viewers see KH-12 everywhere, the province filters and every aggregate included;
 * analysts see KH-8. Its unique title, searched with q=, makes every count below its own.
 */
@WriteIntegrationTest
class GeneralisedProvinceTest {

    static final String WINDOW = "from=2023-03&to=2023-03&q=by%20the%20border";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    long id;

    @BeforeEach
    void insert() {
        id = jdbc.sql("""
                INSERT INTO incident (external_id, category, title, start_date, date_precision, geom,
                    location_precision, country, status, sensitive)
                VALUES ('border-canary', 'compound', 'Compound by the border', '2023-03-03', 'day',
                    ST_SetSRID(ST_MakePoint(104.95713, 11.70371), 4326), 'exact', 'KHM', 'verified', true)
                RETURNING id""").query(Long.class).single();
    }

    @AfterEach
    void remove() {
        jdbc.sql("DELETE FROM incident WHERE id = :id").param("id", id).update();
    }

    String seen(String role) {
        Api api = new Api(port, role);
        var single = api.get("/api/incidents/" + id).json().get("properties");
        var listed = api.get("/api/incidents?" + WINDOW).json().get("features").get(0).get("properties");
        StringBuilder provinces = new StringBuilder();
        for (var f : api.get("/api/provinces?geometry=false&" + WINDOW).json().get("features").values()) {
            if (f.get("properties").get("count").asInt() > 0) {
                provinces.append(f.get("id").asString()).append('=').append(f.get("properties").get("count"));
            }
        }
        var timeline = api.get("/api/provinces/timeline?interval=month&" + WINDOW).json().get("periods").get(0);
        var spread = api.get("/api/provinces/spread?" + WINDOW).json();
        String csv = api.get("/api/export?format=csv&" + WINDOW).body();
        return String.join(" | ", single.get("province").asString(), listed.get("province").asString(),
                String.valueOf(listed.get("outsideBoundaries").asBoolean()), provinces,
                timeline.get("counts").toString(), spread.get(0).get("code").asString(),
                csv.contains(",KH-8,") ? "csv KH-8" : csv.contains(",KH-12,") ? "csv KH-12" : "csv ?");
    }

    @Test
    void viewerSeesTheCellsProvinceInEveryOutput() {
        assertThat(seen("viewer")).isEqualTo("KH-12 | KH-12 | false | KH-12=1 | {\"KH-12\":1} | KH-12 | csv KH-12");
        assertThat(seen("analyst")).isEqualTo("KH-8 | KH-8 | false | KH-8=1 | {\"KH-8\":1} | KH-8 | csv KH-8");
    }

    @Test
    void theProvinceFilterUsesTheSameValue() {
        Api viewer = new Api(port, "viewer");
        assertThat(SensitiveIncidentCanaryTest.ids(viewer, WINDOW + "&province=KH-12")).containsExactly(id);
        assertThat(SensitiveIncidentCanaryTest.ids(viewer, WINDOW + "&province=KH-8")).isEmpty();
        assertThat(SensitiveIncidentCanaryTest.ids(new Api(port, "analyst"), WINDOW + "&province=KH-8"))
                .containsExactly(id);
    }

    /** The stored public province follows every write and a boundary replacement (which rewrites every row). */
    @Test
    void publicProvinceIsKeptCurrentOnWritesAndBoundaryReplacement() {
        assertThat(publicProvince()).isEqualTo("KH-12 false");
        jdbc.sql("UPDATE incident SET sensitive = false WHERE id = :id").param("id", id).update();
        assertThat(publicProvince()).isEqualTo("KH-8 false");
        jdbc.sql("UPDATE incident SET sensitive = true, geom = ST_SetSRID(ST_MakePoint(104.95, 11.55), 4326) "
                + "WHERE id = :id").param("id", id).update();
        assertThat(publicProvince()).isEqualTo("KH-12 false");
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        String afterReplacement = rolledBack.execute(status -> {
            status.setRollbackOnly();
            // what BoundaryImporter does: replace the set, then rewrite every incident's geometry
            jdbc.sql("DELETE FROM boundary WHERE code = 'KH-12'").update();
            jdbc.sql("UPDATE incident SET geom = geom").update();
            return publicProvince();
        });
        assertThat(afterReplacement).isEqualTo("null true");
        assertThat(publicProvince()).isEqualTo("KH-12 false");
    }

    String publicProvince() {
        return jdbc.sql("SELECT province_public || '', outside_boundaries_public FROM incident WHERE id = :id")
                .param("id", id).query((rs, n) -> rs.getString(1) + " " + rs.getBoolean(2)).single();
    }
}
