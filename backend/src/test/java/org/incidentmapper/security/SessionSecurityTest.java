package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.incidentmapper.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sessions, CSRF, logout, lock-out and disabled accounts, as a browser and a script meet them. */
@MapperIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SessionSecurityTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    /** An account of its own per test, so lock-outs and disabling touch nothing else. */
    String freshAccount(String name, String role) {
        Api.Response r = new Api(port, "admin").send("POST", "/api/accounts",
                "{\"username\":\"" + name + "\",\"role\":\"" + role + "\",\"password\":\"" + TestAccounts.PASSWORD + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return name;
    }

    @Test
    void sessionIdChangesAtLogin() {
        BrowserSession browser = new BrowserSession(port);
        browser.get("/login");
        String before = browser.cookie("JSESSIONID");
        var login = browser.login("viewer", TestAccounts.PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(browser.cookie("JSESSIONID")).isNotNull().isNotEqualTo(before);
        assertThat(browser.get("/api/me").body()).contains("\"username\":\"viewer\"");
    }

    @Test
    void wrongPasswordDoesNotLogIn() {
        BrowserSession browser = new BrowserSession(port);
        var login = browser.login("viewer", "not-the-password");
        assertThat(login.headers().firstValue("Location").orElse("")).contains("/login?error");
        assertThat(browser.get("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void statechangingRequestWithoutCsrfTokenIsRefused() {
        BrowserSession browser = new BrowserSession(port);
        browser.login("analyst", TestAccounts.PASSWORD);
        assertThat(browser.post("/api/me/tokens", "{\"name\":\"x\"}", false).statusCode()).isEqualTo(403);
        assertThat(browser.post("/api/me/tokens", "{\"name\":\"x\"}", true).statusCode()).isEqualTo(201);
    }

    @Test
    void cookieReplayedAfterLogoutIsRefused() {
        BrowserSession browser = new BrowserSession(port);
        browser.login("viewer", TestAccounts.PASSWORD);
        String session = browser.cookie("JSESSIONID");
        assertThat(browser.get("/api/me").statusCode()).isEqualTo(200);
        assertThat(browser.post("/logout", "", true).statusCode()).isIn(204, 302);

        BrowserSession replay = new BrowserSession(port);
        replay.setCookie("JSESSIONID", session);
        assertThat(replay.get("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void disabledAccountIsCutOffAtOnce() {
        String name = freshAccount("to-disable", "analyst");
        BrowserSession browser = new BrowserSession(port);
        browser.login(name, TestAccounts.PASSWORD);
        assertThat(browser.get("/api/incidents").statusCode()).isEqualTo(200);

        Api.Response disable = new Api(port, "admin").send("PATCH", "/api/accounts/" + name,
                "{\"enabled\":false}");
        assertThat(disable.status()).isEqualTo(200);
        assertThat(browser.get("/api/incidents").statusCode()).isEqualTo(401);
        assertThat(new BasicAs(port, name).status("/api/incidents")).isEqualTo(401);
    }

    @Test
    void repeatedFailedLoginsLockTheAccount() {
        String name = freshAccount("to-lock", "viewer");
        for (int i = 0; i < AccountRepository.MAX_FAILED_LOGINS; i++) {
            assertThat(new BasicAs(port, name, "wrong-password-" + i).status("/api/me")).isEqualTo(401);
        }
        // the right password no longer opens it
        assertThat(new BasicAs(port, name).status("/api/me")).isEqualTo(401);
        assertThat(jdbc.sql("SELECT locked_until > now() FROM account WHERE username = :u").param("u", name)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void bearerTokenWorksForScriptsAndAWrongOneIsRefused() {
        Api.Response made = new Api(port, "viewer").send("POST", "/api/me/tokens", "{\"name\":\"cli\"}");
        String token = made.json().get("token").asString();
        assertThat(new BearerAs(port, token).status("/api/incidents")).isEqualTo(200);
        assertThat(new BearerAs(port, token + "x").status("/api/incidents")).isEqualTo(401);
        // a viewer's token does not write
        assertThat(new BearerAs(port, token).status("/api/accounts")).isEqualTo(403);
    }

    @Test
    void passwordsNeverAppearInTheLog(CapturedOutput log) {
        String password = "a-Very-distinct-passw0rd";
        new Api(port, "admin").send("POST", "/api/accounts",
                "{\"username\":\"logcheck\",\"role\":\"viewer\",\"password\":\"" + password + "\"}");
        new BrowserSession(port).login("logcheck", password);
        new BrowserSession(port).login("logcheck", password + "-wrong");
        new BasicAs(port, "logcheck", password).status("/api/me");
        assertThat(log.getAll()).doesNotContain(password).doesNotContain(TestAccounts.PASSWORD);
    }

    /** HTTP Basic as any account. */
    record BasicAs(int port, String user, String password) {
        BasicAs(int port, String user) {
            this(port, user, TestAccounts.PASSWORD);
        }

        int status(String path) {
            return Raw.get(port, path, "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    record BearerAs(int port, String token) {
        int status(String path) {
            return Raw.get(port, path, "Bearer " + token);
        }
    }

    static final class Raw {
        static int get(int port, String path, String authorization) {
            try {
                var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", authorization).build();
                return java.net.http.HttpClient.newHttpClient()
                        .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
