package org.incidentmapper.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.incidentmapper.Api;
import org.incidentmapper.Application;
import org.incidentmapper.TestAccounts;
import org.incidentmapper.postgis.PrivatePostgis;
import org.incidentmapper.postgis.PrivateStandby;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * A primary, a streaming hot standby made from it ({@code pg_basebackup -R}), and the app pointed at both. Rows are
 * inserted directly on the primary while the standby's replay is paused, so what a read returns says which server
 * served it: reads come from the standby (with the viewer's generalisation applied there too), writes land on the
 * primary and their writer reads them at once, and when the standby stops reads fall back to the primary.
 */
@Tag("integration")
class StandbyReadsTest {

    private static final Path DIR = Path.of("target/pgtest-standby");
    private static final String DB = "incidents_test";
    /** The private cluster's superuser (PrivatePostgis.SUPERUSER). */
    private static final String SUPERUSER = "mapper";

    private static PrivatePostgis primary;
    private static PrivateStandby standby;
    private static ConfigurableApplicationContext app;
    private static int port;

    @BeforeAll
    static void primaryStandbyAndApp() throws IOException {
        FileSystemUtils.deleteRecursively(DIR);
        primary = new PrivatePostgis(DIR.resolve("primary"), freePort(), false);
        primary.start(DB);
        standby = new PrivateStandby(primary, DIR.resolve("standby"), freePort());
        app = new SpringApplicationBuilder(Application.class, TestAccounts.class).profiles("test").run(
                "--server.port=0", "--spring.datasource.url=" + primary.jdbcUrl(DB),
                "--spring.datasource.username=" + PrivatePostgis.APP_ROLE,
                "--spring.datasource.password=" + primary.appPassword(),
                "--mapper.replica.url=" + standby.jdbcUrl(DB), "--mapper.replica.check-interval=500ms",
                "--spring.datasource.hikari.maximum-pool-size=4");
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        standby.start(); // after the migrations and loaders, so it starts with them
        await("the standby serves reads", () -> new Api(port, "admin").get("/actuator/health").body()
                .contains("\"reads\":\"standby\""));
    }

    @AfterAll
    static void stopAll() {
        if (app != null) {
            app.close();
        }
        if (standby != null) {
            standby.stop();
        }
        if (primary != null) {
            primary.stop();
        }
    }

    @Test
    void readsComeFromTheStandbyWritesGoToThePrimaryAndTheStandbyCanStop() {
        Api viewer = new Api(port, "viewer");
        Api admin = new Api(port, "admin");
        Api analyst = new Api(port);
        String day = "/api/incidents?from=1999-03-04&to=1999-03-04";
        awaitReplayed();

        // 1. a row inserted on the primary while replay is paused: no read sees it, the primary has it
        pauseReplay();
        insertCanaryOnPrimary("standby-canary-1");
        assertThat(onPrimary("SELECT count(*) FROM incident WHERE external_id = 'standby-canary-1'")).isEqualTo(1L);
        assertThat(features(admin.get(day))).isZero();
        assertThat(features(viewer.get(day))).isZero();

        // 2. replay resumes: it appears, and the viewer reading from the standby still gets the generalised view
        onStandby("SELECT pg_wal_replay_resume()");
        await("the canary reaches the standby", () -> features(admin.get(day)) == 1);
        assertThat(admin.get(day).body()).contains("STANDBY-DESC-7e2a").contains("104.3071");
        Api.Response seenByViewer = viewer.get(day);
        assertThat(features(seenByViewer)).isEqualTo(1);
        assertThat(seenByViewer.body()).doesNotContain("STANDBY-DESC-7e2a").doesNotContain("104.3071");

        // 3. a write through the app lands on the primary; its writer reads it at once, others after replay
        pauseReplay();
        Api.Response created = analyst.send("POST", "/api/incidents", """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[103.5,10.6]},
                 "properties":{"externalId":"standby-write","category":"raid","title":"Standby write",
                   "startDate":"1999-03-04","locationPrecision":"town","country":"KHM",
                   "sources":[{"outlet":"VOD","url":"https://vodenglish.news/r","publishedDate":"1999-03-05","language":"en"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(onPrimary("SELECT count(*) FROM incident WHERE external_id = 'standby-write'")).isEqualTo(1L);
        assertThat(analyst.get(day).body()).contains("Standby write");
        assertThat(admin.get(day).body()).doesNotContain("Standby write");
        onStandby("SELECT pg_wal_replay_resume()");
        await("the write reaches the standby", () -> admin.get(day).body().contains("Standby write"));

        // 4. the standby stops: reads fall back to the primary within seconds, and health says so (to admins only)
        standby.stop();
        long stopped = System.nanoTime();
        insertCanaryOnPrimary("standby-canary-2");
        await("reads fall back to the primary", () -> {
            Api.Response r = viewer.get(day);
            return r.status() == 200 && features(r) == 3;
        });
        Duration fallback = Duration.ofNanos(System.nanoTime() - stopped);
        assertThat(fallback).isLessThan(Duration.ofSeconds(10));
        assertThat(admin.get("/actuator/health").body()).contains("DEGRADED").contains("\"reads\":\"primary\"");
        Api.Response anonymous = Api.anonymous(port).get("/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        // the proxy keeps the instance (200); anonymous callers get the status alone
        assertThat(anonymous.body()).isEqualTo("{\"status\":\"DEGRADED\"}");
    }

    private static void insertCanaryOnPrimary(String externalId) {
        JdbcClient.create(new DriverManagerDataSource(primary.jdbcUrl(DB), SUPERUSER, primary.superuserPassword()))
                .sql("""
                        INSERT INTO incident (external_id, category, title, description, start_date, end_date,
                            date_precision, geom, location_name, location_precision, country, status, sensitive)
                        VALUES (:id, 'raid', 'Standby canary', 'STANDBY-DESC-7e2a', '1999-03-04', '1999-03-04', 'day',
                            ST_SetSRID(ST_MakePoint(104.30713, 11.52371), 4326), 'Somewhere', 'exact', 'KHM',
                            'verified', true)""").param("id", externalId).update();
    }

    private static long onPrimary(String sql) {
        return JdbcClient.create(new DriverManagerDataSource(primary.jdbcUrl(DB), SUPERUSER, primary.superuserPassword()))
                .sql(sql).query(Long.class).single();
    }

    private static void onStandby(String sql) {
        JdbcClient.create(new DriverManagerDataSource(standby.jdbcUrl(DB), SUPERUSER, primary.superuserPassword()))
                .sql(sql).query().listOfRows();
    }

    /** Pauses the standby's replay of the primary's WAL, and waits until it has paused. */
    private static void pauseReplay() {
        onStandby("SELECT pg_wal_replay_pause()");
        await("replay paused", () -> JdbcClient.create(new DriverManagerDataSource(standby.jdbcUrl(DB), SUPERUSER,
                primary.superuserPassword())).sql("SELECT pg_get_wal_replay_pause_state()").query(String.class).single()
                .equals("paused"));
    }

    /** Waits until the standby has replayed everything the primary wrote so far. */
    private static void awaitReplayed() {
        String lsn = JdbcClient.create(new DriverManagerDataSource(primary.jdbcUrl(DB), SUPERUSER,
                primary.superuserPassword())).sql("SELECT pg_current_wal_lsn()::text").query(String.class).single();
        await("the standby catches up", () -> JdbcClient.create(new DriverManagerDataSource(standby.jdbcUrl(DB),
                SUPERUSER, primary.superuserPassword())).sql("SELECT pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn)")
                .param("lsn", lsn).query(Boolean.class).single());
    }

    private static int features(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("features").size();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
