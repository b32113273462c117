package org.incidentmapper.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.incidentmapper.Api;
import org.incidentmapper.Application;
import org.incidentmapper.TestAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/**
 * Two app instances (two Spring contexts on random ports, started at the same moment) on one database, as behind a
 * load balancer: startup loading happens once, a login on one is a login on the other (CSRF included), and the
 * export limit counts the exports of both.
 */
@Tag("integration")
class TwoInstancesTest {

    private static final String LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";
    private static final String FIXTURES = "src/test/resources/fixtures/filter-fixtures.geojson";
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static Path fakeOgr2ogr;

    @BeforeAll
    static void startTwoInstancesAtOnce() throws Exception {
        Path dir = Files.createTempDirectory("slow-ogr2ogr");
        fakeOgr2ogr = dir.resolve("ogr2ogr");
        Files.writeString(fakeOgr2ogr, "#!/bin/sh\ntouch \"$(dirname \"$0\")/started\"\nexec sleep 60\n");
        Files.setPosixFilePermissions(fakeOgr2ogr, PosixFilePermissions.fromString("rwx------"));
        // Spring Boot's logging set-up is per JVM: two contexts initialising it at the same moment race ("Unable to
        // find Spring Environment in logger context", one full-suite run in ten or so), so these two keep the
        // logging the test JVM already has
        String logging = System.setProperty(LOGGING_SYSTEM, "none");
        try {
            CompletableFuture<ConfigurableApplicationContext> a = CompletableFuture.supplyAsync(() -> start(true));
            CompletableFuture<ConfigurableApplicationContext> b = CompletableFuture.supplyAsync(() -> start(false));
            first = a.get(240, TimeUnit.SECONDS);
            second = b.get(240, TimeUnit.SECONDS);
        } finally {
            if (logging == null) {
                System.clearProperty(LOGGING_SYSTEM);
            } else {
                System.setProperty(LOGGING_SYSTEM, logging);
            }
        }
    }

    private static ConfigurableApplicationContext start(boolean withTestAccounts) {
        SpringApplicationBuilder app = withTestAccounts ? new SpringApplicationBuilder(Application.class, TestAccounts.class)
                : new SpringApplicationBuilder(Application.class);
        return app.profiles("test").run("--server.port=0", "--mapper.db.data-dir=target/pgtest-cluster",
                "--mapper.export.max-concurrent=1", "--mapper.export.timeout=6s",
                "--mapper.export.ogr2ogr=" + fakeOgr2ogr, "--spring.datasource.hikari.maximum-pool-size=4");
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void startedTogetherTheyLoadTheSampleDataOnce() {
        JdbcClient db = JdbcClient.create(first.getBean(javax.sql.DataSource.class));
        int features = JsonMapper.builder().build().readTree(Path.of(FIXTURES).toFile()).get("features").size();
        // without the startup lock both instances find the sample data missing and both import it
        assertThat(db.sql("SELECT count(*) FROM incident").query(Integer.class).single()).isEqualTo(features);
    }

    @Test
    void loginOnOneInstanceIsValidOnTheOtherWithItsCsrfToken() {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.login(port(first), "analyst", TestAccounts.PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");

        assertThat(browser.get(port(second), "/api/me").body()).contains("\"username\":\"analyst\"");
        // the map's write on the other instance: refused without the token, accepted with it
        assertThat(browser.post(port(second), "/api/me/tokens", "{\"name\":\"t1\"}", false).statusCode()).isEqualTo(403);
        assertThat(browser.post(port(second), "/api/me/tokens", "{\"name\":\"t2\"}", true).statusCode()).isEqualTo(201);

        // logging out on one ends the session on both
        assertThat(browser.post(port(second), "/logout", "", true).statusCode()).isIn(204, 302);
        assertThat(browser.get(port(first), "/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void theExportLimitCountsTheExportsOfBothInstances() throws Exception {
        Files.deleteIfExists(fakeOgr2ogr.resolveSibling("started"));
        CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(
                new Api(port(first)).request("/api/export?format=csv").build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(fakeOgr2ogr.resolveSibling("started"))) {
            assertThat(System.nanoTime()).as("the slow export started").isLessThan(deadline);
            Thread.sleep(50);
        }
        // the one slot (max-concurrent=1) is held on the first instance: the second refuses too
        Api.Response onSecond = new Api(port(second)).get("/api/export?format=geojson");
        assertThat(onSecond.status()).isEqualTo(503);
        assertThat(onSecond.contentType()).startsWith("application/problem+json");
        assertThat(new Api(port(first)).get("/api/export?format=geojson").status()).isEqualTo(503);

        assertThat(slow.get(40, TimeUnit.SECONDS).statusCode()).isEqualTo(500); // killed at the timeout
        // the slot is free again, for either instance
        assertThat(new Api(port(second)).get("/api/export?format=geojson").status()).isEqualTo(200);
    }

    /** Browser-like: one cookie jar for both instances (cookies ignore the port, as behind one proxy). */
    private static final class Browser {
        private final CookieManager cookies = new CookieManager();
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();

        /** As the sign-in page does: a HEAD sets the CSRF cookie, the form goes with it in the header. */
        HttpResponse<String> login(int port, String username, String password) {
            send(HttpRequest.newBuilder(uri(port, "/login")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            String form = "username=" + enc(username) + "&password=" + enc(password);
            return send(HttpRequest.newBuilder(uri(port, "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-XSRF-TOKEN", csrfCookie())
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        private String csrfCookie() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
        }

        HttpResponse<String> get(int port, String path) {
            return send(HttpRequest.newBuilder(uri(port, path)).GET());
        }

        HttpResponse<String> post(int port, String path, String json, boolean csrf) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri(port, path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            if (csrf) {
                get(port, "/api/me");
                builder.header("X-XSRF-TOKEN", csrfCookie());
            }
            return send(builder);
        }

        private static URI uri(int port, String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        private HttpResponse<String> send(HttpRequest.Builder builder) {
            try {
                return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
