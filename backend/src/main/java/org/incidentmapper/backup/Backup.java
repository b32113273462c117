package org.incidentmapper.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a backup of a database: {@code pg_dump} in custom format (compressed, restorable table by table) of a
 * snapshot the app shares with the dump, so the manifest's row counts and schema version are those of the dump
 * itself. Works while the app runs: the snapshot is consistent and nothing is locked beyond what pg_dump's
 * {@code ACCESS SHARE} locks take. The file appears only when complete ({@code FILE.partial} until then).
 */
final class Backup {

    /** User tables (not those an extension owns, such as PostGIS's spatial_ref_sys), as {@code schema.table}. */
    static final String USER_TABLES = """
            SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
               AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                                         AND d.deptype = 'e')
             ORDER BY 1""";

    /**
     * Roles named in the privileges of user schemas, tables and functions (not an extension's: their owner is the
     * cluster's superuser, whose name is the cluster's business), other than the one backing up.
     */
    private static final String GRANTEES = """
            SELECT DISTINCT a.grantee::regrole::text FROM (
                SELECT c.relacl AS acl FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
                   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                                             AND d.objid = c.oid AND d.deptype = 'e')
                UNION ALL
                SELECT nspacl FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'
                UNION ALL
                SELECT p.proacl FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
                   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                                             AND d.objid = p.oid AND d.deptype = 'e')) x,
                LATERAL aclexplode(x.acl) a
             WHERE x.acl IS NOT NULL AND a.grantee <> 0 AND a.grantee::regrole::text NOT LIKE 'pg\\_%'
               AND a.grantee::regrole::text <> current_user
             ORDER BY 1""";

    private final PgTools tools;

    Backup(Duration timeout) {
        this.tools = new PgTools(timeout);
    }

    /** Writes {@code file} and its manifest; returns the manifest. */
    BackupManifest write(Database db, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Connection connection = db.connect()) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            String snapshot = single(connection, "SELECT pg_export_snapshot()");
            String createdAt = single(connection, "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
            String version = single(connection, """
                    SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
                     ORDER BY installed_rank DESC LIMIT 1""");
            SortedMap<String, Long> rows = rowCounts(connection);
            List<String> roles = list(connection, GRANTEES);
            // while this transaction stays open, pg_dump reads exactly what was counted
            PgTools.Result dump = tools.run("pg_dump", List.of("--format=custom", "--snapshot=" + snapshot,
                    "--no-owner", "--file=" + partial.toAbsolutePath()), db.libpqEnvironment());
            connection.commit();
            if (dump.exitCode() != 0) {
                throw new IllegalStateException("pg_dump of " + db.describe() + " failed: " + dump.output().strip());
            }
            BackupManifest manifest = new BackupManifest(sha256(partial), Files.size(partial), version, createdAt,
                    db.describe(), rows, roles);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            manifest.writeFor(file);
            return manifest;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + db.describe() + " for the backup: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            partial.toFile().delete();
        }
    }

    static SortedMap<String, Long> rowCounts(Connection connection) throws SQLException {
        SortedMap<String, Long> rows = new TreeMap<>();
        for (String table : list(connection, USER_TABLES)) {
            // table names come from the catalog, quoted by format('%I')
            rows.put(table, Long.parseLong(single(connection, "SELECT count(*) FROM " + table)));
        }
        return rows;
    }

    static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }

    static List<String> list(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
