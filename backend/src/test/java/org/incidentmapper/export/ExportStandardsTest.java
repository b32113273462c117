package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;

import tools.jackson.databind.JsonNode;

/**
 * The standards every output keeps, each checked by the tool that defines it: RFC 7946's right-hand rule on every
 * GeoJSON (and the KML, GeoPackage and CSV geometry) for a polygon and a province stored clockwise; {@code flat=true}
 * GeoJSON that GDAL writes to GeoPackage and shapefile with every field; KML valid against the OGC KML 2.2 schema
 * with TimeStamp/TimeSpan; a GeoPackage that GDAL's validate_gpkg.py accepts, with fid = incident id and its sources
 * as a related table; CSV with a point inside each geometry; every export carrying every field.
 */
@WriteIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportStandardsTest {

    /** Exterior clockwise, hole counter-clockwise: both the wrong way for RFC 7946. */
    static final String CLOCKWISE = "POLYGON((103.5 10.6, 103.5 10.7, 103.6 10.7, 103.6 10.6, 103.5 10.6), "
            + "(103.52 10.62, 103.54 10.62, 103.54 10.64, 103.52 10.64, 103.52 10.62))";
    /** A province at sea, stored clockwise, so it touches no fixture. */
    static final String CLOCKWISE_PROVINCE = "MULTIPOLYGON(((100 0, 100 1, 101 1, 101 0, 100 0)))";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;
    long id;

    @BeforeAll
    void insertClockwiseShapes() {
        api = new Api(port);
        id = jdbc.sql("""
                INSERT INTO incident (external_id, category, title, description, start_date, end_date, date_precision,
                    geom, location_name, location_precision, country, status, sensitive, victims_count,
                    victim_nationalities)
                VALUES ('cw-precinct', 'compound', 'Clockwise precinct', 'entered clockwise', '2025-03-01',
                    '2025-03-31', 'day', ST_GeomFromText(:wkt, 4326), 'Clockwise test site', 'exact', 'KHM',
                    'verified', false, 12, '{CHN,VNM}')
                RETURNING id""").param("wkt", CLOCKWISE).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO incident_source (incident_id, position, outlet, url, published_date, language)
                VALUES (:id, 1, 'Daily Clock', 'https://example.org/cw', '2025-04-01', 'en'),
                       (:id, 2, 'Weekly Clock', NULL, NULL, 'km')""").param("id", id).update();
        jdbc.sql("""
                INSERT INTO boundary (code, name, country, geom, boundary_set)
                VALUES ('ZZ-CW', 'Clockwise sea', NULL, ST_GeomFromText(:wkt, 4326),
                        (SELECT min(boundary_set) FROM boundary))""").param("wkt", CLOCKWISE_PROVINCE).update();
        // the premise: both are stored clockwise
        assertThat(jdbc.sql("SELECT ST_IsPolygonCW(geom) FROM incident WHERE id = :id").param("id", id)
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT ST_IsPolygonCW(geom) FROM boundary WHERE code = 'ZZ-CW'")
                .query(Boolean.class).single()).isTrue();
    }

    @AfterAll
    void removeThem() {
        jdbc.sql("DELETE FROM incident WHERE external_id = 'cw-precinct'").update();
        jdbc.sql("DELETE FROM boundary WHERE code = 'ZZ-CW'").update();
    }

    // ---- RFC 7946 §3.1.6 -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/api/incidents?q=Clockwise", "/api/incidents?q=Clockwise&flat=true", "/api/incidents/{id}",
        "/api/incidents/{id}?flat=true", "/api/export?format=geojson&q=Clockwise", "/api/provinces?province=ZZ-CW",
        "/api/provinces?province=ZZ-CW&flat=true", "/api/provinces?province=ZZ-CW&simplify=0.01",
        "/api/incidents?bbox=103,10,104,11", "/api/incidents?q=Clockwise&view=map", "/api/provinces",
    })
    void everyGeoJsonOutputFollowsTheRightHandRule(String path) {
        Api.Response r = api.get(path.replace("{id}", Long.toString(id)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        List<JsonNode> features = new ArrayList<>();
        if (body.has("features")) {
            body.get("features").values().forEach(features::add);
        } else {
            features.add(body);
        }
        int rings = 0;
        for (JsonNode feature : features) {
            assertThat(Winding.violations(feature.get("geometry"))).as("feature " + feature.get("id")).isEmpty();
            rings += Winding.rings(feature.get("geometry"));
        }
        assertThat(rings).as("rings checked").isPositive();
    }

    @Test
    void theWindingCheckCatchesAClockwisePolygon() {
        JsonNode clockwise = tools.jackson.databind.json.JsonMapper.builder().build().readTree(
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}");
        assertThat(Winding.violations(clockwise)).containsExactly("exterior ring is clockwise");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kml", "geopackage", "csv"})
    void exportedPolygonsAreCounterClockwiseWithClockwiseHoles(String format, @TempDir Path dir) throws Exception {
        Path file = download("/api/export?format=" + format + "&q=Clockwise", dir.resolve("export." + extension(format)));
        List<Polygon> polygons = new ArrayList<>();
        if (format.equals("kml")) {
            polygons.addAll(kmlPolygons(file));
        } else {
            Matcher wkt = Pattern.compile("(?m)^\\s*((?:MULTI)?POLYGON \\(.*\\))\\s*$").matcher(Gdal.ogrinfo(file));
            while (wkt.find()) {
                Geometry g = new WKTReader().read(wkt.group(1));
                for (int n = 0; n < g.getNumGeometries(); n++) {
                    polygons.add((Polygon) g.getGeometryN(n));
                }
            }
        }
        assertThat(polygons).hasSize(1);
        Polygon polygon = polygons.get(0);
        assertThat(polygon.getNumInteriorRing()).isEqualTo(1);
        assertThat(Orientation.isCCW(polygon.getExteriorRing().getCoordinates())).as("exterior CCW").isTrue();
        assertThat(Orientation.isCCW(polygon.getInteriorRingN(0).getCoordinates())).as("hole CCW").isFalse();
    }

    // ---- flat=true -------------------------------------------------------------------------------------------

    @Test
    void flatIncidentsHaveOnlyScalarsJoinedAndNumbered() {
        JsonNode flat = api.get("/api/incidents?flat=true").json();
        assertThat(flat.get("features").size()).isEqualTo(api.externalIds("").size());
        JsonNode precinct = null;
        for (JsonNode feature : flat.get("features").values()) {
            assertOnlyScalars(feature.get("properties"), "feature " + feature.get("id"));
            assertThat(feature.get("properties").get("id")).isEqualTo(feature.get("id"));
            if (feature.get("id").asLong() == id) {
                precinct = feature.get("properties");
            }
        }
        assertThat(precinct).isNotNull();
        assertThat(precinct.get("victimNationalities").asString()).isEqualTo("CHN;VNM");
        assertThat(precinct.get("sources_count").asInt()).isEqualTo(2);
        assertThat(precinct.get("sources_outlet").asString()).isEqualTo("Daily Clock | Weekly Clock");
        assertThat(precinct.get("sources_url").asString()).isEqualTo("https://example.org/cw | ");
        assertThat(precinct.get("sources_publishedDate").asString()).isEqualTo("2025-04-01 | ");
        assertThat(precinct.get("sources_language").asString()).isEqualTo("en | km");
        assertThat(precinct.get("sensitive").asBoolean()).isFalse();
        assertThat(precinct.get("provinceSource").asString()).isEqualTo("computed");
        assertThat(precinct.get("outsideBoundaries").asBoolean()).isFalse();

        JsonNode one = api.get("/api/incidents/" + id + "?flat=true").json();
        assertOnlyScalars(one.get("properties"), "single feature");
        assertThat(one.get("properties")).isEqualTo(precinct);
        // an incident without sources still says how many it has
        JsonNode border = api.get("/api/incidents?q=Border%20casino&flat=true").json().get("features").get(0);
        assertThat(border.get("properties").get("sources_count").asInt()).isZero();
        assertThat(border.get("properties").get("victimNationalities").isNull()).isTrue();
    }

    @Test
    void flatProvincesTimelineAndSpreadHaveOnlyScalars() {
        JsonNode provinces = api.get("/api/provinces?flat=true&geometry=false").json();
        JsonNode nested = api.get("/api/provinces?geometry=false").json();
        int categoryColumns = 0;
        for (int n = 0; n < provinces.get("features").size(); n++) {
            JsonNode flat = provinces.get("features").get(n).get("properties");
            assertOnlyScalars(flat, "province " + flat.get("code"));
            // one column per category, the nested object's count
            for (Map.Entry<String, JsonNode> count : nested.get("features").get(n).get("properties").get("categories")
                    .properties()) {
                assertThat(flat.get("categories_" + count.getKey())).isEqualTo(count.getValue());
                categoryColumns++;
            }
        }
        assertThat(categoryColumns).isPositive();

        JsonNode timeline = api.get("/api/provinces/timeline?flat=true&interval=year").json();
        assertThat(timeline.get("periods").size()).isPositive();
        boolean counted = false;
        for (JsonNode period : timeline.get("periods").values()) {
            assertOnlyScalars(period, "period " + period.get("start"));
            counted |= period.has("counts_KH-18");
        }
        assertThat(counted).isTrue();

        JsonNode spread = api.get("/api/provinces/spread?flat=true").json();
        assertThat(spread.size()).isPositive();
        for (JsonNode province : spread.values()) {
            assertOnlyScalars(province, "province " + province.get("code"));
            assertThat(province.get("firstIncident_id").isNumber()).isTrue();
        }
    }

    /** What QGIS fails on (list and JSON fields) is what GDAL reports; flat GeoJSON has none and saves to both. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/incidents", "/api/provinces", "/api/export?format=geojson"})
    void flatGeoJsonSavesToGeoPackageAndShapefileWithEveryField(String path, @TempDir Path dir) throws IOException {
        String nested = Gdal.ogrinfo(download(path, dir.resolve("nested.geojson")));
        assertThat(nested).containsPattern(": (StringList|String\\(JSON\\))");

        Path flatFile = download(path + (path.contains("?") ? "&" : "?") + "flat=true", dir.resolve("flat.geojson"));
        String flat = Gdal.ogrinfo(flatFile);
        assertThat(flat).doesNotContainPattern(": \\w*List").doesNotContain("(JSON)");
        List<String> fields = fieldNames(flat);
        assertThat(fields).contains(!path.contains("provinces")
                ? new String[] {"victimNationalities", "sources_count", "sources_outlet", "sensitive", "provinceSource",
                    "outsideBoundaries"}
                : new String[] {"code", "count", "categories_compound", "withheld"});

        Path gpkg = dir.resolve("flat.gpkg");
        Gdal.run("ogr2ogr", "-f", "GPKG", gpkg.toString(), flatFile.toString());
        String saved = Gdal.ogrinfo(gpkg);
        assertThat(fieldNames(saved)).containsAll(fields.stream().filter(f -> !f.equals("id")).toList());
        assertThat(Gdal.featureCounts(saved).values()).containsExactlyElementsOf(Gdal.featureCounts(flat).values());

        // the attributes alone (-nlt NONE: a .dbf), as one shapefile holds one geometry type
        Path shp = Files.createDirectory(dir.resolve("shp"));
        Gdal.run("ogr2ogr", "-f", "ESRI Shapefile", shp.toString(), flatFile.toString(), "-nlt", "NONE",
                "-lco", "ENCODING=UTF-8");
        // a DBF cuts names to 10 characters and makes them unique; every field still arrives
        String shapefiles = Gdal.ogrinfo(shp);
        int perLayer = fieldNames(shapefiles).size() / Math.max(1, Gdal.featureCounts(shapefiles).size());
        assertThat(perLayer).isGreaterThanOrEqualTo(fields.size());
    }

    /** QGIS 3.22 itself (Debian qgis): it refuses to save the nested GeoJSON and saves the flat one whole. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/incidents", "/api/provinces"})
    void qgisSavesFlatGeoJsonButNotNested(String path, @TempDir Path dir) throws Exception {
        Path nested = download(path, dir.resolve("nested.geojson"));
        Qgis refused = Qgis.run("native:savefeatures", "--INPUT=" + nested, "--OUTPUT=" + dir.resolve("nested.gpkg"));
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("Unsupported type for field");

        Path flat = download(path + "?flat=true", dir.resolve("flat.geojson"));
        Path saved = dir.resolve("flat.gpkg");
        Qgis done = Qgis.run("native:savefeatures", "--INPUT=" + flat, "--OUTPUT=" + saved);
        assertThat(done.exit()).as(done.output()).isZero();
        String source = Gdal.ogrinfo(flat);
        String written = Gdal.ogrinfo(saved);
        assertThat(fieldNames(written)).containsAll(fieldNames(source));
        assertThat(Gdal.featureCounts(written).values()).containsExactlyElementsOf(Gdal.featureCounts(source).values());
    }

    /** One run of {@code qgis_process.bin run algorithm arguments…}, headless. */
    private record Qgis(int exit, String output) {

        static Qgis run(String algorithm, String... arguments) throws Exception {
            List<String> command = new ArrayList<>(List.of("qgis_process.bin", "run", algorithm));
            command.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("QT_QPA_PLATFORM", "offscreen");
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Qgis(p.waitFor(), out);
        }
    }

    @Test
    void flatMustBeTrueOrFalse() {
        for (String path : List.of("/api/incidents?flat=yes", "/api/incidents/" + id + "?flat=1",
                "/api/provinces?flat=TRUE", "/api/provinces/timeline?flat=1", "/api/provinces/spread?flat=no",
                "/api/export?format=csv&flat=true", "/api/export?format=geojson&flat=on")) {
            Api.Response r = api.get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.json().get("parameter").asString()).as(path).isEqualTo("flat");
        }
    }

    // ---- KML -------------------------------------------------------------------------------------------------

    @Test
    void kmlIsValidOgcKml22WithTimesAndANamedDocument(@TempDir Path dir) throws Exception {
        Path file = download("/api/export?format=kml", dir.resolve("export.kml"));
        List<String> errors = validateKml(file);
        assertThat(errors).isEmpty();

        Document kml = parse(file);
        Element document = (Element) kml.getDocumentElement().getElementsByTagName("Document").item(0);
        assertThat(child(document, "name")).isEqualTo("incidents");
        assertThat(Files.readString(file)).doesNotContain("sql_statement");

        Map<String, Element> byTitle = new HashMap<>();
        NodeList placemarks = kml.getElementsByTagName("Placemark");
        for (int n = 0; n < placemarks.getLength(); n++) {
            Element p = (Element) placemarks.item(n);
            byTitle.put(child(p, "name"), p);
        }
        // a one-day raid: a TimeStamp
        Element raid = byTitle.get("=HYPERLINK(\"https://example.org/raid\",\"Raid on one day\")");
        assertThat(raid.getElementsByTagName("TimeSpan").getLength()).isZero();
        assertThat(child((Element) raid.getElementsByTagName("TimeStamp").item(0), "when")).isEqualTo("2022-02-20");
        // a month: a TimeSpan
        Element span = (Element) byTitle.get("Clockwise precinct").getElementsByTagName("TimeSpan").item(0);
        assertThat(child(span, "begin")).isEqualTo("2025-03-01");
        assertThat(child(span, "end")).isEqualTo("2025-03-31");
        // still running: a TimeSpan without end
        Element open = (Element) byTitle.get("Open compound").getElementsByTagName("TimeSpan").item(0);
        assertThat(child(open, "begin")).isEqualTo("2021-03-01");
        assertThat(open.getElementsByTagName("end").getLength()).isZero();
    }

    @Test
    void theKmlSchemaCheckRefusesAnInvalidDocument(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.kml"), """
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><TimeSpan><start>2020</start>
                </TimeSpan></Placemark></Document></kml>""");
        assertThat(validateKml(bad)).isNotEmpty();
    }

    // ---- GeoPackage ------------------------------------------------------------------------------------------

    @Test
    void geopackagePassesValidateGpkgWithFidIdAndRelatedSources(@TempDir Path dir) throws Exception {
        Path file = download("/api/export?format=geopackage", dir.resolve("export.gpkg"));
        String validation = Gdal.run(Gdal.PYTHON, Gdal.VALIDATE_GPKG, file.toString());
        assertThat(validation).doesNotContainIgnoringCase("error");

        // fid = incident id
        String report = Gdal.ogrinfo(file);
        assertThat(report).contains("FID Column = id");
        Map<String, String> externalByFid = new HashMap<>();
        Matcher m = Pattern.compile("OGRFeature\\(incidents\\):(\\d+)\\n  external_id \\(String\\) = (.*)")
                .matcher(report);
        while (m.find()) {
            externalByFid.put(m.group(1), m.group(2));
        }
        Map<String, String> externalById = new HashMap<>();
        for (JsonNode feature : api.get("/api/incidents").json().get("features").values()) {
            JsonNode external = feature.get("properties").get("externalId");
            externalById.put(feature.get("id").asString(), external.isNull() ? "(null)" : external.asString());
        }
        assertThat(externalByFid).isEqualTo(externalById).containsEntry(Long.toString(id), "cw-precinct");

        // GDAL itself reads the sources as a relationship of the incidents
        String relation = Gdal.run(Gdal.PYTHON, "-c", """
                import sys
                from osgeo import gdal
                ds = gdal.OpenEx(sys.argv[1], gdal.OF_VECTOR)
                for name in ds.GetRelationshipNames() or []:
                    r = ds.GetRelationship(name)
                    print(r.GetLeftTableName(), r.GetLeftTableFields(), r.GetRightTableName(), r.GetRightTableFields(),
                          r.GetMappingTableName(), r.GetRelatedTableType())
                """, file.toString());
        assertThat(relation.strip()).isEqualTo(
                "incidents ['id'] incident_sources ['fid'] incidents_incident_sources attributes");
        // each mapping row joins an incident to one of its own sources, and every source is mapped
        String joined = Gdal.run("ogrinfo", "-ro", file.toString(), "-sql", """
                SELECT count(*) AS mapped, sum(s.incident_id = m.base_id) AS own,
                       (SELECT count(*) FROM incident_sources) AS sources
                FROM incidents_incident_sources m JOIN incident_sources s ON s.fid = m.related_id""");
        int sources = jdbc.sql("SELECT count(*) FROM incident_source").query(Integer.class).single();
        assertThat(joined).containsPattern("mapped \\(\\w+\\) = " + sources + "\n")
                .containsPattern("own \\(\\w+\\) = " + sources + "\n")
                .containsPattern("sources \\(\\w+\\) = " + sources + "\n");
    }

    @Test
    void theGeoPackageValidatorCatchesABrokenRelation(@TempDir Path dir) throws Exception {
        Path file = download("/api/export?format=geopackage", dir.resolve("export.gpkg"));
        Gdal.run("ogrinfo", file.toString(), "-sql", "DELETE FROM gpkg_extensions WHERE table_name = '"
                + GeoPackageRelations.MAPPING + "'");
        Process p = new ProcessBuilder(Gdal.PYTHON, Gdal.VALIDATE_GPKG, file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isNotZero();
        assertThat(out).contains("GPKGCheckException", "related_tables");
    }

    // ---- CSV -------------------------------------------------------------------------------------------------

    @Test
    void csvLonLatIsAPointInsideEachGeometry(@TempDir Path dir) throws Exception {
        Path file = download("/api/export?format=csv", dir.resolve("export.csv"));
        String report = Gdal.ogrinfo(file);
        List<String> wkt = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^  WKT \\(String\\) = (.*)$").matcher(report);
        while (m.find()) {
            wkt.add(m.group(1));
        }
        List<String> lon = Gdal.values(report, "lon");
        List<String> lat = Gdal.values(report, "lat");
        assertThat(wkt).hasSize(api.externalIds("").size()).hasSameSizeAs(lon).hasSameSizeAs(lat);
        assertThat(wkt).anyMatch(w -> w.startsWith("POLYGON")).anyMatch(w -> w.startsWith("POINT"));
        WKTReader reader = new WKTReader();
        for (int n = 0; n < wkt.size(); n++) {
            Geometry geometry = reader.read(wkt.get(n));
            Geometry point = reader.read("POINT (" + lon.get(n) + " " + lat.get(n) + ")");
            assertThat(geometry.covers(point)).as(wkt.get(n) + " covers " + point).isTrue();
        }
    }

    // ---- every field in every export -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shapefile", "geopackage", "kml", "csv"})
    void everyExportCarriesEveryField(String format, @TempDir Path dir) throws Exception {
        Path file = format.equals("shapefile") ? dir : download("/api/export?format=" + format + "&q=Clockwise",
                dir.resolve("export." + extension(format)));
        if (format.equals("shapefile")) {
            Gdal.unzip(Download.get(port, "/api/export?format=shapefile&q=Clockwise").body(), dir);
        }
        String report = Gdal.ogrinfo(file);
        for (ExportSql.Column c : ExportSql.COLUMNS) {
            String name = format.equals("shapefile") ? c.shapefile() : c.name();
            if (format.equals("geopackage") && (!c.geopackage() || name.equals("id"))) {
                continue; // sources are the related table; id is the fid
            }
            assertThat(report).as(format + " " + name).containsPattern("(?m)^" + Pattern.quote(name) + ": ");
        }
        boolean dbf = format.equals("shapefile");
        Map<String, String> names = new HashMap<>();
        ExportSql.COLUMNS.forEach(c -> names.put(c.name(), dbf ? c.shapefile() : c.name()));
        assertThat(values(report, names.get("province_source"))).containsExactly("computed");
        assertThat(values(report, names.get("sensitive"))).containsExactly(truth(format, false));
        assertThat(values(report, names.get("outside_boundaries"))).containsExactly(truth(format, false));
    }

    /** How {@code value} reads back from {@code format}: booleans are 1/0 in DBF and GeoPackage, text elsewhere. */
    private static String truth(String format, boolean value) {
        return format.equals("shapefile") || format.equals("geopackage") ? (value ? "1" : "0") : Boolean.toString(value);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Path download(String path, Path file) throws IOException {
        Download d = Download.get(port, path);
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        Files.createDirectories(file.getParent());
        return Files.write(file, d.body());
    }

    private static String extension(String format) {
        return switch (format) {
            case "geopackage" -> "gpkg";
            default -> format;
        };
    }

    private static void assertOnlyScalars(JsonNode object, String what) {
        assertThat(object.isObject()).as(what).isTrue();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            assertThat(e.getValue().isArray() || e.getValue().isObject()).as(what + " " + e.getKey()).isFalse();
        }
    }

    /** Every value of {@code field} in an ogrinfo report, whatever its type, e.g. {@code (Integer(Boolean))}. */
    private static List<String> values(String report, String field) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(field) + " \\([\\w()]+\\) = (.*)$").matcher(report);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    /** The field names of every layer in an ogrinfo report, in order. */
    private static List<String> fieldNames(String report) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^(\\S[^:\\n]*): (Integer|Integer64|Real|String|Date|DateTime|Time)\\S* \\(")
                .matcher(report);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Problems the OGC KML 2.2 schema finds in {@code file} (ogc-schemas jar; no schema is fetched online). */
    private static List<String> validateKml(Path file) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "jar,file");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        // the schema imports xAL by its OASIS address; the jar holds that file under the address's path
        factory.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
            if ("http://docs.oasis-open.org/election/external/xAL.xsd".equals(systemId)) {
                return new LocalInput(systemId, ExportStandardsTest.class.getResource("/oasis/election/external/xAL.xsd"));
            }
            return null;
        });
        Schema schema = factory.newSchema(ExportStandardsTest.class.getResource("/ogc/kml/2.2.0/ogckml22.xsd"));
        javax.xml.validation.Validator validator = schema.newValidator();
        List<String> errors = new ArrayList<>();
        validator.setErrorHandler(new org.xml.sax.ErrorHandler() {
            public void warning(SAXParseException e) {
            }

            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ": " + e.getMessage());
            }

            public void fatalError(SAXParseException e) {
                errors.add(e.getLineNumber() + ": " + e.getMessage());
            }
        });
        validator.validate(new StreamSource(file.toFile()));
        return errors;
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    /** The text of {@code parent}'s first direct child named {@code name}, or null. */
    private static String child(Element parent, String name) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    private static List<Polygon> kmlPolygons(Path file) throws Exception {
        List<Polygon> polygons = new ArrayList<>();
        NodeList nodes = parse(file).getElementsByTagName("Polygon");
        org.locationtech.jts.geom.GeometryFactory geometries = new org.locationtech.jts.geom.GeometryFactory();
        for (int n = 0; n < nodes.getLength(); n++) {
            Element polygon = (Element) nodes.item(n);
            org.locationtech.jts.geom.LinearRing shell = ring(geometries,
                    (Element) polygon.getElementsByTagName("outerBoundaryIs").item(0));
            NodeList inner = polygon.getElementsByTagName("innerBoundaryIs");
            org.locationtech.jts.geom.LinearRing[] holes = new org.locationtech.jts.geom.LinearRing[inner.getLength()];
            for (int h = 0; h < holes.length; h++) {
                holes[h] = ring(geometries, (Element) inner.item(h));
            }
            polygons.add(geometries.createPolygon(shell, holes));
        }
        return polygons;
    }

    private static org.locationtech.jts.geom.LinearRing ring(org.locationtech.jts.geom.GeometryFactory geometries,
            Element boundary) {
        String[] tuples = boundary.getElementsByTagName("coordinates").item(0).getTextContent().strip().split("\\s+");
        org.locationtech.jts.geom.Coordinate[] coordinates = new org.locationtech.jts.geom.Coordinate[tuples.length];
        for (int k = 0; k < tuples.length; k++) {
            String[] xy = tuples[k].split(",");
            coordinates[k] = new org.locationtech.jts.geom.Coordinate(Double.parseDouble(xy[0]), Double.parseDouble(xy[1]));
        }
        return geometries.createLinearRing(coordinates);
    }

    /** A schema document read from the classpath, for the validator's resource resolver. */
    private record LocalInput(String systemId, java.net.URL url) implements org.w3c.dom.ls.LSInput {
        public java.io.Reader getCharacterStream() {
            return null;
        }

        public void setCharacterStream(java.io.Reader r) {
        }

        public java.io.InputStream getByteStream() {
            try {
                return url.openStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public void setByteStream(java.io.InputStream s) {
        }

        public String getStringData() {
            return null;
        }

        public void setStringData(String s) {
        }

        public String getSystemId() {
            return systemId;
        }

        public void setSystemId(String s) {
        }

        public String getPublicId() {
            return null;
        }

        public void setPublicId(String s) {
        }

        public String getBaseURI() {
            return null;
        }

        public void setBaseURI(String s) {
        }

        public String getEncoding() {
            return null;
        }

        public void setEncoding(String s) {
        }

        public boolean getCertifiedText() {
            return false;
        }

        public void setCertifiedText(boolean b) {
        }
    }
}
