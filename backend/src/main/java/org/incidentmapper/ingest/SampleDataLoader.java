package org.incidentmapper.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the sample incidents ({@code mapper.sample-data}, a GeoJSON file) on the first start, through the same
 * reader and writer as a user's import. Recorded in {@code dataset_load}, so later starts leave the data as the
 * users have since edited it.
 */
@Component
class SampleDataLoader implements ApplicationRunner {

    private static final Log log = LogFactory.getLog(SampleDataLoader.class);

    private final JdbcClient jdbc;
    private final IncidentWriter writer;
    private final TransactionTemplate transaction;
    private final String path;

    SampleDataLoader(JdbcClient jdbc, IncidentWriter writer, TransactionTemplate transaction,
            @Value("${mapper.sample-data:}") String path) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.transaction = transaction;
        this.path = path;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (path.isBlank()) {
            return;
        }
        boolean loaded = jdbc.sql("SELECT count(*) FROM dataset_load WHERE name = 'sample-incidents'")
                .query(Long.class).single() > 0;
        if (loaded) {
            return;
        }
        Path file = Path.of(path);
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("Sample data file " + file.toAbsolutePath() + " is missing; set "
                    + "mapper.sample-data to its path, or to nothing to start without sample data");
        }
        byte[] bytes = Files.readAllBytes(file);
        var records = new GeoJsonIncidentReader(new RecordValidator(writer.categories())).read(bytes);
        transaction.executeWithoutResult(status -> {
            writer.write(records, null);
            jdbc.sql("INSERT INTO dataset_load (name, sha256) VALUES ('sample-incidents', :sha)")
                    .param("sha", sha256(bytes)).update();
        });
        log.info("Loaded " + records.size() + " sample incidents from " + file);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
