package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * Boundary import through {@code POST /api/boundaries}: good files of every kind replace the set and recompute the
 * incidents' provinces; every bad file is a 400 naming what is wrong, and the boundary table, the incidents and the
 * schema are exactly as before (checksums compared, no staging table left).
 */
@MapperIntegrationTest
class BoundaryImportTest {

    /** Three squares: A holds the raid (105, 12) and the hospital (104.9, 11.55); B holds the border town and the rescue (on its corner); C is B's neighbour. */
    static final String SQUARES = collection(
            square("T-A", "Square A", 104.5, 11.5, 105.5, 12.5),
            square("T-B", "Square B", 102, 13, 103, 14),
            square("T-C", "Square C", 103, 13, 104, 14));

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BoundaryImporter importer;
    @TempDir
    Path dir;

    String before;

    @BeforeEach
    void remember() {
        before = checksum();
    }

    @AfterEach
    void noStagingTableLeft() {
        assertThat(jdbc.sql("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'boundary_staging_%'")
                .query(Long.class).single()).isZero();
    }

    @AfterAll
    static void restoreTheExtract(@Autowired BoundaryImporter importer) {
        importer.importFile(Path.of("../data/boundaries/admin1.geojson"),
                BoundaryImport.naturalEarth("Natural Earth 4.1 admin-1 (admin1.geojson)"));
    }

    @Test
    void geoJsonReplacesTheSetAndRecomputesProvinces() throws Exception {
        Api.Response r = upload("squares.geojson", SQUARES.getBytes(StandardCharsets.UTF_8),
                Map.of("nameField", "NAME", "codeField", "CODE", "country", "khm"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("features").asInt()).isEqualTo(3);
        assertThat(r.json().get("boundarySet").asString()).isEqualTo("squares");
        assertThat(r.json().get("countries").toString()).isEqualTo("{\"KHM\":3}");

        // given provinces stay; the raid had none and now lies in square A; outside every square is flagged
        assertThat(provinces()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "f-raid-day", "T-A computed T-A",
                "f-border-town", "KH-1 given T-B",
                "f-rescue-corner", "KH-1 given T-B",
                "f-compound-open", "KH-8 given null",
                "f-compound-closed", "KH-18 given null",
                "f-hospital-month", "KH-12 given T-A"));
        JsonNode raid = new Api(port).get("/api/incidents?q=raid").json().get("features").get(0).get("properties");
        assertThat(raid.get("provinceSource").asString()).isEqualTo("computed");
        assertThat(raid.get("outsideBoundaries").asBoolean()).isFalse();
        assertThat(new Api(port).externalIds("province=T-A")).containsExactly("f-raid-day");
    }

