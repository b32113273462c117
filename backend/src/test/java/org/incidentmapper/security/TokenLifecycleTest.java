package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * Bearer tokens (issue 9 point 6): they expire (default 30 days, at most 365), their owner lists and revokes them,
 * admins do so per account, and a password change, a disable and a role change revoke all of an account's tokens.
 * Each test works on an account of its own.
 */
@MapperIntegrationTest
class TokenLifecycleTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api admin() {
        return new Api(port, "admin");
    }

    /** A new viewer account and one token of it (made by signing in with Basic as that account). */
    String[] accountWithToken(String name) {
        Api.Response made = admin().send("POST", "/api/accounts",
                "{\"username\": \"" + name + "\", \"role\": \"viewer\", \"password\": \"Mekong-ferry-7-tides\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        Api.Response token = bearer(name + ":Mekong-ferry-7-tides", "POST", "/api/me/tokens", "{\"name\": \"script\"}");
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        return new String[] {name, token.json().get("token").asString(), token.json().get("id").asString()};
    }

    Api.Response bearer(String credentials, String method, String path, String json) {
        String header = credentials.contains(":") ? "Basic " + java.util.Base64.getEncoder()
                .encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8)) : "Bearer " + credentials;
        return new Api(port, null).send(method, path, json, "Authorization", header);
    }

    int statusWith(String token) {
        return bearer(token, "GET", "/api/me", null).status();
    }

    @Test
    void aTokenExpiresByDefaultAfter30DaysAndAtMostAfter365() {
        String[] t = accountWithToken("tok-expiry");
        Api.Response own = bearer(t[1], "GET", "/api/me/tokens", null);
        JsonNode listed = own.json().get(0);
        Duration ttl = Duration.between(OffsetDateTime.parse(listed.get("created").asString()),
                OffsetDateTime.parse(listed.get("expires").asString()));
        assertThat(ttl).isEqualTo(Duration.ofDays(30));
        Api.Response tooLong = bearer(t[1], "POST", "/api/me/tokens", "{\"name\": \"x\", \"expiresInDays\": 366}");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().get("parameter").asString()).isEqualTo("expiresInDays");
        Api.Response week = bearer(t[1], "POST", "/api/me/tokens", "{\"name\": \"week\", \"expiresInDays\": 7}");
        assertThat(Duration.between(OffsetDateTime.parse(week.json().get("created").asString()),
                OffsetDateTime.parse(week.json().get("expires").asString()))).isEqualTo(Duration.ofDays(7));
        // an expired token is refused
        jdbc.sql("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = :id")
                .param("id", Long.parseLong(t[2])).update();
        assertThat(statusWith(t[1])).isEqualTo(401);
        assertThat(statusWith(week.json().get("token").asString())).isEqualTo(200);
    }

    @Test
    void theOwnerListsTokensWithoutTheTokenAndRevokesOnlyTheirOwn() {
        String[] t = accountWithToken("tok-owner");
        String[] other = accountWithToken("tok-other");
        assertThat(statusWith(t[1])).isEqualTo(200);
        Api.Response list = bearer(t[1], "GET", "/api/me/tokens", null);
        JsonNode token = list.json().get(0);
        assertThat(List.copyOf(token.propertyNames())).containsExactly("id", "name", "created", "expires", "lastUsed");
        assertThat(token.get("lastUsed").isNull()).as("used just now").isFalse();
        // neither the token nor its stored hash is ever shown again
        assertThat(list.body()).doesNotContain(t[1]).doesNotContain(BearerTokenFilter.sha256(t[1]));
        assertThat(admin().get("/api/accounts/tok-owner/tokens").body()).doesNotContain(t[1])
                .doesNotContain(BearerTokenFilter.sha256(t[1]));
        // stored hashed: no column of api_token holds the token itself
        assertThat(jdbc.sql("SELECT count(*) FROM api_token t WHERE to_jsonb(t)::text LIKE :t")
                .param("t", "%" + t[1] + "%").query(Long.class).single()).isZero();
        // another account's token id is not found, and stays usable
        assertThat(bearer(t[1], "DELETE", "/api/me/tokens/" + other[2], null).status()).isEqualTo(404);
        assertThat(statusWith(other[1])).isEqualTo(200);
        assertThat(bearer(t[1], "DELETE", "/api/me/tokens/" + t[2], null).status()).isEqualTo(204);
        assertThat(statusWith(t[1])).isEqualTo(401);
        assertThat(admin().get("/api/audit?entity=api_token&action=delete&entityId=tok-owner").json()
                .toString()).contains("script");
    }

    @Test
    void anAdminListsAndRevokesTheTokensOfAnAccount() {
        String[] t = accountWithToken("tok-admin");
        JsonNode list = admin().get("/api/accounts/tok-admin/tokens").json();
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("id").asString()).isEqualTo(t[2]);
        assertThat(admin().send("DELETE", "/api/accounts/tok-other-none/tokens/" + t[2], null).status()).isEqualTo(404);
        assertThat(admin().send("DELETE", "/api/accounts/tok-admin/tokens/" + t[2], null).status()).isEqualTo(204);
        assertThat(statusWith(t[1])).isEqualTo(401);
        assertThat(admin().get("/api/accounts/tok-admin/tokens").json().size()).isZero();
    }

    @Test
    void passwordChangeDisableAndRoleChangeEachRevokeEveryToken() {
        for (String change : List.of("{\"password\": \"Tonle-Sap-floods-in-June\"}", "{\"enabled\": false}",
                "{\"role\": \"analyst\"}")) {
            String name = "tok-rev-" + Math.abs(change.hashCode() % 10000);
            String[] t = accountWithToken(name);
            assertThat(statusWith(t[1])).isEqualTo(200);
            Api.Response patched = admin().send("PATCH", "/api/accounts/" + name, change);
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(statusWith(t[1])).as(change).isEqualTo(401);
            assertThat(admin().get("/api/accounts/" + name + "/tokens").json().size()).as(change).isZero();
        }
        // a change of nothing that matters keeps them
        String[] kept = accountWithToken("tok-kept");
        admin().send("PATCH", "/api/accounts/tok-kept", "{\"role\": \"viewer\"}");
        assertThat(statusWith(kept[1])).isEqualTo(200);
    }
}
