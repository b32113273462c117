package org.incidentmapper.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code dataset_load} table: for each named data set (sample incidents, boundaries, gazetteer) the SHA-256 of
 * the files it was last loaded from. Writes join the caller's transaction, so a load that rolls back is not recorded.
 */
@Repository
public class DatasetLoads {

    private final JdbcClient jdbc;

    DatasetLoads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The hash recorded for {@code name}; empty when it was never loaded. */
    public Optional<String> sha256(String name) {
        return jdbc.sql("SELECT sha256 FROM dataset_load WHERE name = :name").param("name", name)
                .query(String.class).optional();
    }

    /** Records that {@code name} is now loaded from files with this hash. */
    public void record(String name, String sha256) {
        jdbc.sql("""
                INSERT INTO dataset_load (name, sha256) VALUES (:name, :sha)
                ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, loaded_at = now()""")
                .param("name", name).param("sha", sha256).update();
    }

    /** SHA-256 over the contents of {@code files} in order, read as a stream (uploads may be large). */
    public static String sha256(Path... files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
