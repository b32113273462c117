package org.incidentmapper.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.servlet.http.HttpServletResponse;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.audit.AuditLog;
import org.incidentmapper.category.CategoryRepository;
import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.incident.IncidentRepository;
import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.QueryParams;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/export?format=…}: the incidents that {@code GET /api/incidents} would return for the same filter,
 * every one of them, as a file to download. At most {@code mapper.export.max-concurrent} exports run at once on all
 * instances together ({@link ExportSlots}); each
 * works in a temporary directory of its own that is removed however the export ends.
 */
@RestController
class ExportController {

    /** Header naming the shapefile fields cut to the DBF limit in at least one row, comma-separated. */
    static final String TRUNCATED_HEADER = "X-Export-Truncated-Fields";

    private static final Log log = LogFactory.getLog(ExportController.class);
    private static final Set<String> PARAMETERS = IncidentFilter.parametersWith("format", FlatJson.PARAMETER);
    private static final int BUFFER = 1 << 16;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IncidentRepository incidents;
    private final CategoryRepository categories;
    private final Exporter exporter;
    private final ExportProperties settings;
    private final ExportSlots slots;
    private final AuditLog audit;

    ExportController(IncidentRepository incidents, CategoryRepository categories, Exporter exporter,
            ExportProperties settings, AuditLog audit, ExportSlots slots) {
        this.audit = audit;
        this.incidents = incidents;
        this.categories = categories;
        this.exporter = exporter;
        this.settings = settings;
        this.slots = slots;
    }

    @GetMapping("/api/export")
    void export(@RequestParam MultiValueMap<String, String> query, HttpServletResponse response)
            throws IOException, SQLException {
        QueryParams params = QueryParams.of(query, PARAMETERS);
        ExportFormat format = ExportFormat.parse(params.get("format"));
        boolean flat = FlatJson.requested(params);
        if (flat && format != ExportFormat.GEOJSON) {
            throw new BadParameterException(FlatJson.PARAMETER, "'flat' applies to format=geojson only; "
                    + format.key() + " is flat already");
        }
        IncidentFilter filter = IncidentFilter.parse(params, categories.keys(), incidents::isProvinceCode);
        try (ExportSlots.Slot slot = slots.tryAcquire()
                .orElseThrow(() -> new ExportBusyException(settings.maxConcurrent()))) {
            audit.record("export", "incident", null, null, null, JSON.writeValueAsString(
                    Map.of("format", format.key(), "filter", query.toSingleValueMap())));
            String fileName = ExportFileName.of(filter, format, Instant.now());
            if (format == ExportFormat.GEOJSON) {
                start(response, format, fileName);
                try {
                    incidents.writeCollection(filter, flat, response.getOutputStream());
                } catch (UncheckedIOException e) {
                    log.info("Export not fully sent: " + e.getCause());
                }
                return;
            }
            long started = System.nanoTime();
            Path dir = Files.createTempDirectory(Files.createDirectories(settings.tempDir().toAbsolutePath()), "export-");
            try {
                Exporter.Export export = exporter.write(format, filter, dir);
                start(response, format, fileName);
                if (!export.cutFields().isEmpty()) {
                    response.setHeader(TRUNCATED_HEADER, String.join(",", export.cutFields().keySet()));
                }
                long written = System.nanoTime();
                send(format, export, response);
                log.info("Export " + format.key() + ": written in " + (written - started) / 1_000_000 + " ms, sent in "
                        + (System.nanoTime() - written) / 1_000_000 + " ms");
            } finally {
                FileSystemUtils.deleteRecursively(dir);
            }
        }
    }

    private static void start(HttpServletResponse response, ExportFormat format, String fileName) {
        response.setContentType(format.mediaType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName).build().toString());
    }

    private static void send(ExportFormat format, Exporter.Export export, HttpServletResponse response) {
        try {
            if (format == ExportFormat.SHAPEFILE) {
                // the client may read while we compress: nothing of the ZIP is kept on disk or in memory
                try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(response.getOutputStream(), BUFFER))) {
                    zip.setLevel(Deflater.BEST_SPEED);
                    for (Path file : export.files()) {
                        zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
                        Files.copy(file, zip);
                        zip.closeEntry();
                    }
                }
            } else {
                Path file = export.files().get(0);
                response.setContentLengthLong(Files.size(file));
                try (OutputStream out = response.getOutputStream()) {
                    Files.copy(file, out);
                }
            }
        } catch (IOException e) {
            // almost always the client going away mid-download; the finally blocks still clean up
            log.info("Export not fully sent: " + e);
        }
    }

    @ExceptionHandler(ExportBusyException.class)
    ResponseEntity<ProblemDetail> busy(ExportBusyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Too many exports at once");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(settings.retryAfter().toSeconds()))
                .body(problem);
    }

    @ExceptionHandler(ExportFailedException.class)
    ProblemDetail failed(ExportFailedException e) {
        log.error("Export failed: " + e.getMessage(), e.getCause());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The export could not be produced; the error was logged.");
        problem.setTitle("Export failed");
        return problem;
    }
}
