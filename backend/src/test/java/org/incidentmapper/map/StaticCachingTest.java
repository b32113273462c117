package org.incidentmapper.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The page's modules, styles and Leaflet are kept by the browser and revalidated (Cache-Control: no-cache with
 * Last-Modified, answered 304 when unchanged), so a page load does not download them again; the API's answers,
 * which hold locations, are never stored.
 */
@MapperIntegrationTest
class StaticCachingTest {

    @LocalServerPort
    int port;

    @Test
    void staticFilesAreRevalidatedNotDownloadedAgain() {
        Api anonymous = Api.anonymous(port);
        for (String path : new String[] {"/js/main.js", "/css/login.css",
                "/webjars/leaflet/1.9.4/dist/leaflet-src.esm.js"}) {
            Api.Response first = anonymous.get(path);
            assertThat(first.status()).as(path).isEqualTo(200);
            assertThat(first.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
            String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
            Api.Response again = anonymous.send(anonymous.request(path).header("If-Modified-Since", lastModified)
                    .GET().build());
            assertThat(again.status()).as(path + " revalidated").isEqualTo(304);
            assertThat(again.body()).as(path + " revalidated").isEmpty();
        }
    }

    @Test
    void apiAnswersAreNeverStored() {
        Api.Response answer = new Api(port).get("/api/provinces?geometry=false");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(new Api(port).get("/api/categories").headers().firstValue("Cache-Control").orElse(""))
                .contains("no-store");
    }
}
