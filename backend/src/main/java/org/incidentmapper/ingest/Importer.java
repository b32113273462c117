package org.incidentmapper.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.incidentmapper.gazetteer.Candidate;
import org.incidentmapper.gazetteer.Geocoder;
import org.incidentmapper.incident.IncidentInput;
import org.incidentmapper.incident.IncidentRecord;
import org.incidentmapper.incident.IncidentWriter;
import org.incidentmapper.incident.RecordError;
import org.incidentmapper.incident.RecordValidator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a CSV or GeoJSON file in one transaction: every row is made into a record by {@link IncidentInput} (the
 * rules of the edit API), valid rows are written {@code batch-size} at a time by {@link IncidentWriter}, and a
 * report says what happened to each row. All-or-nothing (the default) commits nothing once any row is rejected
 * (it stops writing at the first rejected row and goes on validating, so the report lists every problem);
 * accept-valid commits the valid rows. Either way, a failure of the database half-way commits nothing.
 * The report is kept in {@code import_report}, whichever way the import went.
 */
@Component
public class Importer {

    /** How rejected rows affect the others. */
    public enum Mode {
        ALL_OR_NOTHING("all-or-nothing"), ACCEPT_VALID("accept-valid");

        final String key;

        Mode(String key) {
            this.key = key;
        }

        static Mode of(String key) {
            for (Mode mode : values()) {
                if (mode.key.equals(key)) {
                    return mode;
                }
            }
            return null;
        }
    }

    /** Import file formats. */
    public enum Format { CSV, GEOJSON }

