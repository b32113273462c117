package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every endpoint, every role: the status each gets. Columns: method, path, body, then the status for anonymous,
 * viewer, analyst, admin. Scripts authenticate with a bearer token (no session, so no CSRF token is needed); an
 * anonymous state-changing request has no CSRF token either, so it is refused with 403 before anything else.
 */
@MapperIntegrationTest
class RoleMatrixTest {

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0} {1}: anonymous {3}, viewer {4}, analyst {5}, admin {6}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "GET   | /                        | -                   | 302 | 200 | 200 | 200",
        "GET   | /js/main.js              | -                   | 200 | 200 | 200 | 200",
        "GET   | /api/incidents           | -                   | 401 | 200 | 200 | 200",
        "GET   | /api/incidents/999999    | -                   | 401 | 404 | 404 | 404",
        "GET   | /api/incidents?bbox=x    | -                   | 401 | 400 | 400 | 400",
        "GET   | /api/categories          | -                   | 401 | 200 | 200 | 200",
        "GET   | /api/config              | -                   | 401 | 200 | 200 | 200",
        "GET   | /api/schema              | -                   | 401 | 200 | 200 | 200",
        "POST  | /api/schema              | {}                  | 403 | 403 | 405 | 405",
        "GET   | /api/me                  | -                   | 401 | 200 | 200 | 200",
        "POST  | /api/me/tokens           | {\"name\":\"m\"}    | 403 | 201 | 201 | 201",
        "GET   | /api/me/tokens           | -                   | 401 | 200 | 200 | 200",
        "DELETE| /api/me/tokens/999999    | -                   | 403 | 404 | 404 | 404",
        "GET   | /api/accounts/viewer/tokens | -                | 401 | 403 | 403 | 200",
        "DELETE| /api/accounts/viewer/tokens/999999 | -         | 403 | 403 | 403 | 404",
        "GET   | /api/accounts            | -                   | 401 | 403 | 403 | 200",
        "POST  | /api/accounts            | {}                  | 403 | 403 | 403 | 400",
        "PATCH | /api/accounts/nobody     | {}                  | 403 | 403 | 403 | 404",
        "GET   | /api/audit               | -                   | 401 | 403 | 403 | 200",
        "POST  | /api/audit               | {}                  | 403 | 403 | 403 | 405",
        "DELETE| /api/audit               | -                   | 403 | 403 | 403 | 405",
        "POST  | /api/categories          | {}                  | 403 | 403 | 405 | 405",
        "GET   | /api/export?format=csv   | -                   | 401 | 200 | 200 | 200",
        "GET   | /api/export?format=x     | -                   | 401 | 400 | 400 | 400",
        "GET   | /api/provinces?geometry=false | -              | 401 | 200 | 200 | 200",
        "GET   | /api/provinces/timeline  | -                   | 401 | 200 | 200 | 200",
        "GET   | /api/provinces/spread    | -                   | 401 | 200 | 200 | 200",
        "GET   | /api/geocode?q=Poipet    | -                   | 401 | 200 | 200 | 200",
        "POST  | /api/incidents           | {}                  | 403 | 403 | 400 | 400",
        "PUT   | /api/incidents/999999    | {}                  | 403 | 403 | 400 | 400",
        "DELETE| /api/incidents/999999    | -                   | 403 | 403 | 428 | 428",
        "POST  | /api/imports             | -                   | 403 | 403 | 415 | 415",
        "GET   | /api/imports/999999      | -                   | 401 | 403 | 404 | 404",
        "POST  | /api/boundaries          | -                   | 403 | 403 | 400 | 400",
    })
    void statusPerRole(String method, String path, String body, int anonymous, int viewer, int analyst, int admin) {
        String[] roles = {null, "viewer", "analyst", "admin"};
        int[] expected = {anonymous, viewer, analyst, admin};
        for (int i = 0; i < roles.length; i++) {
            Api.Response r = new Api(port, roles[i]).send(method.strip(), path.strip(),
                    body == null ? null : body.strip());
            assertThat(r.status()).as("%s %s as %s: %s", method, path, roles[i], r.body()).isEqualTo(expected[i]);
            if (path.startsWith("/api") && r.status() >= 400) {
                assertThat(r.contentType()).as("%s %s as %s", method, path, roles[i]).startsWith("application/problem+json");
            }
        }
    }
}
