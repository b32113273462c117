package org.incidentmapper.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Restores a backup into an empty database, and proves it: the file must match its manifest's checksum before
 * anything is written, the restore is one transaction (all or nothing), and afterwards every table must hold the
 * rows the manifest counted and the schema version must be the manifest's.
 */
final class Restore {

    /** Relations in user schemas that no extension owns: an empty database (PostGIS installed or not) has none. */
    private static final String USER_RELATIONS = """
            SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname <> 'information_schema'
               AND n.nspname NOT LIKE 'pg\\_%'
               AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                                         AND d.deptype = 'e')
             ORDER BY 1""";

    private final PgTools tools;

    Restore(Duration timeout) {
        this.tools = new PgTools(timeout);
    }

    /** Restores {@code file} into {@code db}; returns the manifest it was checked against. */
    BackupManifest run(Database db, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BackupRefused("no backup file " + file);
        }
        BackupManifest manifest = BackupManifest.readFor(file);
        String actual = Backup.sha256(file);
        if (!actual.equals(manifest.sha256())) {
            throw new BackupRefused(file + " is corrupt: its SHA-256 is " + actual + " but the manifest says "
                    + manifest.sha256() + "; nothing was restored");
        }
        // the table of contents, to a file (it may be long). Left out: the extensions' comments and PostGIS's
        // spatial_ref_sys rows, which belong to the extensions' owner (the cluster's superuser), who made them with
        // the extensions already (the app adds no SRIDs of its own)
        Path contents;
        try {
            contents = Files.createTempFile("mapper-restore", ".list");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            PgTools.Result listing = tools.run("pg_restore", List.of("--list", "--file=" + contents,
                    file.toAbsolutePath().toString()), java.util.Map.of());
            if (listing.exitCode() != 0) {
                throw new BackupRefused(file + " is not a pg_dump archive pg_restore can read ("
                        + listing.output().strip() + "); nothing was restored");
            }
            try (var lines = Files.lines(contents)) {
                List<String> kept = lines.filter(line -> !line.matches("^\\d+; \\d+ \\d+ (COMMENT - EXTENSION|TABLE DATA public spatial_ref_sys) .*"))
                        .toList();
                Files.write(contents, kept);
            }
            restoreInto(db, file, contents, manifest);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            contents.toFile().delete();
        }
        verify(db, manifest);
        return manifest;
    }

    private void restoreInto(Database db, Path file, Path contents, BackupManifest manifest) {
        try (Connection connection = db.connect()) {
            List<String> present = Backup.list(connection, USER_RELATIONS);
            if (!present.isEmpty()) {
                throw new BackupRefused(db.describe() + " is not empty: it holds " + present.size() + " tables or views ("
                        + String.join(", ", present.subList(0, Math.min(5, present.size())))
                        + (present.size() > 5 ? ", …" : "") + "). Restore only into an empty database; nothing was restored");
            }
            createMissingRoles(connection, manifest.roles());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare " + db.describe() + " for the restore: " + e.getMessage(), e);
        }
        PgTools.Result restore = tools.run("pg_restore", List.of("--single-transaction", "--exit-on-error",
                "--no-owner", "--use-list=" + contents, "--dbname=" + db.libpqEnvironment().get("PGDATABASE"),
                file.toAbsolutePath().toString()), db.libpqEnvironment());
        if (restore.exitCode() != 0) {
            throw new IllegalStateException("pg_restore into " + db.describe() + " failed, and was rolled back: "
                    + restore.output().strip());
        }
    }

    /** Roles the dump grants to; made NOLOGIN and granted to the restoring user, as the migrations do. */
    private static void createMissingRoles(Connection connection, List<String> roles) throws SQLException {
        for (String role : roles) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                exists.setString(1, role);
                if (exists.executeQuery().next()) {
                    continue;
                }
            }
            try (PreparedStatement create = connection.prepareStatement(
                    "SELECT format('CREATE ROLE %I NOLOGIN', ?::text), format('GRANT %I TO CURRENT_USER', ?::text)")) {
                create.setString(1, role);
                create.setString(2, role);
                var sql = create.executeQuery();
                sql.next();
                try (var statement = connection.createStatement()) {
                    statement.execute(sql.getString(1));
                    statement.execute(sql.getString(2));
                }
            } catch (SQLException e) {
                throw new BackupRefused("the backup grants privileges to role " + role + ", which is missing and "
                        + "cannot be made here (" + e.getMessage() + "). Have a DBA run: CREATE ROLE " + role
                        + " NOLOGIN; GRANT " + role + " TO <app user>; nothing was restored");
            }
        }
    }

    private static void verify(Database db, BackupManifest manifest) {
        try (Connection connection = db.connect()) {
            SortedMap<String, Long> rows = Backup.rowCounts(connection);
            List<String> differences = new ArrayList<>();
            manifest.rows().forEach((table, count) -> {
                if (!count.equals(rows.get(table))) {
                    differences.add(table + ": " + rows.get(table) + " rows, the backup had " + count);
                }
            });
            String version = Backup.single(connection, """
                    SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
                     ORDER BY installed_rank DESC LIMIT 1""");
            if (manifest.schemaVersion() != null && !manifest.schemaVersion().equals(version)) {
                differences.add("schema version " + version + ", the backup had " + manifest.schemaVersion());
            }
            if (!differences.isEmpty()) {
                throw new IllegalStateException("the restored database differs from the backup: " + differences);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the restored " + db.describe() + ": " + e.getMessage(), e);
        }
    }
}
