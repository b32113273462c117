package org.incidentmapper.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The private cluster's life: a cluster whose owner was killed ({@code kill -9}, so no shutdown hook ran) is adopted
 * by the next start, which then stops it on exit; a cluster whose owner still runs is reused and left running; a
 * database an earlier version filled as the superuser is handed over to the app role.
 */
@Tag("integration")
class PrivateClusterTest {

    static final Path DIR = Path.of("target/pgorphan").toAbsolutePath();
    static int port;

    @BeforeAll
    static void fresh() throws IOException {
        clean();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
    }

    @AfterAll
    static void clean() throws IOException {
        if (Files.exists(DIR.resolve("PG_VERSION"))) {
            PrivatePostgis leftover = new PrivatePostgis(DIR, 0, false);
            if (leftover.isRunning()) {
                leftover.forceStop();
            }
        }
        FileSystemUtils.deleteRecursively(DIR);
        for (String suffix : new String[] {".password", ".app-password", ".owner"}) {
            Files.deleteIfExists(DIR.resolveSibling(DIR.getFileName() + suffix));
        }
    }

    @Test
    void aClusterWhoseOwnerWasKilledIsAdoptedAndStoppedOnExit() throws Exception {
        new PrivatePostgis(DIR, port, false).start("orphan_test");
        // the process that started it dies with SIGKILL: a stand-in recorded as the owner, then killed
        Process owner = new ProcessBuilder("sleep", "600").start();
        new PrivatePostgis(DIR, port, false).recordOwner(owner.toHandle());
        owner.destroyForcibly().waitFor();

        PrivatePostgis next = new PrivatePostgis(DIR, port, false);
        assertThat(next.isRunning()).isTrue();
        assertThat(next.liveOwner()).isEmpty();
        next.start("orphan_test");
        assertThat(next.liveOwner()).map(ProcessHandle::pid).hasValue(ProcessHandle.current().pid());
        next.stop();
        assertThat(next.isRunning()).isFalse();
    }

    @Test
    void aClusterWhoseOwnerRunsIsReusedAndLeftRunning() throws Exception {
        PrivatePostgis owner = new PrivatePostgis(DIR, port, false);
        owner.start("orphan_test");
        // a command-line import beside the running app: same data directory, owner alive
        Process app = new ProcessBuilder("sleep", "600").start();
        try {
            owner.recordOwner(app.toHandle());
            PrivatePostgis beside = new PrivatePostgis(DIR, port, false);
            beside.start("orphan_test");
            beside.stop();
            assertThat(beside.isRunning()).isTrue();
            assertThat(beside.liveOwner()).map(ProcessHandle::pid).hasValue(app.pid());
        } finally {
            app.destroyForcibly().waitFor();
            owner.forceStop();
        }
        assertThat(owner.isRunning()).isFalse();
    }

    @Test
    void objectsTheSuperuserMadeAreHandedToTheAppRole() throws Exception {
        PrivatePostgis cluster = new PrivatePostgis(DIR, port, false);
        cluster.start("handover_test");
        try {
            // what an earlier version, connected as the superuser, left behind
            try (Connection c = superuser(cluster); Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE handover_test OWNER TO mapper");
                s.execute("CREATE TABLE legacy (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, x text)");
                s.execute("CREATE SCHEMA generalised");
                s.execute("CREATE VIEW generalised.legacy AS SELECT * FROM public.legacy");
                s.execute("CREATE FUNCTION legacy_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM legacy'");
                s.execute("CREATE DOMAIN legacy_code AS text CHECK (VALUE <> '')");
            }
            new PrivatePostgis(DIR, port, false).start("handover_test");
            List<String> owners = new ArrayList<>();
            try (Connection c = superuser(cluster); Statement s = c.createStatement();
                    var rows = s.executeQuery("""
                            SELECT 'database ' || pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()
                            UNION ALL SELECT 'schema ' || nspowner::regrole FROM pg_namespace WHERE nspname = 'generalised'
                            UNION ALL SELECT relname || ' ' || relowner::regrole FROM pg_class
                                      WHERE relname IN ('legacy', 'legacy_id_seq') ORDER BY 1""")) {
                while (rows.next()) {
                    owners.add(rows.getString(1));
                }
                var more = s.executeQuery("SELECT proowner::regrole || ' ' || (SELECT typowner::regrole FROM pg_type "
                        + "WHERE typname = 'legacy_code') FROM pg_proc WHERE proname = 'legacy_count'");
                more.next();
                owners.add(more.getString(1));
            }
            assertThat(owners).containsExactly("database mapper_app", "legacy mapper_app", "legacy mapper_app",
                    "legacy_id_seq mapper_app", "schema mapper_app", "mapper_app mapper_app");
        } finally {
            cluster.forceStop();
        }
    }

    private static Connection superuser(PrivatePostgis cluster) throws Exception {
        Properties credentials = new Properties();
        credentials.setProperty("user", PrivatePostgis.SUPERUSER);
        credentials.setProperty("password", cluster.superuserPassword());
        return DriverManager.getConnection(cluster.jdbcUrl("handover_test"), credentials);
    }
}
