package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every export format, as a viewer and as an analyst, of a sensitive incident at (104.20713, 11.52371) with unique
 * text in its description, place and source URL: read back with GDAL, the viewer's file holds none of it and has
 * the incident at its generalised point (104.125 11.625); the analyst's holds all of it.
 */
@MapperIntegrationTest
class ExportGeneralisationTest {

    static final String[] SECRETS = {"104.2071", "11.5237", "EXPORT-CANARY-DESC", "export-canary.invalid",
        "EXPORT-CANARY-PLACE"};

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void insertCanary() {
        long id = jdbc.sql("""
                INSERT INTO incident (external_id, category, title, description, start_date, end_date, date_precision,
                    geom, location_name, location_precision, country, status, sensitive)
                VALUES ('export-canary', 'rescue', 'Export canary', 'EXPORT-CANARY-DESC', '2031-01-01', '2031-01-01',
                    'day', ST_SetSRID(ST_MakePoint(104.20713, 11.52371), 4326), 'EXPORT-CANARY-PLACE', 'exact', 'KHM',
                    'verified', true)
                RETURNING id""").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO incident_source (incident_id, position, outlet, url, published_date, language)
                VALUES (:id, 1, 'Canary Post', 'https://export-canary.invalid/x', '2031-01-02', 'en')""")
                .param("id", id).update();
    }

    @AfterEach
    void removeCanary() {
        jdbc.sql("DELETE FROM incident WHERE external_id = 'export-canary'").update();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"geojson", "csv", "kml", "geopackage", "shapefile"})
    void viewerExportHoldsOnlyTheGeneralisedIncident(String format, @TempDir Path dir) throws Exception {
        String viewer = readBack(format, "viewer", dir.resolve("viewer"));
        for (String secret : SECRETS) {
            assertThat(viewer).as(format + " as viewer").doesNotContain(secret);
        }
        assertThat(viewer).contains("Export canary").containsPattern("104\\.125.{0,3}[ ,]11\\.625");

        String analyst = readBack(format, "analyst", dir.resolve("analyst"));
        for (String secret : SECRETS) {
            assertThat(analyst).as(format + " as analyst").contains(secret);
        }
    }

    /** The export of 2031 (the canary alone) as {@code role}, as text: raw for text formats, else ogrinfo's report. */
    String readBack(String format, String role, Path dir) throws Exception {
        Download d = Download.get(port, "/api/export?format=" + format + "&from=2031-01-01&to=2031-01-01", role);
        assertThat(d.status()).as(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        Files.createDirectories(dir);
        String raw = new String(d.body(), StandardCharsets.UTF_8);
        return switch (format) {
            case "shapefile" -> {
                Gdal.unzip(d.body(), dir);
                yield Gdal.ogrinfo(dir) + String.join("\n", Files.readAllLines(dir.resolve("FIELDS.txt")));
            }
            case "geopackage" -> {
                Path file = dir.resolve("export.gpkg");
                Files.write(file, d.body());
                yield Gdal.ogrinfo(file);
            }
            default -> raw;
        };
    }

    @org.junit.jupiter.api.Test
    void viewerExportIsAudited() {
        Download.get(port, "/api/export?format=csv&category=raid", "viewer");
        var events = new Api(port, "admin").get("/api/audit?action=export&actor=viewer").json();
        assertThat(events.size()).isPositive();
        assertThat(events.get(0).get("detail").toString()).contains("\"format\":\"csv\"").contains("raid");
    }
}
