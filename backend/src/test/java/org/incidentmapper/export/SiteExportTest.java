package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sites and relocations layers of the GeoPackage and shapefile exports (issue 14), read back by GDAL
 * ({@code ogrinfo}): an open precinct polygon and a sensitive casino at (102.8123, 11.3456) near Koh Kong, with a
 * relocation between them; exports are asked for that bbox. A viewer's files hold the casino at its cell centre
 * (102.875 11.375) and none of its text; an analyst's hold all of it.
 */
@WriteIntegrationTest
class SiteExportTest {

    static final String BOX = "&bbox=102.70,11.20,102.99,11.49";
    static final List<String> SECRETS = List.of("102.8123", "11.3456", "KKX Secret Casino", "KKX-ALIAS", "KKX-DESC",
            "kkx.invalid", "KKX-OPERATOR");

    @LocalServerPort
    int port;
    static long precinct;
    static long casino;

    @BeforeEach
    void createSites() {
        if (precinct != 0) {
            return;
        }
        Api analyst = new Api(port, "analyst");
        precinct = created(analyst.send("POST", "/api/sites", """
                {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[102.72,11.22],[102.74,11.22],[102.74,11.24],[102.72,11.24],[102.72,11.22]]]},
                 "properties":{"kind":"compound","name":"Export test precinct","country":"KHM","locationPrecision":"exact",
                   "aliases":[{"name":"ព្រែកកោះកុង","language":"km"},{"name":"Precinct KK","language":"en"}],
                   "operators":["Open Export Co"],
                   "states":[{"state":"operating","startDate":"2021-01"},{"state":"raided","startDate":"2022-09-01"}]}}"""));
        casino = created(analyst.send("POST", "/api/sites", """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[102.8123,11.3456]},
                 "properties":{"kind":"casino","name":"KKX Secret Casino","country":"KHM","locationPrecision":"exact",
                   "sensitive":true,"aliases":[{"name":"KKX-ALIAS"}],"operators":["KKX-OPERATOR"],"description":"KKX-DESC",
                   "states":[{"state":"operating","startDate":"2022-10-01"}]}}"""));
        Api.Response moved = analyst.send("POST", "/api/relocations", """
                {"fromSiteId":%d,"toSiteId":%d,"kind":"moved","date":"2022-10-01",
                 "sources":[{"outlet":"Export Post","url":"https://kkx.invalid/moved"}]}""".formatted(precinct, casino));
        assertThat(moved.status()).as(moved.body()).isEqualTo(201);
    }

    private static long created(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    @Test
    void theGeoPackageHasSitesAndRelocationsLayers(@TempDir Path dir) throws Exception {
        String report = geopackage("analyst", dir);
        assertThat(Gdal.featureCounts(report)).containsEntry("sites", 2).containsEntry("relocations", 1);
        assertThat(report).contains("Layer name: sites", "Layer name: relocations", "Geometry: Line String",
                "aliases (String) = ព្រែកកោះកុង | Precinct KK", "operators (String) = Open Export Co",
                "states (String) = operating 2021-01-01 | raided 2022-09-01", "state (String) = raided",
                "from_name (String) = Export test precinct", "to_name (String) = KKX Secret Casino",
                "src_url (String) = https://kkx.invalid/moved", "date (Date) = 2022/10/01",
                "LINESTRING (102.73 11.23,102.8123 11.3456)", "POINT (102.8123 11.3456)");
        assertThat(report).containsPattern("POLYGON \\(\\(102\\.72 11\\.22,102\\.74 11\\.22");
        // the time window: before the precinct's first state and the relocation, both layers are empty
        String before = Gdal.ogrinfo(save(Download.get(port, "/api/export?format=geopackage&to=2020-12-31" + BOX),
                dir.resolve("before.gpkg")));
        assertThat(Gdal.featureCounts(before)).containsEntry("sites", 0).containsEntry("relocations", 0);
        // GDAL's validator accepts the file with the new layers
        Gdal.run(Gdal.PYTHON, Gdal.VALIDATE_GPKG, dir.resolve("analyst.gpkg").toString());
    }

    @Test
    void theShapefileZipHasAShapefilePerLayer(@TempDir Path dir) throws Exception {
        Download d = Download.get(port, "/api/export?format=shapefile" + BOX);
        assertThat(d.status()).isEqualTo(200);
        assertThat(Gdal.unzip(d.body(), dir)).contains("sites_points.shp", "sites_polygons.dbf", "relocations.shp",
                "relocations.cpg");
        String report = Gdal.ogrinfo(dir);
        assertThat(Gdal.featureCounts(report)).containsEntry("sites_points", 1).containsEntry("sites_polygons", 1)
                .containsEntry("relocations", 1);
        assertThat(report).contains("Geometry: Line String", "name (String) = KKX Secret Casino",
                "aliases (String) = ព្រែកកោះកុង | Precinct KK", "date (Date) = 2022/10/01");
        assertThat(Files.readString(dir.resolve("FIELDS.txt"))).contains("sites_points.shp", "relocations.shp");
    }

    @Test
    void aViewersExportHoldsTheSensitiveSiteOnlyGeneralised(@TempDir Path dir) throws Exception {
        String gpkg = geopackage("viewer", dir);
        Download zip = Download.get(port, "/api/export?format=shapefile" + BOX, "viewer");
        Path shapefiles = Files.createDirectory(dir.resolve("viewer-shp"));
        Gdal.unzip(zip.body(), shapefiles);
        String shp = Gdal.ogrinfo(shapefiles);
        for (String report : List.of(gpkg, shp)) {
            for (String secret : SECRETS) {
                assertThat(report).doesNotContain(secret);
            }
            assertThat(report).contains("POINT (102.875 11.375)", "LINESTRING (102.73 11.23,102.875 11.375)",
                    "name (String) = Casino (location withheld)", "Export test precinct");
        }
        String analyst = geopackage("analyst", dir);
        for (String secret : SECRETS) {
            assertThat(analyst).contains(secret);
        }
    }

    private String geopackage(String role, Path dir) throws Exception {
        Download d = Download.get(port, "/api/export?format=geopackage" + BOX, role);
        assertThat(d.status()).as(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Gdal.ogrinfo(save(d, dir.resolve(role + ".gpkg")));
    }

    private static Path save(Download d, Path file) throws Exception {
        assertThat(d.status()).as(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Files.write(file, d.body());
    }
}
