package org.incidentmapper.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who may read the OGC service and the tiles, and how a 401 asks for credentials: GIS clients (no text/html in
 * Accept, no Sec-Fetch-Mode) are challenged with Basic so GDAL and QGIS send what they were given; the map's own
 * requests keep Bearer (no browser password pop-up); a browser opening an /ogc page goes to the login form.
 */
@MapperIntegrationTest
class OgcSecurityTest {

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0} {1}: anonymous {2}, viewer {3}, analyst {4}")
    @CsvSource(delimiter = '|', value = {
        "GET  | /ogc                                  | 401 | 200 | 200",
        "GET  | /ogc/conformance                      | 401 | 200 | 200",
        "GET  | /ogc/api                              | 401 | 200 | 200",
        "GET  | /ogc/collections                      | 401 | 200 | 200",
        "GET  | /ogc/collections/incidents/items      | 401 | 200 | 200",
        "GET  | /ogc/collections/incidents/queryables | 401 | 200 | 200",
        "GET  | /ogc/collections/provinces/items      | 401 | 200 | 200",
        "GET  | /tiles/incidents/4/12/7.mvt           | 401 | 200 | 200",
        "GET  | /ogc/collections/incidents/tiles/WebMercatorQuad/4/7/12 | 401 | 200 | 200",
        "POST | /ogc/collections/incidents/items      | 403 | 405 | 405",
        "DELETE | /tiles/incidents/4/12/7.mvt         | 403 | 405 | 405",
    })
    void statusPerRole(String method, String path, int anonymous, int viewer, int analyst) {
        String[] roles = {null, "viewer", "analyst"};
        int[] expected = {anonymous, viewer, analyst};
        for (int i = 0; i < roles.length; i++) {
            Api.Response r = new Api(port, roles[i]).send(method.strip(), path.strip(), null);
            assertThat(r.status()).as("%s %s as %s: %s", method, path, roles[i], r.body()).isEqualTo(expected[i]);
        }
    }

    @Test
    void gisClientsAreChallengedWithBasicAndBrowsersAreNot() {
        Api anonymous = Api.anonymous(port);
        for (String path : new String[] {"/ogc/collections", "/tiles/incidents/4/12/7.mvt", "/api/incidents"}) {
            Api.Response gdal = anonymous.send(anonymous.request(path).header("Accept", "application/json").GET().build());
            assertThat(gdal.status()).as(path).isEqualTo(401);
            assertThat(gdal.headers().firstValue("WWW-Authenticate").orElse("")).as(path).startsWith("Basic realm=");
            // the map's fetch(): a browser request, so no Basic (which would pop up the browser's password dialog)
            Api.Response map = anonymous.send(anonymous.request(path).header("Accept", "*/*")
                    .header("Sec-Fetch-Mode", "cors").GET().build());
            assertThat(map.status()).as(path).isEqualTo(401);
            assertThat(map.headers().firstValue("WWW-Authenticate").orElse("")).as(path).startsWith("Bearer");
        }
        // a person opening the service in a browser is sent to the login form
        Api.Response page = anonymous.send(anonymous.request("/ogc/collections")
                .header("Accept", "text/html,application/xhtml+xml").header("Sec-Fetch-Mode", "navigate").GET().build());
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).endsWith("/login");
    }
}
