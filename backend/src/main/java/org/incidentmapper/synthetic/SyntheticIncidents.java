package org.incidentmapper.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

import org.incidentmapper.audit.AuditLog;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes and removes synthetic incidents. Every one carries an {@code external_id} starting with
 * {@value #MARKER}, so they can be told apart from real ones and removed in one statement; real incidents never
 * get that prefix (an import's external id is whatever the file says, so {@link #remove()} is only ever asked
 * for explicitly). Rows are made inside PostgreSQL, batch by batch, each batch one transaction, so an interrupted
 * run leaves whole batches and the app (running or not) sees them as they commit.
 */
@Component
public class SyntheticIncidents {

    /** The prefix of every synthetic incident's external id. */
    public static final String MARKER = "synthetic:";
    static final int BATCH = 50_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final String batchSql;

    SyntheticIncidents(JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        try {
            this.batchSql = new ClassPathResource("synthetic/generate.sql").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds {@code n} synthetic incidents (with one or two sources each) and returns how many were written;
     * {@code progress} hears the running total after every batch, and the years it gave incidents get their search
     * indexes (V99) before it returns. Needs the gazetteer (the towns it scatters
     * incidents around); refuses when it is empty.
     */
    public long generate(long n, LongConsumer progress) {
        Long towns = jdbc.sql("SELECT count(DISTINCT place_key) FROM gazetteer_place WHERE source = 'alias' "
                + "AND precision = 'town'").query(Long.class).single();
        if (towns == 0) {
            throw new IllegalStateException("The gazetteer has no towns (mapper.gazetteer is empty?): nothing to "
                    + "scatter synthetic incidents around");
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        long written = 0;
        while (written < n) {
            long size = Math.min(BATCH, n - written);
            long first = written + 1;
            transactions.executeWithoutResult(status -> jdbc.sql(batchSql)
                    .param("run", run).param("first", first).param("n", size).update());
            written += size;
            progress.accept(written);
        }
        long total = written;
        // the map's text search reads each year through that year's trigram index (V99): make those of new years
        jdbc.sql("SELECT incident_search_year_indexes()").query(Integer.class).single();
        transactions.executeWithoutResult(status -> audit.record("generate", "incident", null, null, null,
                "{\"synthetic\": " + total + ", \"run\": \"" + run + "\"}"));
        return written;
    }

    /** Deletes every synthetic incident (and its sources); returns how many there were. */
    public long remove() {
        return transactions.execute(status -> {
            long removed = jdbc.sql("DELETE FROM incident WHERE starts_with(external_id, :marker)")
                    .param("marker", MARKER).update();
            audit.record("remove-synthetic", "incident", null, null, null, "{\"removed\": " + removed + "}");
            return removed;
        });
    }

    /** How many synthetic incidents there are. */
    public long count() {
        return jdbc.sql("SELECT count(*) FROM incident WHERE starts_with(external_id, :marker)")
                .param("marker", MARKER).query(Long.class).single();
    }
}
