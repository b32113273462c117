package org.incidentmapper.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.site.SiteExportSql;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the files of one export into a directory of its own, each by ogr2ogr from the SQL of {@link ExportSql}
 * with the filter inlined as literals (ogr2ogr cannot bind parameters; strings are quoted by PostgreSQL).
 */
@Component
class Exporter {

    private static final Log log = LogFactory.getLog(Exporter.class);

    /**
     * What to send.
     *
     * @param files     the files, in order: one, or those of the shapefile ZIP
     * @param cutFields shapefile fields cut in at least one row → how many rows
     */
    record Export(List<Path> files, Map<String, Long> cutFields) {
    }

    /** The name of the incidents' layer (GeoPackage) and document (KML). */
    static final String LAYER = "incidents";

    /** The layers of sites and relocations (GeoPackage; shapefiles sites_points, sites_polygons, relocations). */
    static final String SITES = "sites";
    static final String RELOCATIONS = "relocations";

    private static final List<String> SHAPEFILE_PARTS = List.of(".shp", ".shx", ".dbf", ".prj", ".cpg");

    private final Ogr2ogr ogr2ogr;
    private final JdbcClient jdbc;
    private final TransactionTemplate snapshot;

    Exporter(Ogr2ogr ogr2ogr, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.ogr2ogr = ogr2ogr;
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    /**
     * Writes {@code format} (not GeoJSON, which the API streams itself) of the incidents {@code filter} selects.
     * Every query of the export, the app's and each ogr2ogr run's, reads one snapshot of the database, so the two
     * shapefiles, the GeoPackage's two layers and the shapefile statistics agree even while incidents are edited.
     */
    Export write(ExportFormat format, IncidentFilter filter, Path dir) {
        return snapshot.execute(status -> {
            String id = jdbc.sql("SELECT pg_export_snapshot()").query(String.class).single();
            List<String> source = List.of(ogr2ogr.source(),
                    "-oo", "PRELUDE_STATEMENTS=BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT "
                            + quoteLiteral(id),
                    "-oo", "CLOSING_STATEMENTS=COMMIT");
            String where = filter.sqlWhereLiterals(this::quoteLiteral);
            return switch (format) {
                case SHAPEFILE -> shapefile(filter, where, source, dir);
                case GEOPACKAGE -> geopackage(filter, where, source, dir);
                case CSV -> one(dir.resolve("incidents.csv"), "CSV", ExportSql.csv(where), source,
                        List.of("-lco", "GEOMETRY=AS_WKT", "-lco", "WRITE_BOM=YES"), dir);
                // LIBKML: writes TimeStamp/TimeSpan from the timestamp/begin/end columns (the KML driver cannot)
                case KML -> one(dir.resolve("incidents.kml"), "LIBKML", ExportSql.kml(where), source,
                        List.of("-nln", LAYER, "-dsco", "NAME=" + LAYER, "-mapFieldType", "Integer64=String"), dir);
                case GEOJSON -> throw new IllegalArgumentException("GeoJSON is streamed from the database, not written here");
            };
        });
    }

    private Export shapefile(IncidentFilter filter, String where, List<String> source, Path dir) {
        Map<String, Long> cuts = new LinkedHashMap<>();
        Map<String, Integer> widths = new HashMap<>();
        long started = System.nanoTime();
        textStats(filter, cuts, widths);
        log.debug("shapefile text statistics in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        List<Path> files = new ArrayList<>();
        for (boolean polygons : new boolean[] {false, true}) {
            String layer = polygons ? "incidents_polygons" : "incidents_points";
            ogr2ogr.run(arguments("ESRI Shapefile", dir.resolve(layer + ".shp"), source,
                    ExportSql.shapefile(where, polygons, widths), List.of("-nln", layer,
                            "-nlt", polygons ? "MULTIPOLYGON" : "POINT", "-a_srs", "EPSG:4326", "-lco", "ENCODING=UTF-8")),
                    dir);
            SHAPEFILE_PARTS.forEach(part -> files.add(dir.resolve(layer + part)));
        }
        // sites and relocations, a shapefile per layer and geometry type (issue 14)
        for (SiteExportSql.Geometries geometries : List.of(SiteExportSql.Geometries.POINTS,
                SiteExportSql.Geometries.POLYGONS)) {
            String layer = geometries == SiteExportSql.Geometries.POINTS ? "sites_points" : "sites_polygons";
            ogr2ogr.run(arguments("ESRI Shapefile", dir.resolve(layer + ".shp"), source,
                    SiteExportSql.sites(filter.from(), filter.to(), filter.bbox(), geometries, true),
                    List.of("-nln", layer, "-nlt", geometries == SiteExportSql.Geometries.POINTS ? "POINT" : "POLYGON",
                            "-a_srs", "EPSG:4326", "-lco", "ENCODING=UTF-8")), dir);
            SHAPEFILE_PARTS.forEach(part -> files.add(dir.resolve(layer + part)));
        }
        ogr2ogr.run(arguments("ESRI Shapefile", dir.resolve(RELOCATIONS + ".shp"), source,
                SiteExportSql.relocations(filter.from(), filter.to(), filter.bbox(), true),
                List.of("-nln", RELOCATIONS, "-nlt", "LINESTRING", "-a_srs", "EPSG:4326", "-lco", "ENCODING=UTF-8")),
                dir);
        SHAPEFILE_PARTS.forEach(part -> files.add(dir.resolve(RELOCATIONS + part)));
        files.add(writeText(dir.resolve("FIELDS.txt"), ExportSql.shapefileFields()));
        if (!cuts.isEmpty()) {
            StringBuilder text = new StringBuilder("Text longer than " + ExportSql.DBF_TEXT_BYTES
                    + " bytes was cut (see FIELDS.txt). Rows cut, per field:\n\n");
            cuts.forEach((field, rows) -> text.append(String.format("%-11s %d%n", field, rows)));
            files.add(writeText(dir.resolve("TRUNCATED.txt"), text.toString()));
        }
        return new Export(files, cuts);
    }

    /**
     * Layer {@code incidents} (fid = incident id), table {@code incident_sources} (fid numbered in export order) and
     * their mapping table, registered with the related-tables extension ({@link GeoPackageRelations}).
     */
    private Export geopackage(IncidentFilter filter, String where, List<String> source, Path dir) {
        Path file = dir.resolve("incidents.gpkg");
        ogr2ogr.run(arguments("GPKG", file, source, ExportSql.geopackageIncidents(where),
                List.of("-nln", LAYER, "-nlt", "GEOMETRY", "-a_srs", "EPSG:4326", "-lco", "FID=id")), dir);
        ogr2ogr.run(arguments("GPKG", file, source, ExportSql.geopackageSources(where),
                List.of("-update", "-nln", GeoPackageRelations.SOURCES, "-nlt", "NONE", "-lco", "FID=fid")), dir);
        ogr2ogr.run(arguments("GPKG", file, source, ExportSql.geopackageSourceMapping(where),
                List.of("-update", "-nln", GeoPackageRelations.MAPPING, "-nlt", "NONE")), dir);
        for (String statement : GeoPackageRelations.STATEMENTS) {
            ogr2ogr.ogrinfo(List.of("-q", file.toString(), "-sql", statement), dir);
        }
        // sites and relocations (issue 14), in the export's time window and bbox
        ogr2ogr.run(arguments("GPKG", file, source, SiteExportSql.sites(filter.from(), filter.to(), filter.bbox(),
                SiteExportSql.Geometries.ALL, false),
                List.of("-update", "-nln", SITES, "-nlt", "GEOMETRY", "-a_srs", "EPSG:4326", "-lco", "FID=id")), dir);
        ogr2ogr.run(arguments("GPKG", file, source, SiteExportSql.relocations(filter.from(), filter.to(),
                filter.bbox(), false),
                List.of("-update", "-nln", RELOCATIONS, "-nlt", "LINESTRING", "-a_srs", "EPSG:4326", "-lco", "FID=id")),
                dir);
        return new Export(List.of(file), Map.of());
    }

    private Export one(Path file, String driver, String sql, List<String> source, List<String> options, Path dir) {
        ogr2ogr.run(arguments(driver, file, source, sql, options), dir);
        return new Export(List.of(file), Map.of());
    }

    /** {@code -f driver file source… -sql sql options…}. */
    private static List<String> arguments(String driver, Path file, List<String> source, String sql,
            List<String> options) {
        List<String> arguments = new ArrayList<>(List.of("-f", driver, file.toString()));
        arguments.addAll(source);
        arguments.addAll(List.of("-sql", sql));
        arguments.addAll(options);
        return arguments;
    }

    /**
     * Fills {@code cuts} (shapefile text field → rows cut, only fields cut at least once, in field order) and
     * {@code widths} (field → longest value in bytes) for the export of {@code filter}.
     */
    private void textStats(IncidentFilter filter, Map<String, Long> cuts, Map<String, Integer> widths) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = ExportSql.shapefileTextStats(filter.sqlWhere(params));
        jdbc.sql(sql).paramSource(params).query((ResultSet row) -> {
            ResultSetMetaData columns = row.getMetaData();
            for (int c = 1; c <= columns.getColumnCount(); c++) {
                String label = columns.getColumnLabel(c);
                long value = row.getLong(c);
                if (label.startsWith("cut_") && value > 0) {
                    cuts.put(label.substring(4), value);
                } else if (label.startsWith("bytes_")) {
                    widths.put(label.substring(6), (int) Math.min(value, ExportSql.DBF_TEXT_BYTES));
                }
            }
        });
    }

    /** {@code value} as a PostgreSQL string literal, quoted by PostgreSQL itself. */
    private String quoteLiteral(String value) {
        return jdbc.sql("SELECT quote_literal(:value)").param("value", value).query(String.class).single();
    }

    private static Path writeText(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
