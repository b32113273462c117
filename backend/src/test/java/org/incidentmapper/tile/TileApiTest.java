package org.incidentmapper.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Vector tiles read back by GDAL's MVT driver. Fixtures (see IncidentFilterApiTest): six incidents in Cambodia, all
 * inside tile z4/12/7; the raid at (105, 12) and one hospital admission (sensitive category, count 1 below the
 * viewer threshold of 11).
 */
@MapperIntegrationTest
class TileApiTest {

    @LocalServerPort
    int port;
    @TempDir
    Path dir;

    static int[] tileOf(double lon, double lat, int z) {
        int n = 1 << z;
        int x = (int) Math.floor((lon + 180) / 360 * n);
        double r = Math.toRadians(lat);
        int y = (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n);
        return new int[] {x, y};
    }

    /** ogrinfo's report of the tile's bytes, georeferenced as tile z/x/y. */
    String read(byte[] mvt, int z, int x, int y) throws IOException, InterruptedException {
        Path file = dir.resolve("t" + System.nanoTime() + ".mvt");
        Files.write(file, mvt);
        Process p = new ProcessBuilder("ogrinfo", "-ro", "-al", "-oo", "Z=" + z, "-oo", "X=" + x, "-oo", "Y=" + y,
                "MVT:" + file).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    static long sum(String report, String field) {
        long total = 0;
        Matcher m = Pattern.compile("(?m)^  " + field + " \\(\\w+\\) = (\\d+)$").matcher(report);
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    static List<String> values(String report, String field) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^  " + field + " \\(\\w+\\) = (.*)$").matcher(report);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    Api.Response get(Api api, String path) {
        return api.send(api.request(path).GET().build());
    }

    byte[] bytes(Api api, String path) throws IOException, InterruptedException {
        var r = java.net.http.HttpClient.newHttpClient().send(api.request(path).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/vnd.mapbox-vector-tile");
        return r.body();
    }

    @Test
    void highZoomTileHoldsThePointsWithTheFilterOfApiIncidents() throws Exception {
        Api analyst = new Api(port);
        int[] t = tileOf(105.0, 12.0, 14);
        String report = read(bytes(analyst, "/tiles/incidents/14/" + t[0] + "/" + t[1] + ".mvt"), 14, t[0], t[1]);
        assertThat(report).contains("Layer name: incidents", "Feature Count: 1", "category (String) = raid",
                "startDate (String) = 2022-02-20");
        // (105, 12) in Web Mercator metres, within the tile's 4096-unit grid (~2 cm at z14)
        assertThat(report).containsPattern("POINT \\(1168854[67]\\.\\d+ 134570[89]\\.\\d+\\)");
        String filtered = read(bytes(analyst, "/tiles/incidents/14/" + t[0] + "/" + t[1] + ".mvt?category=rescue"),
                14, t[0], t[1]);
        assertThat(filtered).doesNotContain("raid");
        // the OGC API - Tiles path is the same tile (row before column)
        assertThat(bytes(analyst, "/ogc/collections/incidents/tiles/WebMercatorQuad/14/" + t[1] + "/" + t[0]))
                .isEqualTo(bytes(analyst, "/tiles/incidents/14/" + t[0] + "/" + t[1] + ".mvt"));
    }

    @Test
    void lowZoomTileHoldsCellsWhoseCountsMatchTheExactQuery() throws Exception {
        Api analyst = new Api(port);
        String all = read(bytes(analyst, "/tiles/incidents/4/12/7.mvt"), 4, 12, 7);
        assertThat(all).contains("Layer name: cells").doesNotContain("Layer name: incidents");
        assertThat(sum(all, "count")).isEqualTo(analyst.get("/api/incidents").json().get("numberMatched").asLong());
        String window = read(bytes(analyst, "/tiles/incidents/4/12/7.mvt?from=2022-02-20&to=2022-02-20"), 4, 12, 7);
        assertThat(sum(window, "count")).isEqualTo(analyst.get("/api/incidents?from=2022-02-20&to=2022-02-20")
                .json().get("numberMatched").asLong());
        assertThat(sum(window, "count_raid")).isEqualTo(1);
        // a viewer's cells withhold the one hospital admission (a sensitive category below the threshold)
        String viewer = read(bytes(new Api(port, "viewer"), "/tiles/incidents/4/12/7.mvt"), 4, 12, 7);
        assertThat(sum(viewer, "count")).isEqualTo(sum(all, "count") - 1);
        assertThat(sum(viewer, "count_hospital_admission")).isZero();
        assertThat(sum(all, "count_hospital_admission")).isEqualTo(1);
    }

    @Test
    void cachingIsPrivatePerRoleAndRevalidates() {
        Api analyst = new Api(port);
        Api viewer = new Api(port, "viewer");
        String path = "/tiles/incidents/4/12/7.mvt";
        Api.Response a = get(analyst, path);
        Api.Response v = get(viewer, path);
        assertThat(a.headers().firstValue("Cache-Control").orElse("")).contains("private").doesNotContain("public");
        assertThat(String.join(",", a.headers().allValues("Vary"))).contains("Authorization", "Cookie");
        assertThat(a.etag()).isNotNull().isNotEqualTo(v.etag());
        assertThat(get(analyst, path + "?category=raid").etag()).isNotEqualTo(a.etag());
        Api.Response again = analyst.send(analyst.request(path).header("If-None-Match", a.etag()).GET().build());
        assertThat(again.status()).isEqualTo(304);
        // the analyst's ETag does not validate the viewer's tile
        Api.Response cross = viewer.send(viewer.request(path).header("If-None-Match", a.etag()).GET().build());
        assertThat(cross.status()).isEqualTo(200);
    }

    @Test
    void badTileAddressesAndFilters() {
        Api analyst = new Api(port);
        assertThat(analyst.get("/tiles/incidents/23/0/0.mvt").status()).isEqualTo(400);
        assertThat(analyst.get("/tiles/incidents/2/4/0.mvt").status()).isEqualTo(404);
        assertThat(analyst.get("/tiles/incidents/2/1/1.mvt?colour=red").json().get("parameter").asString())
                .isEqualTo("colour");
        assertThat(analyst.get("/tiles/incidents/2/1/1.mvt?category=nope").json().get("parameter").asString())
                .isEqualTo("category");
        assertThat(Api.anonymous(port).get("/tiles/incidents/2/1/1.mvt").status()).isEqualTo(401);
    }

    @Test
    void tilesetMetadataGivesTheUrlTemplates() {
        String tileset = new Api(port).get("/ogc/collections/incidents/tiles/WebMercatorQuad").body();
        assertThat(tileset).contains("WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}", "/tiles/incidents/{z}/{x}/{y}.mvt",
                "count_compound");
        assertThat(new Api(port).get("/ogc/collections/incidents/tiles").json().get("tilesets").size()).isEqualTo(1);
    }
}
