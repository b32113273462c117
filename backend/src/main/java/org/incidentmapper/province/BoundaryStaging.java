package org.incidentmapper.province;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.incidentmapper.web.BadParameterException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the GeoJSON text sequence GDAL wrote (one Feature per line) into a staging table {@code (n, feature jsonb)},
 * {@code n} numbering the features in file order from 1. The rows are written as the role {@code mapper_staging},
 * which may insert into this one table and nothing else: the load is the only step that puts file content into the
 * database, and it happens in the app, from a file the app's own GDAL run wrote, with every value bound.
 */
final class BoundaryStaging {

    /** The NOLOGIN role the app switches to while loading; granted INSERT on each staging table only. */
    static final String ROLE = "mapper_staging";
    private static final int BATCH = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BoundaryStaging() {
    }

    /** What was staged: the number of features, and the property names in the order the file first uses them. */
    record Staged(long features, List<String> fields) {
    }

    /** Creates {@code table} and fills it from {@code geojsonSeq}; the caller drops the table. */
    static Staged load(JdbcTemplate jdbc, TransactionTemplate transaction, Path geojsonSeq, String table) {
        if (!table.matches("boundary_staging_[0-9a-f]{32}")) {
            throw new IllegalArgumentException(table);
        }
        jdbc.execute("CREATE TABLE " + table + " (n bigint PRIMARY KEY, feature jsonb NOT NULL)");
        jdbc.execute("GRANT INSERT ON " + table + " TO " + ROLE);
        return transaction.execute(status -> {
            jdbc.execute("SET LOCAL ROLE " + ROLE);
            LinkedHashSet<String> fields = new LinkedHashSet<>();
            List<Object[]> batch = new ArrayList<>(BATCH);
            long n = 0;
            try (BufferedReader lines = Files.newBufferedReader(geojsonSeq, StandardCharsets.UTF_8)) {
                for (String line; (line = lines.readLine()) != null;) {
                    line = line.strip();
                    if (line.isEmpty() || line.equals("\u001e")) {
                        continue;
                    }
                    n++;
                    if (line.contains("\\u0000")) {
                        throw new BadParameterException("file", "feature " + n + " holds a NUL character (\\u0000), "
                                + "which a boundary's text may not contain");
                    }
                    JsonNode properties = JSON.readTree(line).path("properties");
                    if (properties.isObject()) {
                        fields.addAll(properties.propertyNames());
                    }
                    batch.add(new Object[] {n, line});
                    if (batch.size() == BATCH) {
                        insert(jdbc, table, batch);
                    }
                }
            } catch (IOException | JacksonException e) {
                throw new IllegalStateException("cannot read GDAL's output " + geojsonSeq, e);
            }
            insert(jdbc, table, batch);
            return new Staged(n, List.copyOf(fields));
        });
    }

    private static void insert(JdbcTemplate jdbc, String table, List<Object[]> batch) {
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO " + table + " (n, feature) VALUES (?, CAST(? AS jsonb))", batch);
            batch.clear();
        }
    }
}
