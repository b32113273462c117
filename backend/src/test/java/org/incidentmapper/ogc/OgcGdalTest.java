package org.incidentmapper.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.incidentmapper.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * GDAL 3.6's own OGC API - Features client (the OAPIF driver, what QGIS uses too) against the service. The OAPIF
 * driver follows the service's absolute links, so credentials go in its USERPWD open option (QGIS: an
 * authentication configuration); a single URL (GeoJSON driver) may carry them as {@code user:password@}.
 */
@MapperIntegrationTest
class OgcGdalTest {

    @LocalServerPort
    int port;

    record Run(int exit, String out, String err) {
    }

    String service() {
        return "OAPIF:http://127.0.0.1:" + port + "/ogc";
    }

    static final String USERPWD = "USERPWD=analyst:" + TestAccounts.PASSWORD;

    static Run run(String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("CPL_DEBUG", "ON");
            builder.environment().put("GDAL_HTTP_TIMEOUT", "30");
            Process p = builder.start();
            var err = p.getErrorStream();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errText = new String(err.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return new Run(p.exitValue(), out, errText);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The externalId of every feature GDAL reads from {@code layer}, with extra ogr2ogr options. */
    Run externalIds(String layer, String... options) {
        List<String> command = new ArrayList<>(List.of("ogr2ogr", "-oo", USERPWD, "-f", "CSV", "/vsistdout/", service(), layer,
                "-select", "externalId"));
        command.addAll(List.of(options));
        return run(command.toArray(String[]::new));
    }

    static List<String> rows(Run run) {
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> rows = new ArrayList<>(run.out().lines().skip(1).map(l -> l.replace("\"", "")).toList());
        rows.sort(null);
        return rows;
    }

    @Test
    void ogrinfoListsTheCollections() {
        Run run = run("ogrinfo", "-ro", "-so", "-oo", USERPWD, service());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("incidents", "compound", "hospital_admission", "border_town", "raid",
                "rescue", "provinces");
    }

    @Test
    void aPlainGeoJsonUrlWithCredentialsInItIsAnsweredAfterTheBasicChallenge() {
        String url = "http://analyst:" + TestAccounts.PASSWORD.replace("+", "%2B") + "@127.0.0.1:" + port
                + "/ogc/collections/raid/items";
        Run run = run("ogrinfo", "-ro", "-al", "-so", "GeoJSON:" + url);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Feature Count: 1");
        Run api = run("ogrinfo", "-ro", "-al", "-so", url.replace("/ogc/collections/raid/items",
                "/api/incidents?category=raid"));
        assertThat(api.exit()).as(api.err()).isZero();
        assertThat(api.out()).contains("Feature Count: 1");
    }

    @Test
    void readsItemsWithABbox() {
        assertThat(rows(externalIds("incidents", "-spat", "102", "13", "103", "14")))
                .containsExactly("f-border-town", "f-rescue-corner");
    }

    @Test
    void whereGoesToTheServerAsCql2AndCountsMatchApiIncidents() {
        Run raid = externalIds("incidents", "-where", "category = 'raid'");
        assertThat(rows(raid)).containsExactly("f-raid-day");
        assertThat(raid.err()).contains("filter=").contains("filter-lang=cql-text");
        // dates: GDAL sends startDate >= '2022-01-01T' … in the filter
        Run year = externalIds("incidents", "-where", "startDate >= '2022-01-01' AND startDate <= '2022-12-31'");
        Api api = new Api(port);
        long expected = api.get("/api/incidents").json().get("features").valueStream()
                .filter(f -> f.at("/properties/startDate").asString().startsWith("2022")).count();
        assertThat(rows(year)).containsExactly("f-hospital-month", "f-raid-day").hasSize((int) expected);
        assertThat(year.err()).contains("filter=");
        Run both = externalIds("incidents", "-where", "category IN ('raid', 'rescue') AND country = 'KHM'");
        assertThat(rows(both)).hasSize(api.get("/api/incidents?category=raid,rescue&country=KHM").json()
                .get("numberMatched").asInt());
    }

    @Test
    void pagingThroughNextLinksYieldsEveryFeatureOnce() {
        Run run = externalIds("incidents", "-oo", "PAGE_SIZE=2");
        List<String> ids = rows(run);
        assertThat(ids).hasSize(6).doesNotHaveDuplicates();
        assertThat(run.err()).contains("after=");
    }

    @Test
    void ogr2ogrToAGeoPackagePassesValidation(@TempDir Path dir) throws IOException {
        Path gpkg = dir.resolve("incidents.gpkg");
        Run copy = run("ogr2ogr", "-oo", USERPWD, "-f", "GPKG", gpkg.toString(), service(), "incidents");
        assertThat(copy.exit()).as(copy.err()).isZero();
        Run validate = run("python3", "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py",
                gpkg.toString());
        assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
        Run info = run("ogrinfo", "-ro", "-so", gpkg.toString(), "incidents");
        assertThat(info.out()).contains("Feature Count: 6", "sourceOutlets: String", "startDate: Date");
        assertThat(Files.size(gpkg)).isPositive();
    }
}
