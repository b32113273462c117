package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.incidentmapper.Api;
import org.incidentmapper.TestAccounts;
import org.incidentmapper.postgis.PrivatePostgis;
import org.incidentmapper.postgis.PrivatePostgisEnvironment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The database goes away under the running app (its own cluster, so the other test classes keep theirs): Basic,
 * bearer and session callers get 503 problem+json with Retry-After within a few seconds, never a 401 or a 500; when
 * the database is back, the same callers are served again without restarting the app.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "mapper.db.data-dir=target/pgoutage", "mapper.sample-data=", "mapper.boundaries=", "mapper.gazetteer="})
@ActiveProfiles("test")
@Import(TestAccounts.class)
@Tag("integration")
class DatabaseOutageTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Value("${mapper.db.data-dir}")
    String dataDir;

    @Test
    void outageIsA503ForEveryCallerAndTheAppRecoversByItself() throws Exception {
        String token = new Api(port, "viewer").send("POST", "/api/me/tokens", "{\"name\":\"outage\"}").json()
                .get("token").asString();
        BrowserSession session = new BrowserSession(port);
        session.login("viewer", TestAccounts.PASSWORD);
        Map<String, Supplier<HttpResponse<String>>> callers = new LinkedHashMap<>();
        callers.put("basic", () -> send(new Api(port, "viewer").request("/api/categories").GET().build()));
        callers.put("wrong basic", () -> send(new Api(port, "viewer").request("/api/categories")
                .setHeader("Authorization", "Basic dmlld2VyOndyb25n").GET().build()));
        callers.put("bearer", () -> send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/categories")).header("Authorization", "Bearer " + token).GET().build()));
        callers.put("session", () -> session.get("/api/categories"));
        callers.forEach((who, call) -> assertThat(call.get().statusCode()).as(who)
                .isEqualTo(who.equals("wrong basic") ? 401 : 200));

        PrivatePostgis cluster = PrivatePostgisEnvironment.cluster(Path.of(dataDir)).orElseThrow();
        cluster.stopForOutage();
        try {
            callers.forEach((who, call) -> {
                long started = System.nanoTime();
                HttpResponse<String> r = call.get();
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(r.statusCode()).as(who + ": " + r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(who)
                        .startsWith("application/problem+json");
                assertThat(r.headers().firstValue("Retry-After")).as(who).hasValue("5");
                assertThat(r.body()).as(who).contains("\"status\":503").contains("Database unavailable");
                assertThat(millis).as(who + " waited (ms)").isLessThan(10_000);
            });
        } finally {
            cluster.restart();
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (var caller : callers.entrySet()) {
            int expected = caller.getKey().equals("wrong basic") ? 401 : 200;
            int status;
            while ((status = caller.getValue().get().statusCode()) != expected && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(status).as(caller.getKey() + " after the database came back").isEqualTo(expected);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
