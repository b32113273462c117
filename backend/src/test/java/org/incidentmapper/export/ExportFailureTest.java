package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Exports that go wrong, with a stand-in for ogr2ogr (a script whose behaviour the test picks): a failing
 * conversion, one that outlasts the timeout while another export is refused, a client that leaves mid-download.
 * Whatever happens, the temporary directory ends empty and the export slot is free again.
 */
@MapperIntegrationTest
@TestPropertySource(properties = {"mapper.export.temp-dir=" + ExportFailureTest.TEMP, "mapper.export.max-concurrent=1",
        "mapper.export.timeout=4s", "mapper.export.retry-after=7s"})
class ExportFailureTest {

    static final String TEMP = "target/export-tmp/failure";
    private static Path fake;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void fakeOgr2ogr(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("fake-ogr2ogr");
        fake = dir.resolve("ogr2ogr");
        // called as: ogr2ogr -f DRIVER OUTPUT …; the file "mode" beside it says what to do
        Files.writeString(fake, """
                #!/bin/sh
                here=$(dirname "$0")
                case "$(cat "$here/mode")" in
                  fail) echo "ERROR 1: simulated failure with secret detail" >&2; exit 1 ;;
                  slow) touch "$here/started"; exec sleep 60 ;;
                  big)  head -c 100000000 /dev/zero > "$3"; exit 0 ;;
                esac
                exit 3
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        registry.add("mapper.export.ogr2ogr", fake::toString);
    }

    @AfterEach
    void leavesNoTempFilesAndFreesTheSlot() throws Exception {
        TempDirs.awaitEmpty(Path.of(TEMP));
        mode("fail");
        assertThat(Download.get(port, "/api/export?format=csv").status()).isEqualTo(500);
    }

    @Test
    void failedConversionIs500WithoutItsDetails() throws IOException {
        mode("fail");
        for (String format : new String[] {"csv", "shapefile", "geopackage", "kml"}) {
            Download d = Download.get(port, "/api/export?format=" + format);
            assertThat(d.status()).isEqualTo(500);
            assertThat(d.header("Content-Type")).startsWith("application/problem+json");
            assertThat(d.header("Content-Disposition")).isNull();
            assertThat(d.json().get("title").asString()).isEqualTo("Export failed");
            assertThat(d.text()).doesNotContain("secret").doesNotContain("ogr2ogr");
        }
    }

    @Test
    void beyondTheLimitIs503WithRetryAfterAndTheSlowOneIsKilledAtTheTimeout() throws Exception {
        mode("slow");
        Files.deleteIfExists(fake.resolveSibling("started"));
        CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(
                new org.incidentmapper.Api(port).request("/api/export?format=csv").build(),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(fake.resolveSibling("started"))) {
            assertThat(System.nanoTime()).as("the slow export started").isLessThan(deadline);
            Thread.sleep(50);
        }

        long start = System.nanoTime();
        Download busy = Download.get(port, "/api/export?format=geojson");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.header("Retry-After")).isEqualTo("7");
        assertThat(busy.header("Content-Type")).startsWith("application/problem+json");

        HttpResponse<String> killed = slow.get(30, TimeUnit.SECONDS);
        assertThat(killed.statusCode()).isEqualTo(500);
        assertThat(killed.body()).contains("Export failed");
    }

    @Test
    void clientLeavingMidDownloadLeavesNothingBehind() throws Exception {
        mode("big");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/export?format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                            ("analyst:" + org.incidentmapper.TestAccounts.PASSWORD).getBytes()) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(4096);
            assertThat(new String(head, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
        }
        // the server notices at its next write, then deletes the directory (checked after each test)
    }

    private static void mode(String mode) throws IOException {
        Files.writeString(fake.resolveSibling("mode"), mode);
    }
}
