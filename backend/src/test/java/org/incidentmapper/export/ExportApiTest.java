package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/export} over the fixtures, every file read back by GDAL's ogrinfo: the same incidents as
 * {@code GET /api/incidents} for the same filter, values intact (Khmer and Chinese), WGS 84, points and polygons.
 */
@MapperIntegrationTest
@TestPropertySource(properties = "mapper.export.temp-dir=" + ExportApiTest.TEMP)
class ExportApiTest {

    static final String TEMP = "target/export-tmp/api";
    static final String KHMER_CHINESE_TITLE = "Rescue at ក្រុងព្រះសីហនុ 西港";

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void leavesNoTempFiles() throws Exception {
        // the server deletes its directory just after the last byte is sent
        TempDirs.awaitEmpty(Path.of(TEMP));
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void readsBackWithTheApisFeaturesAndValues(ExportFormat format, @TempDir Path dir) throws IOException {
        Download d = Download.get(port, "/api/export?format=" + format.key());
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        assertThat(d.header("Content-Type")).startsWith(format.mediaType().split(";")[0]);
        assertThat(d.header("Content-Disposition"))
                .matches("attachment; filename=\"incidents_\\d{8}T\\d{6}Z\\." + format.extension() + "\"");

        String report = Gdal.ogrinfo(save(d, format, dir));
        Map<String, Integer> counts = Gdal.featureCounts(report);
        counts.remove(GeoPackageRelations.SOURCES);
        counts.remove(GeoPackageRelations.MAPPING);
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum())
                .as(report).isEqualTo(api.externalIds("").size()).isEqualTo(6);
        assertThat(report).contains(KHMER_CHINESE_TITLE, "Closed compound precinct", "Test Daily", "KH-18");
        // LIBKML writes KML's altitude 0, so its geometries read back as "POINT Z (102 13 0)"
        assertThat(report).containsPattern("POINT (Z )?\\(102 13( 0)?\\)")
                .containsPattern("POLYGON (Z )?\\(\\(+103\\.5 10\\.6");
        if (format != ExportFormat.CSV) {
            // CSV carries no CRS: its WKT and lon/lat columns are WGS 84 by definition (README)
            assertThat(report).contains("GEOGCRS[\"WGS 84\"").contains("ID[\"EPSG\",4326]");
        }
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void emptyResultIsAValidEmptyFile(ExportFormat format, @TempDir Path dir) throws IOException {
        Download d = Download.get(port, "/api/export?format=" + format.key() + "&to=1990-01-01");
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        String report = Gdal.ogrinfo(save(d, format, dir));
        Map<String, Integer> counts = Gdal.featureCounts(report);
        assertThat(counts).isNotEmpty();
        assertThat(counts.values()).as(report).containsOnly(0);
        if (format == ExportFormat.SHAPEFILE) {
            // both layers exist, with their geometry type and their fields
            assertThat(counts).containsOnlyKeys("incidents_points", "incidents_polygons", "sites_points",
                    "sites_polygons", "relocations");
            assertThat(report).contains("Geometry: Point", "Geometry: Polygon", "start_date: Date", "WGS 84");
        }
    }

    @Test
    void shapefileZipHoldsTwoLayersWithDbfDatesAndDocumentsItsFields(@TempDir Path dir) throws IOException {
        Download d = Download.get(port, "/api/export?format=shapefile");
        List<String> entries = Gdal.unzip(d.body(), dir);
        assertThat(entries).containsExactly(
                "incidents_points.shp", "incidents_points.shx", "incidents_points.dbf", "incidents_points.prj",
                "incidents_points.cpg", "incidents_polygons.shp", "incidents_polygons.shx", "incidents_polygons.dbf",
                "incidents_polygons.prj", "incidents_polygons.cpg", "sites_points.shp", "sites_points.shx",
                "sites_points.dbf", "sites_points.prj", "sites_points.cpg", "sites_polygons.shp", "sites_polygons.shx",
                "sites_polygons.dbf", "sites_polygons.prj", "sites_polygons.cpg", "relocations.shp", "relocations.shx",
                "relocations.dbf", "relocations.prj", "relocations.cpg", "FIELDS.txt", "TRUNCATED.txt");
        assertThat(Files.readString(dir.resolve("incidents_points.cpg"))).isEqualTo("UTF-8");
        assertThat(Files.readString(dir.resolve("incidents_points.prj"))).contains("WGS_1984");
        String report = Gdal.ogrinfo(dir);
        assertThat(Gdal.featureCounts(report)).containsEntry("incidents_points", 5).containsEntry("incidents_polygons", 1);
        assertThat(report).contains("start_date: Date", "end_date: Date", "src_count: Integer", "victims: Integer")
                .contains("start_date (Date) = 2020/01/01", "end_date (Date) = 2020/12/31");
        // sources flattened in source order; a missing URL is an empty item (a DBF drops trailing spaces)
        assertThat(report).contains("src_outlet (String) = Test Daily | Test Times",
                "src_url (String) = https://example.org/closed |\n", "src_date (String) = 2021-01-10 | 2021-01-11",
                "src_lang (String) = en | zh", "src_count (Integer) = 2");
        String fields = Files.readString(dir.resolve("FIELDS.txt"));
        for (ExportSql.Column c : ExportSql.COLUMNS) {
            assertThat(c.shapefile().length()).isLessThanOrEqualTo(10);
            assertThat(report).contains("\n" + c.shapefile() + ": ");
            assertThat(fields).contains(c.shapefile() + " ");
        }
        assertThat(fields).contains("cut_fields", "\" | \"");
    }

    @Test
    void textBeyondTheDbfLimitIsCutAtACharacterAndReported(@TempDir Path dir) throws IOException {
        String full = api.get("/api/incidents?q=Border%20casino").json().get("features").get(0)
                .get("properties").get("description").asString();
        assertThat(full.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(254);

        Download d = Download.get(port, "/api/export?format=shapefile&q=Border%20casino");
        assertThat(d.header(ExportController.TRUNCATED_HEADER)).isEqualTo("descr");
        Gdal.unzip(d.body(), dir);
        assertThat(Files.readString(dir.resolve("TRUNCATED.txt"))).containsPattern("descr +1");
        String report = Gdal.ogrinfo(dir);
        String cut = Gdal.values(report, "descr").get(0);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isBetween(252, 254);
        assertThat(full).startsWith(cut);
        assertThat(Gdal.values(report, "cut_fields")).containsExactly("descr");

        // nothing cut: no TRUNCATED.txt, no header, cut_fields empty
        Download small = Download.get(port, "/api/export?format=shapefile&category=raid");
        assertThat(small.header(ExportController.TRUNCATED_HEADER)).isNull();
        Path other = Files.createDirectory(dir.resolve("small"));
        assertThat(Gdal.unzip(small.body(), other)).doesNotContain("TRUNCATED.txt");
        assertThat(Gdal.values(Gdal.ogrinfo(other), "cut_fields")).containsExactly("(null)");
    }

    @Test
    void geopackageKeepsFullTextAndTheSourcesAsALayer(@TempDir Path dir) throws IOException {
        Download d = Download.get(port, "/api/export?format=geopackage");
        String report = Gdal.ogrinfo(save(d, ExportFormat.GEOPACKAGE, dir));
        int sources = 0;
        for (JsonNode feature : api.get("/api/incidents").json().get("features").values()) {
            sources += feature.get("properties").get("sources").size();
        }
        assertThat(Gdal.featureCounts(report)).containsEntry("incidents", 6).containsEntry("incident_sources", sources);
        assertThat(report).contains("Geometry: Unknown (any)", "start_date: Date", "created_at: DateTime",
                "published_date (Date) = 2021/01/11", "outlet (String) = Test Times");
        assertThat(Gdal.values(report, "description")).anyMatch(v -> v.getBytes(StandardCharsets.UTF_8).length > 600);
    }

    @Test
    void csvEscapesFormulasAndHasLonLat(@TempDir Path dir) throws IOException {
        Download d = Download.get(port, "/api/export?format=csv&category=raid");
        String csv = d.text();
        assertThat(csv).startsWith("\uFEFFWKT,id,external_id,category,title,");
        assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",lon,lat");
        assertThat(csv).contains("'=HYPERLINK(").doesNotContain(",=HYPERLINK").doesNotContain(",\"=HYPERLINK");
        String report = Gdal.ogrinfo(save(d, ExportFormat.CSV, dir));
        assertThat(Gdal.values(report, "title")).containsExactly("'=HYPERLINK(\"https://example.org/raid\",\"Raid on one day\")");
        assertThat(Gdal.values(report, "lon")).containsExactly("105");
        assertThat(Gdal.values(report, "lat")).containsExactly("12");
        assertThat(Gdal.values(report, "start_date")).containsExactly("2022-02-20");
    }

    @Test
    void kmlNamesPlacemarksByTitle(@TempDir Path dir) throws IOException {
        Download d = Download.get(port, "/api/export?format=kml&q=Rescue");
        assertThat(d.text()).contains("<name>" + KHMER_CHINESE_TITLE + "</name>");
        assertThat(Gdal.featureCounts(Gdal.ogrinfo(save(d, ExportFormat.KML, dir)))).containsValue(1);
    }

    /** Every filter of IncidentFilterApiTest, and hostile text: the ogr2ogr SQL (literals) picks the API's rows. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "", "from=2020-12-31&to=2020-12-31", "to=2018-12-31", "from=2030-01-01", "from=2022-02-20&to=2022-02-20",
        "from=2022-03&to=2022-03", "bbox=102,13,103,14", "bbox=101,12,102,13", "bbox=102.00001,13.00001,103,14",
        "bbox=103.505,10.605,103.6,10.7", "bbox=-180,-90,180,90", "category=raid,rescue&from=2023-01-01",
        "category=compound&bbox=103,10,104,11", "q=precinct", "q=PHNOM%20PENH", "q=100%25", "q=%25%25%25",
        "q=%E8%A5%BF%E6%B8%AF",
    })
    void exportSelectsTheSameIncidentsAsTheApi(String query) {
        assertThat(exportedIds(query)).containsExactlyElementsOf(api.externalIds(query));
    }

    @ParameterizedTest(name = "q={0}")
    @ValueSource(strings = {
        "'; DROP TABLE incident; --", "O'Brien", "''", "\\", "\\'", "'\\", "%", "_", "%'%", "E'\\x27'",
        "$$", "$q$ OR TRUE --", "\"", "=HYPERLINK(\"https", "ក្រុងព្រះសីហនុ", "ព្រំដែន", "西港", "') OR ('1'='1",
    })
    void hostileTextSearchExportsExactlyWhatTheApiReturns(String q) {
        String query = "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        List<String> expected = api.externalIds(query);
        assertThat(exportedIds(query)).containsExactlyElementsOf(expected);
        assertThat(api.externalIds("")).hasSize(6);
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                              | format   | 'format' is required; one of shapefile, geopackage, geojson, csv, kml",
        "format=xlsx                     | format   | Unknown format 'xlsx'; formats are shapefile, geopackage, geojson, csv, kml",
        "format=SHAPEFILE                | format   | Unknown format",
        "format=csv&format=kml           | format   | more than once",
        "format=csv&from=2022-02-30      | from     | not a calendar date",
        "format=csv&bbox=1,2,3           | bbox     | four numbers",
        "format=csv&category=casino      | category | Unknown category 'casino'",
        "format=csv&limit=10             | limit    | Unknown parameter 'limit'",
    })
    void badRequestIsA400NamingTheParameter(String query, String parameter, String detail) {
        Download d = Download.get(port, "/api/export?" + query);
        assertThat(d.status()).isEqualTo(400);
        assertThat(d.header("Content-Type")).startsWith("application/problem+json");
        assertThat(d.json().get("parameter").asString()).isEqualTo(parameter);
        assertThat(d.json().get("detail").asString()).contains(detail);
    }

    @Test
    void fileNameSaysWhatAndWhen() {
        Download d = Download.get(port, "/api/export?format=csv&from=2022&to=2022&category=raid,compound&q=%E8%A5%BF%20x");
        assertThat(d.header("Content-Disposition"))
                .matches("attachment; filename=\"incidents_2022-01-01_to_2022-12-31_raid-compound_search-x_\\d{8}T\\d{6}Z\\.csv\"");
    }

    /** External ids of the CSV export for {@code query}, in file order. */
    private List<String> exportedIds(String query) {
        Download d = Download.get(port, "/api/export?format=csv" + (query.isEmpty() ? "" : "&" + query));
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        try {
            Path file = Files.createTempFile("export", ".csv");
            try {
                Files.write(file, d.body());
                return Gdal.values(Gdal.ogrinfo(file), "external_id");
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The download as GDAL opens it: the file, or for a shapefile ZIP the directory it is unpacked into. */
    private static Path save(Download d, ExportFormat format, Path dir) throws IOException {
        if (format == ExportFormat.SHAPEFILE) {
            Gdal.unzip(d.body(), dir);
            return dir;
        }
        return Files.write(dir.resolve("export." + format.extension()), d.body());
    }
}