    /** The database failed during the import; its transaction was rolled back. */
    public static final class Interrupted extends RuntimeException {
        Interrupted(Throwable cause) {
            super("The import was interrupted by a database failure; nothing of it was committed. Try again.",
                    cause);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.util.Set<String> COORDINATE_FIELDS = java.util.Set.of("lon", "lat", "wkt");

    private final IncidentWriter writer;
    private final Geocoder geocoder;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final int batchSize;
    private final ImportLimits limits;

    Importer(IncidentWriter writer, Geocoder geocoder, JdbcClient jdbc, TransactionTemplate transaction,
            @Value("${mapper.import.batch-size:1000}") int batchSize,
            @Value("${mapper.import.max-field-chars:1000000}") int maxFieldChars,
            @Value("${mapper.import.max-vertices:100000}") int maxVertices) {
        this.limits = new ImportLimits(maxFieldChars, maxVertices);
        this.writer = writer;
        this.geocoder = geocoder;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.batchSize = batchSize;
    }

    /** Imports {@code in}; throws {@link UnreadableFile} (nothing written, no report kept) when it is unusable. */
    public ImportReport run(InputStream in, Format format, Mode mode, String fileName) throws UnreadableFile {
        long id = jdbc.sql("SELECT nextval(pg_get_serial_sequence('import_report', 'id'))").query(Long.class).single();
        Run run = new Run(id, mode);
        try {
            transaction.executeWithoutResult(status -> {
                try (ImportRows rows = format == Format.CSV ? CsvIncidentRows.open(in, limits)
                        : GeoJsonIncidentReader.open(in, limits)) {
                    run.all(rows);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (!run.committed()) {
                    status.setRollbackOnly();
                }
            });
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof UnreadableFile unreadable) {
                throw unreadable;
            }
            throw new UnreadableFile("The file could not be read: " + e.getCause().getMessage());
        } catch (DataAccessException | TransactionException e) {
            throw new Interrupted(e);
        }
        ImportReport report = run.report(fileName, format);
        jdbc.sql("""
                INSERT INTO import_report (id, file_name, format, mode, committed, report, rejected_csv)
                OVERRIDING SYSTEM VALUE
                VALUES (:id, :fileName, :format, :mode, :committed, CAST(:report AS jsonb), :rejectedCsv)""")
                .param("id", id).param("fileName", fileName).param("format", report.format())
                .param("mode", mode.key).param("committed", report.committed())
                .param("report", JSON.writeValueAsString(report))
                .param("rejectedCsv", run.rejectedCsv.length() == 0 ? null : run.rejectedCsv.toString())
                .update();
        return report;
    }

    /** The stored report of import {@code id}. */
    public java.util.Optional<String> report(long id) {
        return jdbc.sql("SELECT report::text FROM import_report WHERE id = :id").param("id", id)
                .query(String.class).optional();
    }

    /** The rejected rows of import {@code id} as CSV: empty when the import has none, absent when none has that id. */
    public java.util.Optional<String> rejectedCsv(long id) {
        return jdbc.sql("SELECT coalesce(rejected_csv, '') FROM import_report WHERE id = :id").param("id", id)
                .query(String.class).optional();
    }

    /** The state of one import while it runs. */
    private final class Run {
        private final long id;
        private final Mode mode;
        private final IncidentInput input;
        private final Map<String, Integer> identities = new HashMap<>();
        private final List<IncidentRecord> batch = new ArrayList<>();
        private final List<ImportReport.Row> reportRows = new ArrayList<>();
        private final StringBuilder rejectedCsv = new StringBuilder();
        private char delimiter = ',';
        private int accepted;
        private int rejected;
        private int errorCount;
        private final int[] actions = new int[IncidentWriter.Action.values().length];

        Run(long id, Mode mode) {
            this.id = id;
            this.mode = mode;
            this.input = new IncidentInput(new RecordValidator(writer.categories(), writer::siteExists), geocoder);
        }

        boolean committed() {
            return mode == Mode.ACCEPT_VALID || rejected == 0;
        }

        void all(ImportRows rows) throws IOException {
            if (rows instanceof CsvIncidentRows csv) {
                delimiter = csv.delimiter();
            }
            for (ImportRow row = rows.next(); row != null; row = rows.next()) {
                one(row, rows);
            }
            flush();
        }

        private void one(ImportRow row, ImportRows rows) {
            List<RecordError> errors = new ArrayList<>(row.errors());
            IncidentRecord record = null;
            if (row.properties() != null || errors.isEmpty()) {
                record = input.check(row.number(), row.properties(), row.geometry(), errors, new ArrayList<Candidate>());
            }
            if (row.errors().stream().anyMatch(e -> COORDINATE_FIELDS.contains(e.field()))) {
                errors.removeIf(e -> e.field().equals("geometry")); // already said what is wrong with it
            }
            if (record != null && errors.isEmpty()) {
                Integer first = identities.putIfAbsent(IncidentWriter.identity(record), row.number());
                if (first != null) {
                    errors.add(new RecordError(row.number(), record.externalId() != null ? "externalId" : "row",
                            "is the same incident as row " + first + (record.externalId() != null
                                    ? " (same externalId)" : " (same first source URL, start date and place)")));
                }
            }
            if (!errors.isEmpty()) {
                reject(row, errors, rows);
                return;
            }
            accepted++;
            if (committed()) {
                batch.add(record);
                if (batch.size() >= batchSize) {
                    flush();
                }
            }
        }

        private void reject(ImportRow row, List<RecordError> errors, ImportRows rows) {
            rejected++;
            List<String> messages = new ArrayList<>();
            for (RecordError e : errors) {
                String field = rows.fieldName(e.field());
                messages.add(field + ": " + e.message());
                if (errorCount++ < ImportReport.MAX_ROWS) {
                    reportRows.add(new ImportReport.Row(row.number(), row.line() == 0 ? null : row.line(), field,
                            e.message()));
                }
            }
            if (rejectedCsv.length() == 0) {
                rejectedCsv.append('\uFEFF');
                List<String> header = new ArrayList<>(rows.columns());
                header.add("error");
                appendCsv(header);
            }
            List<String> out = new ArrayList<>(row.original());
            out.add(String.join("; ", messages));
            appendCsv(out);
        }

        private void flush() {
            if (batch.isEmpty() || !committed()) {
                batch.clear();
                return;
            }
            for (IncidentWriter.Written w : writer.write(batch, id)) {
                actions[w.action().ordinal()]++;
            }
            batch.clear();
        }

        private void appendCsv(List<String> fields) {
            rejectedCsv.append(fields.stream().map(this::quote).collect(Collectors.joining(String.valueOf(delimiter))))
                    .append("\r\n");
        }

        /**
         * A cell as the CSV export writes it (V4 {@code export_csv_cell}): text beginning with =, +, -, @, a tab or a
         * carriage return gets a leading single quote, so a spreadsheet shows it instead of running it as a formula;
         * a plain number (-104.9) is left as it is.
         */
        private String quote(String field) {
            if (!field.isEmpty() && "=+-@\t\r".indexOf(field.charAt(0)) >= 0
                    && !field.matches("[-+]?[0-9]+([.,][0-9]+)?([eE][-+]?[0-9]+)?")) {
                field = "'" + field;
            }
            if (field.indexOf(delimiter) < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0
                    && field.indexOf('\r') < 0) {
                return field;
            }
            return '"' + field.replace("\"", "\"\"") + '"';
        }

        ImportReport report(String fileName, Format format) {
            boolean committed = committed();
            return new ImportReport(id, fileName, format.name().toLowerCase(), mode.key, committed, accepted,
                    rejected, committed ? actions[0] : 0, committed ? actions[1] : 0, committed ? actions[2] : 0,
                    List.copyOf(reportRows), errorCount > reportRows.size(),
                    rejected == 0 ? null : "/api/imports/" + id + "/rejected.csv");
        }
    }
}