    @Test
    void zippedShapefileIsReprojectedFromItsPrj() throws Exception {
        Path geojson = Files.writeString(dir.resolve("squares.geojson"), SQUARES);
        Path shp = dir.resolve("shp");
        ogr2ogr("-f", "ESRI Shapefile", shp.toString(), geojson.toString(), "-t_srs", "EPSG:32648", "-nln", "adm1");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String ext : List.of("shp", "shx", "dbf", "prj")) {
            entries.put("adm1/adm1." + ext, Files.readAllBytes(shp.resolve("adm1." + ext)));
        }
        entries.put("__MACOSX/adm1/._adm1.shp", new byte[] {0, 5, 22, 7});
        Api.Response r = upload("adm1.zip", zip(entries), Map.of("nameField", "NAME", "codeField", "CODE",
                "name", "Squares in UTM 48N"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // back in lon/lat, where the squares were drawn (to the metre or so)
        assertThat(jdbc.sql("SELECT round(ST_XMin(geom)::numeric, 4) || ' ' || round(ST_YMax(geom)::numeric, 4) "
                + "FROM boundary WHERE code = 'T-B'").query(String.class).single()).isEqualTo("102.0000 14.0000");
        assertThat(jdbc.sql("SELECT boundary_set FROM boundary LIMIT 1").query(String.class).single())
                .isEqualTo("Squares in UTM 48N");
        assertThat(provinces().get("f-raid-day")).isEqualTo("T-A computed T-A");
    }

    @Test
    void geoPackageLayerIsChosenByName() throws Exception {
        Path geojson = Files.writeString(dir.resolve("squares.geojson"), SQUARES);
        Path gpkg = dir.resolve("two.gpkg");
        ogr2ogr("-f", "GPKG", gpkg.toString(), geojson.toString(), "-nln", "provinces");
        ogr2ogr("-f", "GPKG", "-update", gpkg.toString(), geojson.toString(), "-nln", "districts",
                "-where", "CODE = 'T-A'");
        byte[] bytes = Files.readAllBytes(gpkg);

        Api.Response several = upload("two.gpkg", bytes, Map.of("nameField", "NAME", "codeField", "CODE"));
        assertProblem(several, "layer", "several layers");
        assertThat(checksum()).isEqualTo(before);

        Api.Response r = upload("two.gpkg", bytes, Map.of("nameField", "NAME", "codeField", "CODE", "layer", "districts"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("features").asInt()).isEqualTo(1);
        assertThat(r.json().get("countries").toString()).isEqualTo("{\"\":1}");
    }

    @Test
    void invalidGeometryIsRefusedUnlessRepairIsAsked() throws Exception {
        String bowTie = collection(square("T-A", "Square A", 104.5, 11.5, 105.5, 12.5),
                feature("T-B", "Bow tie", "[[[102,13],[103,14],[103,13],[102,14],[102,13]]]"));
        Map<String, String> fields = Map.of("nameField", "NAME", "codeField", "CODE");
        assertProblem(upload("bad.geojson", bowTie.getBytes(StandardCharsets.UTF_8), fields), "file",
                "feature 2 (code 'T-B') has an invalid geometry: Self-intersection[102.5 13.5]");
        assertThat(checksum()).isEqualTo(before);

        Map<String, String> repair = new LinkedHashMap<>(fields);
        repair.put("repair", "true");
        Api.Response r = upload("bad.geojson", bowTie.getBytes(StandardCharsets.UTF_8), repair);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT ST_NumGeometries(geom) || ' ' || ST_Area(geom) FROM boundary WHERE code = 'T-B'")
                .query(String.class).single()).isEqualTo("2 0.5");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what is wrong                 | nameField | codeField | parameter | detail
        "code field missing              | NAME      | ISO       | codeField | The file has no field 'ISO' ('codeField'); its fields are [CODE, POP, NAME]",
        "name field missing              | NOM       | CODE      | nameField | The file has no field 'NOM'",
        "field names ignore case         | name      | code      | ''        | ''",
        "duplicate code                  | NAME      | POP       | file      | code '5' is used by features 1, 3",
    })
    void fieldsAreCheckedAgainstTheFile(String what, String nameField, String codeField, String parameter,
            String detail) throws Exception {
        String file = collection(
                feature("T-A", "A", "[[[0,0],[1,0],[1,1],[0,0]]]").replace("\"NAME\"", "\"POP\":5,\"NAME\""),
                feature("T-B", "B", "[[[1,0],[2,0],[2,1],[1,0]]]").replace("\"NAME\"", "\"POP\":6,\"NAME\""),
                feature("T-C", "C", "[[[2,0],[3,0],[3,1],[2,0]]]").replace("\"NAME\"", "\"POP\":5,\"NAME\""));
        Api.Response r = upload("f.geojson", file.getBytes(StandardCharsets.UTF_8),
                Map.of("nameField", nameField, "codeField", codeField));
        if (parameter.isEmpty()) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        } else {
            assertProblem(r, parameter, detail);
            assertThat(checksum()).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "null code        | {'CODE':null,'NAME':'A'}                 | [[[0,0],[1,0],[1,1],[0,0]]]             | feature 1 has no code (field 'CODE' is empty)",
        "blank name       | {'CODE':'T-A','NAME':'  '}               | [[[0,0],[1,0],[1,1],[0,0]]]             | feature 1 (code 'T-A') has no name (field 'NAME' is empty)",
        "code with space  | {'CODE':'T A','NAME':'A'}                | [[[0,0],[1,0],[1,1],[0,0]]]             | feature 1 (code 'T A'): the code must be 1 to 50 letters",
        "projected coords | {'CODE':'T-A','NAME':'A'}                | [[[500000,1300000],[510000,1300000],[510000,1310000],[500000,1300000]]] | has coordinates outside longitude -180..180 and latitude -90..90",
    })
    void badFeaturesAreNamed(String what, String properties, String rings, String detail) throws Exception {
        String file = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                + properties.replace('\'', '"') + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + rings + "}}]}";
        assertProblem(upload("f.geojson", file.getBytes(StandardCharsets.UTF_8),
                Map.of("nameField", "NAME", "codeField", "CODE")), "file", detail);
        assertThat(checksum()).isEqualTo(before);
    }

    @Test
    void pointsAreNotBoundaries() throws Exception {
        String file = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                + "{\"CODE\":\"T-A\",\"NAME\":\"A\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[104,11]}}]}";
        assertProblem(upload("p.geojson", file.getBytes(StandardCharsets.UTF_8),
                Map.of("nameField", "NAME", "codeField", "CODE")), "file",
                "feature 1 (code 'T-A') is a POINT; boundaries must be polygons");
        assertThat(checksum()).isEqualTo(before);
    }

    @Test
    void shapefileWithoutPrjIsRefusedNotGuessed() throws Exception {
        Path geojson = Files.writeString(dir.resolve("squares.geojson"), SQUARES);
        Path shp = dir.resolve("shp");
        ogr2ogr("-f", "ESRI Shapefile", shp.toString(), geojson.toString(), "-nln", "adm1");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String ext : List.of("shp", "shx", "dbf")) {
            entries.put("adm1." + ext, Files.readAllBytes(shp.resolve("adm1." + ext)));
        }
        assertProblem(upload("adm1.zip", zip(entries), Map.of("nameField", "NAME", "codeField", "CODE")), "file",
                "The shapefile adm1.shp has no .prj file");
        assertThat(checksum()).isEqualTo(before);
    }

    @ParameterizedTest(name = "zip entry {0}")
    @CsvSource({"../escaped.geojson", "a/../../escaped.geojson", "/tmp/escaped.geojson", "C:/escaped.geojson",
        "a\\..\\..\\escaped.geojson"})
    void zipSlipIsRefusedBeforeAnythingIsWritten(String entry) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("ok.geojson", SQUARES.getBytes(StandardCharsets.UTF_8));
        entries.put(entry, SQUARES.getBytes(StandardCharsets.UTF_8));
        assertProblem(upload("slip.zip", zip(entries), Map.of("nameField", "NAME", "codeField", "CODE")), "file",
                "would be written outside the target directory");
        assertThat(checksum()).isEqualTo(before);
        assertThat(Path.of("/tmp/escaped.geojson")).doesNotExist();
        // walked leniently: other processes create and delete temp directories meanwhile
        List<Path> found = new java.util.ArrayList<>();
        Files.walkFileTree(Path.of(System.getProperty("java.io.tmpdir")), java.util.Set.of(), 2,
                new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a) {
                        if (p.getFileName().toString().equals("escaped.geojson")) {
                            found.add(p);
                        }
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) {
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                });
        assertThat(found).isEmpty();
    }

    @Test
    void symbolicLinkInAZipIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("adm1.geojson", "/etc/passwd".getBytes(StandardCharsets.UTF_8));
        assertProblem(upload("link.zip", markFirstEntryAsSymlink(zip(entries)),
                Map.of("nameField", "NAME", "codeField", "CODE")), "file",
                "The zip contains a symbolic link ('adm1.geojson')");
        assertThat(checksum()).isEqualTo(before);
    }

    @Test
    void zipLimitsAreEnforced() throws Exception {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i <= SafeUnzip.MAX_ENTRIES; i++) {
            many.put("f" + i + ".txt", new byte[] {1});
        }
        assertProblem(upload("many.zip", zip(many), Map.of("nameField", "NAME", "codeField", "CODE")), "file",
                "The zip has 201 entries; at most 200");
        // application-test.properties caps unzipped size at 5 MB
        assertProblem(upload("big.zip", zip(Map.of("big.geojson", new byte[6 * 1024 * 1024])),
                Map.of("nameField", "NAME", "codeField", "CODE")), "file", "unpacks to more than 5 MB");
        assertThat(checksum()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "notes.txt      | hello                         | file     | must be GeoJSON (.geojson, .json), a zipped shapefile",
        "a.zip          | not a zip                     | file     | is not a zip file",
        "a.geojson      | {\"type\": \"Feat             | file     | GDAL could not read the file",
        "a.geojson      | {\"type\":\"FeatureCollection\",\"features\":[]} | file | The file has no features",
        "a.shp          | x                             | file     | Upload a shapefile as a .zip",
    })
    void unreadableFilesAreRefused(String name, String content, String parameter, String detail) throws Exception {
        assertProblem(upload(name, content.getBytes(StandardCharsets.UTF_8),
                Map.of("nameField", "NAME", "codeField", "CODE")), parameter, detail);
        assertThat(checksum()).isEqualTo(before);
    }

    @Test
    void requestParametersAreChecked() throws Exception {
        byte[] file = SQUARES.getBytes(StandardCharsets.UTF_8);
        assertProblem(upload("s.geojson", file, Map.of("codeField", "CODE")), "nameField", "'nameField' is required");
        assertProblem(upload("s.geojson", file, Map.of("nameField", "NAME", "codeField", "CODE", "country", "KH")),
                "country", "alpha-3");
        assertProblem(upload("s.geojson", file, Map.of("nameField", "NAME", "codeField", "CODE", "colour", "x")),
                "colour", "Unknown parameter 'colour'");
        assertProblem(upload(null, null, Map.of("nameField", "NAME", "codeField", "CODE")), "file", "'file' is required");
        assertThat(checksum()).isEqualTo(before);
    }

    /** Everything about the boundaries and the incidents' provinces, hashed. */
    String checksum() {
        return jdbc.sql("""
                SELECT md5((SELECT string_agg(concat_ws('|', code, name, name_local, country, ST_AsEWKB(geom)::text,
                                                        boundary_set, loaded_at), ',' ORDER BY code) FROM boundary)
                    || (SELECT string_agg(concat_ws('|', id, province, province_source, province_computed), ','
                                          ORDER BY id) FROM incident))""").query(String.class).single();
    }

    Map<String, String> provinces() {
        Map<String, String> provinces = new LinkedHashMap<>();
        jdbc.sql("SELECT external_id, province || ' ' || province_source || ' ' || coalesce(province_computed, 'null') "
                + "FROM incident WHERE external_id LIKE 'f-%'")
                .query((row, n) -> provinces.put(row.getString(1), row.getString(2))).list();
        return provinces;
    }

    static void assertProblem(Api.Response r, String parameter, String detail) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("parameter").asString()).as(r.body()).isEqualTo(parameter);
        assertThat(r.json().get("detail").asString()).contains(detail);
    }

    Api.Response upload(String fileName, byte[] content, Map<String, String> fields) throws Exception {
        return upload(port, fileName, content, fields);
    }

    static Api.Response upload(int port, String fileName, byte[] content, Map<String, String> fields) throws Exception {
        String boundary = "----boundary" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (fileName != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Api api = new Api(port);
        return api.send(api.request("/api/boundaries")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** ZipOutputStream cannot write a symlink: patch the first central directory entry to Unix host, mode 0120777. */
    static byte[] markFirstEntryAsSymlink(byte[] zip) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < zip.length - 4; i++) {
            if (buffer.getInt(i) == 0x02014b50) {
                buffer.put(i + 5, (byte) 3);
                buffer.putInt(i + 38, 0120777 << 16);
                return zip;
            }
        }
        throw new AssertionError("no central directory");
    }

    static void ogr2ogr(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("ogr2ogr"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    static String square(String code, String name, double x0, double y0, double x1, double y1) {
        return feature(code, name, "[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]".formatted(x0, y0, x1, y0, x1, y1, x0,
                y1, x0, y0));
    }

    static String feature(String code, String name, String rings) {
        return "{\"type\":\"Feature\",\"properties\":{\"CODE\":\"" + code + "\",\"NAME\":\"" + name + "\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + rings + "}}";
    }
}
