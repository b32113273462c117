package org.incidentmapper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.CommandLineRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Start-up work runs as one sequence: no other runner of the app's own, and every step has run before tests start. */
@MapperIntegrationTest
class StartupSequenceTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theSequenceIsTheAppsOnlyRunner() {
        assertThat(context.getBeansOfType(ApplicationRunner.class).values().stream()
                .map(b -> b.getClass().getName().replaceAll("\\$\\$.*", ""))
                .filter(name -> !name.equals(TestAccounts.class.getName())))
                .containsExactly(StartupSequence.class.getName());
        assertThat(context.getBeansOfType(CommandLineRunner.class)).isEmpty();
    }

    @Test
    void everyStepHasLoaded() {
        assertThat(jdbc.sql("SELECT count(*) FROM gazetteer_place").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM boundary").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM incident").query(Long.class).single()).isPositive();
    }
}
