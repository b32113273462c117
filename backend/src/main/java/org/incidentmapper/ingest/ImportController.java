package org.incidentmapper.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.incidentmapper.audit.AuditLog;
import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/imports} (multipart: {@code file}, optional {@code mode} and {@code format}) answers the import
 * report: 200 when the import was committed, 422 when nothing was (an all-or-nothing import with rejected rows).
 * A file that cannot be used at all (not UTF-8, not CSV or GeoJSON, unknown columns) is a 422 problem.
 * {@code GET /api/imports/{id}} is a kept report, {@code GET /api/imports/{id}/rejected.csv} its rejected rows.
 */
@RestController
class ImportController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Importer importer;
    private final AuditLog audit;

    ImportController(Importer importer, AuditLog audit) {
        this.audit = audit;
        this.importer = importer;
    }

    @PostMapping(path = "/api/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> upload(@RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "mode", defaultValue = "all-or-nothing") String modeKey,
            @RequestParam(name = "format", required = false) String formatKey) throws IOException {
        if (file == null || file.isEmpty()) {
            throw new BadParameterException("file", "'file' is required: the CSV or GeoJSON file to import");
        }
        Importer.Mode mode = Importer.Mode.of(modeKey);
        if (mode == null) {
            throw new BadParameterException("mode", "'mode' must be all-or-nothing or accept-valid");
        }
        Importer.Format format = format(formatKey, file);
        ImportReport report;
        try (InputStream in = file.getInputStream()) {
            report = importer.run(in, format, mode, file.getOriginalFilename());
        } catch (GeoJsonIncidentReader.TooLarge e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
            problem.setTitle("File too large");
            problem.setProperty("parameter", "file");
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
        } catch (UnreadableFile e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
            problem.setTitle("The file cannot be imported");
            problem.setProperty("parameter", "file");
            return ResponseEntity.unprocessableContent().body(problem);
        }
        audit.record("import", "import", String.valueOf(report.id()), null, null, JSON.writeValueAsString(Map.of(
                "fileName", String.valueOf(report.fileName()), "mode", report.mode(), "committed", report.committed(),
                "accepted", report.accepted(), "rejected", report.rejected(), "created", report.created(),
                "updated", report.updated())));
        return ResponseEntity.status(report.committed() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT)
                .body(report);
    }

    @GetMapping(path = "/api/imports/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    String report(@PathVariable long id) {
        return importer.report(id).orElseThrow(() -> new NotFoundException("No import has id " + id));
    }

    @GetMapping("/api/imports/{id}/rejected.csv")
    ResponseEntity<byte[]> rejected(@PathVariable long id) {
        String csv = importer.rejectedCsv(id).orElseThrow(() -> new NotFoundException("No import has id " + id));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"import-" + id + "-rejected.csv\"")
                .body(csv.getBytes(StandardCharsets.UTF_8));
    }

    @ExceptionHandler(Importer.Interrupted.class)
    ResponseEntity<ProblemDetail> interrupted(Importer.Interrupted e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Import interrupted");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
    }

    /** The format asked for, else by file name, else by content type, else by the first byte. */
    private static Importer.Format format(String key, MultipartFile file) throws IOException {
        if (key != null) {
            return switch (key) {
                case "csv" -> Importer.Format.CSV;
                case "geojson" -> Importer.Format.GEOJSON;
                default -> throw new BadParameterException("format", "'format' must be csv or geojson");
            };
        }
        String name = String.valueOf(file.getOriginalFilename()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            return Importer.Format.CSV;
        }
        if (name.endsWith(".geojson") || name.endsWith(".json")) {
            return Importer.Format.GEOJSON;
        }
        String type = String.valueOf(file.getContentType());
        if (type.contains("json")) {
            return Importer.Format.GEOJSON;
        }
        if (type.contains("csv")) {
            return Importer.Format.CSV;
        }
        try (InputStream in = file.getInputStream()) {
            byte[] start = in.readNBytes(64);
            String text = new String(start, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
            return text.startsWith("{") ? Importer.Format.GEOJSON : Importer.Format.CSV;
        }
    }
}
