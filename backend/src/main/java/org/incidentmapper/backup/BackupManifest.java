package org.incidentmapper.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code FILE.manifest.json} beside a backup says about it, all of it taken from the snapshot the dump was made
 * from.
 *
 * @param sha256        SHA-256 of the dump file, hex
 * @param bytes         its size
 * @param schemaVersion the Flyway version of the database (last successful migration)
 * @param createdAt     when the snapshot was taken (ISO-8601, UTC)
 * @param source        the database it came from (name, host, port)
 * @param rows          rows per table ({@code schema.table}), the yardstick a restore is checked against
 * @param roles         roles the dump grants privileges to; a restore creates those missing (NOLOGIN)
 */
record BackupManifest(String sha256, long bytes, String schemaVersion, String createdAt, String source,
        SortedMap<String, Long> rows, List<String> roles) {

    static final String SUFFIX = ".manifest.json";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    static Path of(Path dump) {
        return dump.resolveSibling(dump.getFileName() + SUFFIX);
    }

    void writeFor(Path dump) {
        try {
            Files.writeString(of(dump), JSON.writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BackupManifest readFor(Path dump) {
        Path manifest = of(dump);
        if (!Files.isRegularFile(manifest)) {
            throw new BackupRefused("no manifest " + manifest + " beside the backup: without its checksum the file "
                    + "cannot be trusted; nothing was restored");
        }
        try {
            BackupManifest read = JSON.readValue(manifest.toFile(), BackupManifest.class);
            if (read.sha256() == null || read.rows() == null || read.roles() == null) {
                throw new BackupRefused(manifest + " lacks sha256, rows or roles; nothing was restored");
            }
            return read;
        } catch (JacksonException e) {
            throw new BackupRefused(manifest + " is not a readable manifest (" + e.getOriginalMessage()
                    + "); nothing was restored");
        }
    }
}
