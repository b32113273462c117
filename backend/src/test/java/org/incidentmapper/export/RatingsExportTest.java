package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every export format carries the sources' Admiralty grades and the incident's rating (README "How sure we are"), as
 * GDAL reads them back: one incident with two rated sources (VOD B/2, Khmer Times C/3: two outlets agree, so B1).
 */
@WriteIntegrationTest
class RatingsExportTest {

    @LocalServerPort
    int port;

    @BeforeEach
    void rated() {
        Api api = new Api(port);
        if (api.get("/api/incidents?q=rexport").json().get("features").isEmpty()) {
            Api.Response r = api.send("POST", "/api/incidents", """
                    {"type":"Feature","geometry":{"type":"Point","coordinates":[104.6,12.2]},
                     "properties":{"externalId":"rexport-1","category":"raid","title":"rexport raid",
                       "startDate":"2021-07-01","locationPrecision":"town","country":"KHM",
                       "sources":[{"outlet":"VOD","reliability":"B","credibility":2},
                                  {"outlet":"Khmer Times","reliability":"C","credibility":3}]}}""");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    /** The GeoPackage's site layers: each state's rating in the states list, each relocation's in a column. */
    @Test
    void siteStatesAndRelocationsCarryTheirRatings(@TempDir Path dir) throws IOException {
        Api api = new Api(port);
        long from = site(api, "Rexport precinct", 106.01, 14.31, """
                [{"state":"operating","startDate":"2021-02-01","sources":[{"outlet":"VOD","reliability":"B","credibility":3},
                                                                          {"outlet":"RFA","reliability":"D","credibility":2}]},
                 {"state":"closed","startDate":"2021-09-01"}]""");
        long to = site(api, "Rexport casino", 106.05, 14.35, "[{\"state\":\"operating\",\"startDate\":\"2021-10-01\"}]");
        Api.Response moved = api.send("POST", "/api/relocations", """
                {"fromSiteId":%d,"toSiteId":%d,"kind":"moved","date":"2021-10-01",
                 "sources":[{"outlet":"Rexport Post","reliability":"E","credibility":5}]}""".formatted(from, to));
        assertThat(moved.status()).as(moved.body()).isEqualTo(201);
        Download d = Download.get(port, "/api/export?format=geopackage&bbox=106.0,14.3,106.06,14.36&to=2021-12-31");
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        String report = Gdal.ogrinfo(Files.write(dir.resolve("sites.gpkg"), d.body()));
        assertThat(report).contains("states (String) = operating 2021-02-01 B1 | closed 2021-09-01\n",
                "rating (String) = E5");
    }

    /** The report's incident layers only (shapefiles and GeoPackages hold site layers too, not filtered by q). */
    private static String incidentLayers(String report) {
        StringBuilder kept = new StringBuilder();
        for (String layer : report.split("(?=Layer name: )")) {
            if (layer.startsWith("Layer name: incident")) {
                kept.append(layer);
            }
        }
        return kept.toString();
    }

    private static long site(Api api, String name, double lon, double lat, String states) {
        Api.Response r = api.send("POST", "/api/sites", """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[%s,%s]},
                 "properties":{"kind":"compound","name":"%s","country":"KHM","locationPrecision":"exact","states":%s}}"""
                .formatted(lon, lat, name, states));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void carriesTheGradesAndTheRating(ExportFormat format, @TempDir Path dir) throws IOException {
        Download d = Download.get(port, "/api/export?q=rexport&format=" + format.key());
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        Path file;
        if (format == ExportFormat.SHAPEFILE) {
            Gdal.unzip(d.body(), dir);
            file = dir;
        } else {
            file = Files.write(dir.resolve("export." + format.extension()), d.body());
        }
        String report = Gdal.ogrinfo(file);
        if (format == ExportFormat.SHAPEFILE || format == ExportFormat.GEOPACKAGE) {
            report = incidentLayers(report);
        }
        assertThat(Gdal.values(report, "rating")).as(report).containsExactly("B1");
        switch (format) {
            case SHAPEFILE -> {
                assertThat(Gdal.values(report, "src_rel")).containsExactly("B | C");
                assertThat(Gdal.values(report, "src_cred")).containsExactly("2 | 3");
            }
            case GEOPACKAGE -> {
                assertThat(Gdal.values(report, "reliability")).containsExactly("B", "C");
                // a smallint: GDAL reports it as Integer(Int16)
                assertThat(report).containsPattern("(?m)^  credibility \\(Integer\\(Int16\\)\\) = 2$")
                        .containsPattern("(?m)^  credibility \\(Integer\\(Int16\\)\\) = 3$");
            }
            case GEOJSON -> assertThat(report.replace(" ", ""))
                    .contains("\"reliability\":\"B\",\"credibility\":2", "\"reliability\":\"C\",\"credibility\":3");
            default -> {
                assertThat(Gdal.values(report, "source_reliabilities")).containsExactly("B | C");
                assertThat(Gdal.values(report, "source_credibilities")).containsExactly("2 | 3");
            }
        }
    }
}
