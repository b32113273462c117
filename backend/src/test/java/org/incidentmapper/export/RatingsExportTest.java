package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
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
