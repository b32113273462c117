package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The generalised views are an allow-list (V15, table {@code generalised_column}): every column of incident and
 * incident_source has a decision, and a column without one stops the views from being built.
 */
@MapperIntegrationTest
class GeneralisationAllowListTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void everyColumnOfTheTablesHasADecision() {
        List<String> undecided = jdbc.sql("""
                SELECT c.relname || '.' || a.attname
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                WHERE c.relname IN ('incident', 'incident_source') AND a.attnum > 0 AND NOT a.attisdropped
                  AND NOT EXISTS (SELECT 1 FROM generalised_column d
                                  WHERE d.relation = c.relname AND d.column_name = a.attname)
                ORDER BY 1""").query(String.class).list();
        assertThat(undecided).as("columns with no generalisation decision (add a row to generalised_column)")
                .isEmpty();
    }

    @Test
    void theViewsNameEveryColumnAndPassNoUndecidedOne() {
        List<String> viewColumns = jdbc.sql("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'generalised' AND table_name IN ('incident', 'incident_source')
                ORDER BY 1""").query(String.class).list();
        List<String> decided = jdbc.sql("SELECT relation || '.' || column_name FROM generalised_column"
                + " WHERE relation IN ('incident', 'incident_source') ORDER BY 1")
                .query(String.class).list();
        assertThat(viewColumns).containsExactlyInAnyOrderElementsOf(decided);
        // what a decision says is what the view does: the content hash and the author are NULL for everyone
        assertThat(jdbc.sql("SELECT pg_get_viewdef('generalised.incident'::regclass)").query(String.class).single())
                .contains("NULL::text AS content_hash").contains("NULL::text AS created_by")
                .doesNotContain("i.content_hash");
    }

    @Test
    void aNewColumnWithoutADecisionStopsTheViewsFromBeingBuilt() {
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            jdbc.sql("ALTER TABLE incident ADD COLUMN informant_phone text").update();
            assertThatThrownBy(() -> jdbc.sql("SELECT refresh_generalised_views()").query().singleValue())
                    .hasMessageContaining("informant_phone").hasMessageContaining("no generalisation decision");
        });
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            jdbc.sql("ALTER TABLE incident_source ADD COLUMN archived_copy text").update();
            jdbc.sql("""
                    INSERT INTO generalised_column (relation, column_name, decision, reason)
                    VALUES ('incident_source', 'archived_copy', 'withhold', 'a copy of the article')""").update();
            jdbc.sql("SELECT refresh_generalised_views()").query().singleValue();
            assertThat(jdbc.sql("SELECT pg_get_viewdef('generalised.incident_source'::regclass)")
                    .query(String.class).single()).contains("NULL::text AS archived_copy");
        });
    }
}
