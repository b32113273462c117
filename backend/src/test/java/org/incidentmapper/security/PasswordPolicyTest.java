package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Passwords set through the account API: too short, too few different characters, only digits, the account's
 * name, or (with or without digits and punctuation around it) one of the most common passwords: 422 naming
 * {@code password}, and no account is made. A good one is accepted.
 */
@MapperIntegrationTest
class PasswordPolicyTest {

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "aaaaaaaaaaaa            | 422 | at least 5 different characters",
        "abababababababab        | 422 | at least 5 different characters",
        "short1!                 | 422 | 12 to 200 characters",
        "1234567890123           | 422 | only digits and punctuation",
        "passwordpassword        | 422 | most common passwords",
        "Password2024!           | 422 | most common passwords",
        "!!Sunshine123456        | 422 | most common passwords",
        "1qaz2wsx3edc            | 422 | most common passwords",
        "xx-pw-policy-user-xx    | 422 | account name",
        "Mekong-ferry-7-tides    | 201 | ",
    })
    void commonAndTrivialPasswordsAreRefused(String password, int status, String message) {
        String name = "pw-policy-user";
        Api admin = new Api(port, "admin");
        Api.Response r = admin.send("POST", "/api/accounts",
                "{\"username\": \"" + name + "\", \"role\": \"viewer\", \"password\": \"" + password + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        if (status == 422) {
            assertThat(r.json().get("parameter").asString()).isEqualTo("password");
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
            assertThat(r.json().get("detail").asString()).contains(message);
            assertThat(admin.get("/api/accounts").body()).doesNotContain(name);
            // the same check when an admin changes a password (the name rule is the changed account's own)
            if (!message.contains("account name")) {
                assertThat(admin.send("PATCH", "/api/accounts/viewer", "{\"password\": \"" + password + "\"}")
                        .status()).isEqualTo(422);
            }
        } else {
            assertThat(admin.get("/api/accounts").body()).contains(name);
        }
    }
}
