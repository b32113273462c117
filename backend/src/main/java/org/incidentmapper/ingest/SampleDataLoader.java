package org.incidentmapper.ingest;

import java.io.IOException;
import java.io.InputStream;
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

/**
 * Loads the sample incidents ({@code mapper.sample-data}, a GeoJSON file) on the first start, as an all-or-nothing
 * import like a user's. Recorded in {@code dataset_load}, so later starts leave the data as the users have since
 * edited it. Runs after the gazetteer is loaded, so sample features may give a {@code place} instead of a geometry.
 */
@Component
@org.springframework.core.annotation.Order(100)
class SampleDataLoader implements ApplicationRunner {

    private static final Log log = LogFactory.getLog(SampleDataLoader.class);

    private final JdbcClient jdbc;
    private final Importer importer;
    private final String path;

    SampleDataLoader(JdbcClient jdbc, Importer importer, @Value("${mapper.sample-data:}") String path) {
        this.jdbc = jdbc;
        this.importer = importer;
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
        ImportReport report;
        try (InputStream in = Files.newInputStream(file)) {
            report = importer.run(in, Importer.Format.GEOJSON, Importer.Mode.ALL_OR_NOTHING,
                    file.getFileName().toString());
        }
        if (!report.committed()) {
            throw new IllegalStateException("Sample data " + file + " has invalid features, nothing was loaded: "
                    + report.rows());
        }
        // a crash between the import and this row would load the file again on the next start: an update in place
        jdbc.sql("INSERT INTO dataset_load (name, sha256) VALUES ('sample-incidents', :sha)")
                .param("sha", sha256(file)).update();
        log.info("Loaded " + report.accepted() + " sample incidents from " + file);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
