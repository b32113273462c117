package org.incidentmapper.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;

import org.incidentmapper.Api;
import org.incidentmapper.Application;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.postgis.PrivatePostgis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.FileSystemUtils;

/**
 * Data → backup → a new, empty cluster → restore → the same: rows per table, the GeoJSON export byte for byte, the
 * audit trail. And the refusals: a corrupt file, a missing manifest, a database that is not empty.
 */
@WriteIntegrationTest
class BackupRestoreTest {

    /** The private cluster's superuser (PrivatePostgis.SUPERUSER). */
    private static final String SUPERUSER = "mapper";
    private static final Path DIR = Path.of("target/backup-test");
    private static PrivatePostgis emptyCluster;

    @LocalServerPort
    int port;

    @Autowired
    Environment env;

    @BeforeAll
    static void newEmptyCluster() throws IOException {
        FileSystemUtils.deleteRecursively(DIR);
        Files.createDirectories(DIR);
        emptyCluster = new PrivatePostgis(DIR.resolve("pgdata"), freePort(), false);
        emptyCluster.start("restored");
    }

    @AfterAll
    static void stopCluster() {
        if (emptyCluster != null) {
            emptyCluster.stop();
        }
    }

    /** As the app connects: its own role, not the superuser (as ./mapper restore does with the app's settings). */
    private static Database inEmptyCluster(String database) {
        return new Database(emptyCluster.jdbcUrl(database), PrivatePostgis.APP_ROLE, emptyCluster.appPassword());
    }

    private static Database asSuperuser(String database) {
        return new Database(emptyCluster.jdbcUrl(database), SUPERUSER, emptyCluster.superuserPassword());
    }

    @Test
    void restoredDatabaseIsTheBackedUpOne() throws Exception {
        Api analyst = new Api(port);
        // an edit, so the audit trail holds more than the loaders' work
        Api.Response created = analyst.send("POST", "/api/incidents", """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[103.5,10.6]},
                 "properties":{"externalId":"backup-test","category":"raid","title":"Backup test compound raid",
                   "startDate":"2026-11-01","locationPrecision":"town","country":"KHM",
                   "sources":[{"outlet":"VOD","url":"https://vodenglish.news/raid","publishedDate":"2026-11-02","language":"en"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        Database source = Database.of(env);
        SortedMap<String, Long> sourceRows;
        List<String> sourceAudit;
        try (Connection c = source.connect()) {
            sourceRows = Backup.rowCounts(c);
            sourceAudit = Backup.list(c, AUDIT);
        }
        Path file = DIR.resolve("incidents.dump");
        BackupManifest manifest = new Backup(Duration.ofMinutes(5)).write(source, file);
        assertThat(manifest.rows()).isEqualTo(sourceRows);
        assertThat(manifest.rows().get("public.incident")).isPositive();
        assertThat(manifest.schemaVersion()).isNotBlank();
        assertThat(manifest.sha256()).isEqualTo(Backup.sha256(file));

        Database target = inEmptyCluster("restored");
        new Restore(Duration.ofMinutes(5)).run(target, file);
        try (Connection c = target.connect()) {
            assertThat(Backup.rowCounts(c)).isEqualTo(sourceRows);
            assertThat(Backup.list(c, AUDIT)).isEqualTo(sourceAudit).isNotEmpty();
        }

        byte[] original = geojsonExport(port);
        try (ConfigurableApplicationContext restoredApp = new SpringApplicationBuilder(Application.class)
                .profiles("test").run("--server.port=0", "--spring.datasource.url=" + target.jdbcUrl(),
                        "--spring.datasource.username=" + target.username(), "--spring.datasource.password=" + target.password(),
                        "--mapper.backup.scheduled=false")) {
            byte[] restored = geojsonExport(((WebServerApplicationContext) restoredApp).getWebServer().getPort());
            assertThat(restored).isEqualTo(original);
            assertThat(new String(restored)).contains("Backup test compound raid");
        }

        // a second restore into the now full database is refused, and changes nothing
        SortedMap<String, Long> before;
        try (Connection c = target.connect()) {
            before = Backup.rowCounts(c);
        }
        assertThatThrownBy(() -> new Restore(Duration.ofMinutes(5)).run(target, file))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("is not empty").hasMessageContaining("incident");
        try (Connection c = target.connect()) {
            assertThat(Backup.rowCounts(c)).isEqualTo(before);
        }
    }

    @Test
    void corruptFileOrMissingManifestIsRefusedAndNothingIsWritten() throws Exception {
        Path file = DIR.resolve("corrupt.dump");
        new Backup(Duration.ofMinutes(5)).write(Database.of(env), file);
        try (RandomAccessFile bytes = new RandomAccessFile(file.toFile(), "rw")) {
            bytes.seek(bytes.length() / 2);
            int b = bytes.read();
            bytes.seek(bytes.length() / 2);
            bytes.write(b ^ 0xFF);
        }
        createDatabase("scratch");
        Database scratch = inEmptyCluster("scratch");
        assertThatThrownBy(() -> new Restore(Duration.ofMinutes(5)).run(scratch, file))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("is corrupt").hasMessageContaining("SHA-256");

        Files.delete(BackupManifest.of(file));
        assertThatThrownBy(() -> new Restore(Duration.ofMinutes(5)).run(scratch, file))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("no manifest");
        try (Connection c = scratch.connect()) {
            assertThat(Backup.list(c, "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public'")).isEmpty();
        }
    }

    @Test
    void scheduledBackupsKeepTheNewestN() throws IOException {
        Path dir = DIR.resolve("scheduled");
        Files.createDirectories(dir);
        for (String stamp : List.of("20261127-023000", "20261128-023000", "20261129-023000", "20261130-023000")) {
            Files.writeString(dir.resolve("incidents-" + stamp + ".dump"), stamp);
            Files.writeString(BackupManifest.of(dir.resolve("incidents-" + stamp + ".dump")), "{}");
        }
        Files.writeString(dir.resolve("keep-me.dump"), "not a scheduled backup");
        ScheduledBackups.prune(dir, 2);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).containsExactly(
                    "incidents-20261129-023000.dump", "incidents-20261129-023000.dump.manifest.json",
                    "incidents-20261130-023000.dump", "incidents-20261130-023000.dump.manifest.json", "keep-me.dump");
        }
    }

    private static final String AUDIT = """
            SELECT concat_ws('|', id, actor, action, entity, entity_id, before, after, detail, remote_addr, at)
              FROM audit_event ORDER BY id""";

    private static byte[] geojsonExport(int port) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
                new Api(port).request("/api/export?format=geojson").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static void createDatabase(String name) throws SQLException {
        try (Connection c = asSuperuser("postgres").connect()) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name);
            c.createStatement().execute("CREATE DATABASE " + name + " OWNER " + PrivatePostgis.APP_ROLE);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
