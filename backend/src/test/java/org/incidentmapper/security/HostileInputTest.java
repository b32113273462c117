package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * SQL injection and oversized values in every parameter of every read endpoint: a 400 naming the parameter, or
 * (for free-text search) an empty answer; never a 500, never data the filter did not ask for.
 */
@MapperIntegrationTest
class HostileInputTest {

    static final List<String> PAYLOADS = List.of(
            "' OR '1'='1",
            "1; DROP TABLE incident; --",
            "1) UNION SELECT password_hash FROM account --",
            "\u0000",
            "%' OR 1=1 --",
            "x".repeat(5000));

    /** endpoint, parameter, whether any value is acceptable search text */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        String[][] endpoints = {
            {"/api/incidents", "bbox"}, {"/api/incidents", "from"}, {"/api/incidents", "to"},
            {"/api/incidents", "category"}, {"/api/incidents", "limit"}, {"/api/incidents", "q"},
            {"/api/audit", "from"}, {"/api/audit", "limit"}, {"/api/audit", "actor"}, {"/api/audit", "action"},
            {"/api/incidents", "' OR 1=1 --"},
        };
        for (String[] e : endpoints) {
            for (String payload : PAYLOADS) {
                cases.add(Arguments.of(e[0], e[1], payload));
            }
        }
        return cases.stream();
    }

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}?{1}=…")
    @MethodSource("cases")
    void hostileValueIsRefusedOrFindsNothing(String path, String parameter, String payload) {
        Api.Response r = new Api(port, "admin").get(path + "?" + enc(parameter) + "=" + enc(payload));
        assertThat(r.status()).as(r.body()).isIn(200, 400);
        if (r.status() == 400) {
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("parameter").asString()).isEqualTo(parameter);
        } else if (path.equals("/api/incidents")) {
            assertThat(r.json().get("features").size()).as("features for " + parameter).isZero();
        } else {
            assertThat(r.json().size()).as("audit events for " + parameter).isZero();
        }
        assertThat(r.body()).doesNotContain("{bcrypt}").doesNotContain("$2a$");
    }

    @ParameterizedTest(name = "/api/incidents/{0}")
    @MethodSource("ids")
    void hostileIdIsA400(String id) {
        Api.Response r = new Api(port, "admin").get("/api/incidents/" + enc(id));
        assertThat(r.status()).isIn(400, 404);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    static Stream<String> ids() {
        return Stream.of("1 OR 1=1", "1;DROP TABLE incident", "99999999999999999999999", "-1", "1e3");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
