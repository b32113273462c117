package org.incidentmapper.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.synthetic.SyntheticIncidents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tiles read from the grid summary (incident_grid) equal tiles built from the incidents, feature for feature (cells
 * with their counts per category and mean positions, or the points), for the filters the grid answers, at every
 * zoom and after every kind of write; the cells of a zoom add up to the exact count; a matching revalidation
 * builds no tile; a viewer's tile never comes from the analysts' grid.
 */
@WriteIntegrationTest
class TileGridTest {

    static final List<IncidentFilter> FILTERS = List.of(IncidentFilter.ALL,
            filter(null, null, "raid", "compound"),
            filter("2019-01-01", "2023-12-31"),
            filter("2022-02-01", null, "hospital_admission", "rescue", "compound"),
            filter(null, "2020-06-30"));

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TileRepository tiles;
    @Autowired
    SyntheticIncidents synthetic;
    @Autowired
    DataSource dataSource;
    @TempDir
    Path dir;

    static IncidentFilter filter(String from, String to, String... categories) {
        return new IncidentFilter(null, from == null ? null : LocalDate.parse(from),
                to == null ? null : LocalDate.parse(to), List.of(categories), null, List.of(), List.of());
    }

    @Test
    void gridTilesEqualIncidentTilesAfterEveryKindOfWrite() {
        Api api = new Api(port);
        assertTilesAgree("at start");
        synthetic.generate(3000, n -> { });
        assertTilesAgree("after generating 3000");

        Api.Response created = api.send("POST", "/api/incidents", """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.93, 11.56]},
                 "properties": {"category": "raid", "title": "Tile test raid", "startDate": "2021-03-04",
                                "locationPrecision": "exact", "country": "KHM",
                                "sources": [{"outlet": "Test", "url": "https://example.org/tile-test"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertTilesAgree("after a create");

        Api.Response edited = api.send("PUT", "/api/incidents/" + id, """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [103.53, 10.61]},
                 "properties": {"category": "compound", "title": "Tile test compound", "startDate": "2019-07-01",
                                "locationPrecision": "exact", "country": "KHM", "version": 1,
                                "sources": [{"outlet": "Test", "url": "https://example.org/tile-test"}]}}""");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertTilesAgree("after an edit moving it to another town, category and month, now running");

        Api.Response deleted = api.send("DELETE", "/api/incidents/" + id, null, "If-Match", "W/\"2\"");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertTilesAgree("after a delete");

        assertThat(synthetic.remove()).isEqualTo(3000);
        assertTilesAgree("after removing the synthetic incidents");
    }

    @Test
    void aTileOverMoreThanMaxPointsHoldsCellsOnBothPaths() {
        // MAX_POINTS + 1 incidents within 100 m of one point (own rows: the decision is what is tested)
        jdbc.update("""
                INSERT INTO incident (external_id, category, title, start_date, date_precision, geom,
                                      location_precision, country, status)
                SELECT 'tile-dense-' || g, 'compound', 'Dense ' || g, DATE '2020-01-01' + g % 700, 'day',
                       ST_SetSRID(ST_MakePoint(104.5 + (g % 97) * 1e-5, 12.5 + (g % 89) * 1e-5), 4326),
                       'exact', 'KHM', 'reported'
                FROM generate_series(1, ?) g""", TileRepository.MAX_POINTS + 1);
        try {
            for (int z : new int[] {11, 14}) {
                int[] t = TileApiTest.tileOf(104.5, 12.5, z);
                for (boolean grid : new boolean[] {true, false}) {
                    String report = read(tiles.tile(z, t[0], t[1], IncidentFilter.ALL, grid), z, t[0], t[1]);
                    assertThat(report).as("z" + z + " grid " + grid).contains("Layer name: cells")
                            .doesNotContain("Layer name: incidents");
                }
                assertTileAgrees("dense", z, t[0], t[1], IncidentFilter.ALL);
            }
            // a filter that leaves fewer than MAX_POINTS: points again, from the grid's count too
            int[] t = TileApiTest.tileOf(104.5, 12.5, 14);
            String raids = read(tiles.tile(14, t[0], t[1], filter(null, null, "compound", "raid"), true), 14, t[0],
                    t[1]);
            assertThat(raids).contains("Layer name: cells");
            String early = read(tiles.tile(14, t[0], t[1], filter(null, "2020-06-30"), true), 14, t[0], t[1]);
            assertThat(early).contains("Layer name: incidents").doesNotContain("Layer name: cells");
            assertTileAgrees("dense, first half of 2020", 14, t[0], t[1], filter(null, "2020-06-30"));
        } finally {
            jdbc.update("DELETE FROM incident WHERE external_id LIKE 'tile-dense-%'");
        }
    }

    @Test
    void aMatchingRevalidationBuildsNoTileAndAnyWriteMakesTheEtagStale() throws Exception {
        Api analyst = new Api(port);
        int[] t = TileApiTest.tileOf(105.0, 12.0, 9);
        String path = "/tiles/incidents/9/" + t[0] + "/" + t[1] + ".mvt?category=raid";
        Api.Response first = analyst.get(path);
        assertThat(first.status()).isEqualTo(200);
        String etag = first.etag();
        assertThat(etag).isNotNull();
        Api viewer = new Api(port, "viewer");
        String viewerEtag = viewer.get(path).etag();

        // while another transaction holds the incidents and their grid locked, no tile can be built: a 304 must
        // still come at once
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE incident, incident_grid_row IN ACCESS EXCLUSIVE MODE");
            }
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> revalidated = client.send(analyst.request(path).header("If-None-Match", etag)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(revalidated.statusCode()).isEqualTo(304);
            assertThat(revalidated.body()).isEmpty();
            assertThat(revalidated.headers().firstValue("ETag")).contains(etag);
            // the control: without If-None-Match the same request has to build the tile, and waits for the lock
            CompletableFuture<HttpResponse<String>> built = client.sendAsync(analyst.request(path).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            try {
                built.get(2, TimeUnit.SECONDS);
                throw new AssertionError("a tile was built while the incidents were locked");
            } catch (TimeoutException expected) {
                // waits for the lock, as a tile build must
            }
            lock.rollback();
            assertThat(built.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        // a raid created in this tile: the old ETag no longer validates, and the new tile counts it
        long before = TileApiTest.sum(read(bytes(analyst, path), 9, t[0], t[1]), "count");
        Api.Response created = analyst.send("POST", "/api/incidents", """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [105.01, 12.01]},
                 "properties": {"category": "raid", "title": "Revalidation raid", "startDate": "2023-05-06",
                                "locationPrecision": "exact", "country": "KHM",
                                "sources": [{"outlet": "Test", "url": "https://example.org/revalidation"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Api.Response after = analyst.send(analyst.request(path).header("If-None-Match", etag).GET().build());
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.etag()).isNotEqualTo(etag);
        assertThat(TileApiTest.sum(read(bytes(analyst, path), 9, t[0], t[1]), "count")).isEqualTo(before + 1);
        // and the new ETag validates until the next write
        assertThat(analyst.send(analyst.request(path).header("If-None-Match", after.etag()).GET().build()).status())
                .isEqualTo(304);
        jdbc.update("DELETE FROM incident WHERE id = ?", created.json().get("id").asLong());
        assertThat(analyst.send(analyst.request(path).header("If-None-Match", after.etag()).GET().build()).status())
                .isEqualTo(200);
        // the tile is as at first again: the analyst's first ETag still fails (the data version moved), while a
        // viewer's ETag comes from the tile's bytes alone, so it tells a viewer nothing about writes elsewhere
        assertThat(analyst.send(analyst.request(path).header("If-None-Match", etag).GET().build()).status())
                .isEqualTo(200);
        Api.Response viewerAgain = viewer.send(viewer.request(path).header("If-None-Match", viewerEtag).GET().build());
        assertThat(viewerAgain.status()).isEqualTo(304);
        assertThat(viewerAgain.etag()).isEqualTo(viewerEtag).isNotEqualTo(etag);
    }

    @Test
    void viewersTilesAreGeneralisedForFiltersTheGridAnswers() throws Exception {
        // the fixtures' one hospital admission (a sensitive category, 1 < k): the analysts' grid counts it, a
        // viewer's tile withholds it for every filter, including those an analyst's tile reads from the grid
        Api analyst = new Api(port);
        Api viewer = new Api(port, "viewer");
        for (String query : List.of("", "?category=hospital_admission", "?from=2022-01-01&to=2022-12-31",
                "?category=hospital_admission,raid&from=2022-02-01")) {
            for (int z : new int[] {4, 7, 10}) {
                int[] t = TileApiTest.tileOf(104.9, 11.55, z);
                String path = "/tiles/incidents/" + z + "/" + t[0] + "/" + t[1] + ".mvt" + query;
                byte[] analystTile = bytes(analyst, path);
                String a = read(analystTile, z, t[0], t[1]);
                // the decoder the other tests sum with reads what ogrinfo reads
                assertThat(MvtCount.sum(analystTile, "cells", "count")[0]).isEqualTo(TileApiTest.sum(a, "count"));
                String v = read(bytes(viewer, path), z, t[0], t[1]);
                assertThat(TileApiTest.sum(a, "count_hospital_admission")).as(path).isEqualTo(1);
                assertThat(TileApiTest.sum(v, "count_hospital_admission")).as(path).isZero();
                assertThat(TileApiTest.sum(v, "count")).as(path).isEqualTo(TileApiTest.sum(a, "count") - 1);
            }
        }
    }

    /**
     * Every filter, at every zoom from 3 to 14, at every tile holding an incident or above or below one (from zoom
     * 10, the tiles of every incident not generated and of every 25th generated one).
     */
    void assertTilesAgree(String when) {
        List<double[]> all = jdbc.query("""
                SELECT ST_X(p), ST_Y(p), external_id NOT LIKE 'synthetic:%' OR id % 25 = 0
                FROM (SELECT id, external_id, ST_PointOnSurface(geom) AS p FROM incident) q""",
                (rs, i) -> new double[] {rs.getDouble(1), rs.getDouble(2), rs.getBoolean(3) ? 1 : 0});
        for (IncidentFilter filter : FILTERS) {
            assertThat(TileRepository.fromGrid(filter)).as(filter.toString()).isTrue();
            long matched = jdbc.queryForObject("SELECT count(*) FROM incident i WHERE "
                    + filter.sqlWhereLiterals(v -> "'" + v.replace("'", "''") + "'"), Long.class);
            for (int z = 3; z <= 14; z++) {
                Set<String> addresses = new LinkedHashSet<>();
                for (double[] p : all) {
                    if (z >= 10 && p[2] == 0) {
                        continue;
                    }
                    int[] t = TileApiTest.tileOf(p[0], p[1], z);
                    for (int dy = -1; dy <= 1; dy++) {
                        addresses.add(t[0] + "/" + (t[1] + dy));
                    }
                }
                long total = 0;
                for (String address : addresses) {
                    String[] xy = address.split("/");
                    total += assertTileAgrees(when, z, Integer.parseInt(xy[0]), Integer.parseInt(xy[1]), filter);
                }
                if (TileGrid.level(z) == z + 3) {
                    // cells of 1/8 of a tile's width: each lies in one column of tiles and at most two rows, so the
                    // tiles above cover every cell, and each cell is drawn in exactly one of them
                    assertThat(total).as("%s, z%d, %s: every incident in exactly one cell", when, z, filter)
                            .isEqualTo(matched);
                }
            }
        }
    }

    /**
     * The tile from the grid equals the one from the incidents (byte for byte, or else feature for feature as
     * ogrinfo reads them); returns the incidents it holds (cells' counts, or points).
     */
    long assertTileAgrees(String when, int z, int x, int y, IncidentFilter filter) {
        byte[] grid = tiles.tile(z, x, y, filter, true);
        byte[] incidents = tiles.tile(z, x, y, filter, false);
        if (!Arrays.equals(grid, incidents)) {
            assertThat(features(grid, z, x, y)).as("%s: tile %d/%d/%d, %s", when, z, x, y, filter)
                    .isEqualTo(features(incidents, z, x, y));
        }
        long[] cells = MvtCount.sum(grid, "cells", "count");
        return cells[1] > 0 ? cells[0] : MvtCount.sum(grid, "incidents", "count")[1];
    }

    /** ogrinfo's report of a tile with its features in a fixed order (their order in the tile is the plan's). */
    String features(byte[] mvt, int z, int x, int y) {
        String report = read(mvt, z, x, y);
        String[] parts = report.split("(?m)^OGRFeature\\(");
        String head = parts[0].replaceAll("(?m)^(INFO|Had to open|using driver).*$", "");
        List<String> features = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String body = parts[i].substring(parts[i].indexOf('\n') + 1); // without the feature's sequence number
            String[] lines = body.strip().split("\n");
            Arrays.sort(lines);
            features.add(String.join("\n", lines));
        }
        features.sort(null);
        String layer = report.contains("Layer name: incidents") ? "Layer name: incidents\n"
                : report.contains("Layer name: cells") ? "Layer name: cells\n" : "";
        return layer + head.lines().filter(l -> l.startsWith("Feature Count")).findFirst().orElse("") + "\n"
                + String.join("\n--\n", features);
    }

    String read(byte[] mvt, int z, int x, int y) {
        try {
            Path file = dir.resolve("t" + System.nanoTime() + ".mvt");
            Files.write(file, mvt);
            Process p = new ProcessBuilder("ogrinfo", "-ro", "-al", "-oo", "Z=" + z, "-oo", "X=" + x, "-oo",
                    "Y=" + y, "MVT:" + file).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    byte[] bytes(Api api, String path) throws IOException, InterruptedException {
        var r = HttpClient.newHttpClient().send(api.request(path).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }
}
