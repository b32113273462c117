package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;
import static org.incidentmapper.province.BoundaryImportTest.zip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The attacks of issue 9 on {@code POST /api/boundaries}, as an analyst would send them: a GDAL VRT whose source is
 * the app's own database ({@code PG:}, with the real password even) running SQL, or a {@code /vsicurl/} URL, disguised
 * as GeoJSON, as a shapefile, as a GeoPackage, inside a zip. Each is a 400 problem+json, and nothing ran: the accounts,
 * the audit trail and the boundaries are unchanged, no marker file exists, and no connection reached the listener
 * that stands in for the database and the web.
 */
@MapperIntegrationTest
class BoundaryUploadAttackTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Value("${spring.datasource.url}")
    String jdbcUrl;
    @Value("${spring.datasource.password}")
    String password;
    @TempDir
    Path dir;

    ServerSocket listener;
    final AtomicInteger connections = new AtomicInteger();
    Path marker;
    String before;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
        marker = Path.of(System.getProperty("java.io.tmpdir"), "mapper-attack-" + ProcessHandle.current().pid());
        Files.deleteIfExists(marker);
        before = state();
    }

    @AfterEach
    void nothingRan() throws IOException {
        assertThat(state()).isEqualTo(before);
        assertThat(marker).doesNotExist();
        listener.close();
        assertThat(connections.get()).as("connections to the stand-in database/web server").isZero();
    }

    /** The app's own database, with its real password in the connection string, running the attacker's SQL. */
    String vrtOnTheDatabase() {
        String dbPort = jdbcUrl.replaceAll(".*:(\\d+)/.*", "$1");
        String db = jdbcUrl.replaceAll(".*/([^/?]+).*", "$1");
        return """
                <OGRVRTDataSource><OGRVRTLayer name="x">
                <SrcDataSource>PG:host=127.0.0.1 port=%s dbname=%s user=mapper_app password=%s</SrcDataSource>
                <SrcSQL>UPDATE account SET role = 'admin' WHERE username = 'viewer' RETURNING 1</SrcSQL>
                </OGRVRTLayer><OGRVRTLayer name="y">
                <SrcDataSource>PG:host=127.0.0.1 port=%s dbname=%s user=mapper_app password=%s</SrcDataSource>
                <SrcSQL>COPY (SELECT 1) TO PROGRAM 'touch %s'</SrcSQL>
                </OGRVRTLayer></OGRVRTDataSource>
                """.formatted(dbPort, db, password, dbPort, db, password, marker);
    }

    /** A VRT whose sources are the listener: one as a database, one as a web server. */
    String vrtOnTheListener() {
        return """
                <OGRVRTDataSource>
                <OGRVRTLayer name="a"><SrcDataSource>PG:host=127.0.0.1 port=%d dbname=x user=x</SrcDataSource></OGRVRTLayer>
                <OGRVRTLayer name="b"><SrcDataSource>/vsicurl/http://127.0.0.1:%d/b.geojson</SrcDataSource></OGRVRTLayer>
                </OGRVRTDataSource>
                """.formatted(listener.getLocalPort(), listener.getLocalPort());
    }

    @ParameterizedTest(name = "VRT on the database named {0}")
    @ValueSource(strings = {"adm1.geojson", "adm1.json", "adm1.gpkg"})
    void vrtOnTheDatabaseUnderAnyNameIsRefused(String name) throws Exception {
        assertRefused(upload(name, vrtOnTheDatabase().getBytes(StandardCharsets.UTF_8)));
        assertRefused(upload(name, vrtOnTheListener().getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "VRT inside a zip as {0}")
    @ValueSource(strings = {"adm1.geojson", "adm1.json", "nested/adm1.gpkg"})
    void vrtInsideAZipIsRefused(String entry) throws Exception {
        assertRefused(upload("adm1.zip", zip(Map.of(entry, vrtOnTheDatabase().getBytes(StandardCharsets.UTF_8)))));
        assertRefused(upload("adm1.zip", zip(Map.of(entry, vrtOnTheListener().getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void shapefileThatIsReallySomethingElseIsRefused() throws Exception {
        for (String content : new String[] {vrtOnTheDatabase(), vrtOnTheListener(), BoundaryImportTest.SQUARES}) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("adm1.shp", content.getBytes(StandardCharsets.UTF_8));
            entries.put("adm1.shx", content.getBytes(StandardCharsets.UTF_8));
            entries.put("adm1.dbf", content.getBytes(StandardCharsets.UTF_8));
            entries.put("adm1.prj", "GEOGCS[\"WGS 84\"]".getBytes(StandardCharsets.UTF_8));
            Api.Response r = upload("adm1.zip", zip(entries));
            assertRefused(r);
            assertThat(r.json().get("detail").asString()).contains("is not a shapefile");
        }
    }

    @Test
    void geoJsonNamingAVsiPathIsRefused() throws Exception {
        String file = BoundaryImportTest.collection(BoundaryImportTest.feature("T-A",
                "/vsicurl/http://127.0.0.1:" + listener.getLocalPort() + "/x", "[[[0,0],[1,0],[1,1],[0,0]]]"));
        Api.Response r = upload("a.geojson", file.getBytes(StandardCharsets.UTF_8));
        assertRefused(r);
        assertThat(r.json().get("detail").asString()).contains("refers to another data source");
    }

    /**
     * A GeoJSON {@code crs} of type link makes GDAL fetch the URL; the dead proxy stops it. (The file then fails for
     * a missing name, after GDAL has read it, so the boundaries stay.)
     */
    @Test
    void crsLinkDoesNotReachTheNetwork() throws Exception {
        String file = """
                {"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"http://127.0.0.1:%d/crs.wkt",
                 "type":"ogcwkt"}},"features":[{"type":"Feature","properties":{"CODE":"T-A"},"geometry":
                 {"type":"Polygon","coordinates":[[[104.5,11.5],[105.5,11.5],[105.5,12.5],[104.5,11.5]]]}}]}"""
                .formatted(listener.getLocalPort());
        Api.Response r = upload("a.geojson", file.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("no field 'NAME'");
        assertThat(connections.get()).isZero();
    }

    void assertRefused(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("parameter").asString()).isEqualTo("file");
        assertThat(state()).isEqualTo(before);
    }

    /**
     * Accounts and roles, the audit trail (but for the record of each refused upload, which the controller writes on
     * purpose), and the boundaries, hashed.
     */
    String state() {
        return jdbc.sql("""
                SELECT md5((SELECT string_agg(username || ':' || role || ':' || enabled, ',' ORDER BY username) FROM account)
                    || (SELECT count(*) FROM audit_event WHERE action <> 'replace-refused')::text
                    || (SELECT coalesce(max(id), 0) FROM audit_event WHERE action <> 'replace-refused')::text
                    || (SELECT string_agg(concat_ws('|', code, name, ST_AsEWKB(geom)::text, boundary_set), ','
                                          ORDER BY code) FROM boundary))""").query(String.class).single();
    }

    Api.Response upload(String fileName, byte[] content) throws Exception {
        return BoundaryImportTest.upload(port, fileName, content, Map.of("nameField", "NAME", "codeField", "CODE"));
    }
}
