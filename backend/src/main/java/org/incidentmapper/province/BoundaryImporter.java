package org.incidentmapper.province;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.dataset.DatasetLoads;
import org.incidentmapper.web.BadParameterException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Replaces the boundary set with the polygons of a GeoJSON file, a zipped shapefile or a GeoPackage.
 *
 * <p>The file is checked to be what its name says ({@link UploadCheck}); GDAL, sandboxed and without database
 * credentials ({@link Gdal}), converts the chosen layer into a GeoJSON text sequence; the app loads that into a
 * staging table as a role that may write only that table ({@link BoundaryStaging}); SQL then checks it (the chosen fields exist; every feature has a
 * code, unique, and a name; every geometry is a valid polygon in longitude/latitude) and reports every problem found
 * by feature number (1 = first feature in the file). Only a file without problems replaces the boundaries, in one
 * transaction that also recomputes the province of every incident; whatever fails, the old boundaries stay as they
 * were and the staging table is dropped. Invalid geometries are refused, naming the feature and PostGIS's reason,
 * unless the import asks to repair them ({@link BoundaryImport#repair()}: ST_MakeValid, keeping the polygons).
 */
@Component
class BoundaryImporter {

    /** What an import did. {@code incidents} counts incidents by province source, and how many lie outside. */
    record Result(String boundarySet, int features, Map<String, Long> countries, Map<String, Long> incidents) {
    }

    private static final Log log = LogFactory.getLog(BoundaryImporter.class);
    private static final int MAX_ERRORS = 20;
    /** Name of the boundary set in {@code dataset_load}. */
    static final String DATASET = "boundaries";
    private static final String CODE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate transaction;
    private final Gdal gdal;
    private final SafeUnzip unzip;
    private final DatasetLoads loads;

    BoundaryImporter(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transaction, Gdal gdal,
            DatasetLoads loads, @Value("${mapper.boundary-import.max-unzipped-mb:500}") long maxUnzippedMb) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.loads = loads;
        this.transaction = transaction;
        this.gdal = gdal;
        this.unzip = new SafeUnzip(maxUnzippedMb * 1024 * 1024);
    }

    /** Imports an uploaded file; {@code fileName} (the client's name for it) only tells its type. */
    Result importUpload(InputStream content, String fileName, BoundaryImport how) {
        String type = type(fileName);
        if (type.equals("shp")) {
            throw new BadParameterException("file", "Upload a shapefile as a .zip holding its .shp, .shx, .dbf and .prj");
        }
        return inTempDir(dir -> {
            Path file = dir.resolve("upload." + type);
            String sha256;
            try (DigestInputStream in = new DigestInputStream(content, sha256Digest())) {
                Files.copy(in, file);
                sha256 = HexFormat.of().formatHex(in.getMessageDigest().digest());
            }
            return importDataset(dir, file, sha256, how.setName() != null ? how.setName() : baseName(fileName), how);
        });
    }

    /** Imports a file on this machine (the command-line import and the boundaries loaded on first start). */
    Result importFile(Path file, BoundaryImport how) {
        if (!Files.isRegularFile(file)) {
            throw new BadParameterException("file", "No such file: " + file.toAbsolutePath());
        }
        type(file.getFileName().toString());
        return inTempDir(dir -> importDataset(dir, file, DatasetLoads.sha256(file),
                how.setName() != null ? how.setName() : file.getFileName().toString(), how));
    }

    private Result importDataset(Path dir, Path file, String sha256, String setName, BoundaryImport how)
            throws IOException {
        Path dataset = file;
        if (type(file.getFileName().toString()).equals("zip")) {
            Path target = Files.createDirectory(dir.resolve("unzipped"));
            unzip.extract(file, target);
            dataset = datasetIn(target, how.layer());
        }
        Gdal.Driver driver = driver(type(dataset.getFileName().toString()));
        if (driver == Gdal.Driver.SHAPEFILE) {
            requirePrj(dataset);
        }
        UploadCheck.check(dataset, driver);
        String layer = layer(dataset, driver, how.layer());
        Path converted = dir.resolve("converted.geojsonl");
        gdal.toGeoJsonSeq(dataset, driver, layer, converted);
        String staging = "boundary_staging_" + UUID.randomUUID().toString().replace("-", "");
        try {
            BoundaryStaging.Staged staged = BoundaryStaging.load(jdbcTemplate, transaction, converted, staging);
            if (staged.features() == 0) {
                throw new BadParameterException("file", "The file has no features");
            }
            String source = sourceQuery(staging, staged.fields(), how);
            check(source, how);
            Result result = transaction.execute(status -> replace(source, setName, sha256));
            log.info("Imported " + result.features() + " boundaries from " + setName + "; incidents " + result.incidents());
            return result;
        } finally {
            jdbc.sql("DROP TABLE IF EXISTS " + staging).update();
        }
    }

    /**
     * The staging table normalised: {@code n} (feature number in file order), code, name, name_local, country,
     * geom (repaired when asked). Identifiers are the file's own field names, matched against the table's columns
     * and quoted, never taken from the request as they are.
     */
    private String sourceQuery(String staging, List<String> columns, BoundaryImport how) {
        String code = text(field(columns, "codeField", how.codeField()));
        String name = text(field(columns, "nameField", how.nameField()));
        String nameLocal = how.nameLocalField() == null ? "NULL"
                : text(field(columns, "nameLocalField", how.nameLocalField()));
        String country = how.countryField() != null ? "upper(" + text(field(columns, "countryField", how.countryField())) + ")"
                : how.country() != null ? "'" + how.country() + "'" // checked to be [A-Z]{3} by BoundaryImport
                : "NULL";
        String geom = how.repair() ? "ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))" : "ST_Multi(geom)";
        return """
                SELECT n, %s AS code, %s AS name, %s AS name_local, CAST(%s AS text) AS country, geom AS original,
                       %s AS geom
                FROM (SELECT n, feature -> 'properties' AS properties,
                             CASE WHEN jsonb_typeof(feature -> 'geometry') = 'object'
                                  THEN ST_SetSRID(ST_GeomFromGeoJSON(feature -> 'geometry'), 4326) END AS geom
                      FROM %s) staged""".formatted(code, name, nameLocal, country, geom, staging);
    }

    /** Every problem with the staged features, at most {@value MAX_ERRORS}; none: the file can be imported. */
    private void check(String source, BoundaryImport how) {
        String label = "'feature ' || n || coalesce(' (code ' || quote_literal(code) || ')', '')";
        String checks = """
                SELECT %1$s || ' has no code (field %2$s is empty)' FROM src WHERE code IS NULL
                UNION ALL
                SELECT %1$s || ': the code must be 1 to 50 letters, digits, ''.'', ''_'' or ''-'''
                FROM src WHERE code !~ '%4$s'
                UNION ALL
                SELECT 'code ' || quote_literal(code) || ' is used by features ' || string_agg(n::text, ', ' ORDER BY n)
                FROM src WHERE code IS NOT NULL GROUP BY code HAVING count(*) > 1
                UNION ALL
                SELECT %1$s || ' has no name (field %3$s is empty)' FROM src WHERE name IS NULL
                UNION ALL
                SELECT %1$s || ': country ' || quote_literal(country) || ' is not an ISO 3166-1 alpha-3 code'
                FROM src WHERE country !~ '^[A-Z]{3}$'
                UNION ALL
                SELECT %1$s || ' has no geometry' FROM src WHERE original IS NULL OR ST_IsEmpty(original)
                UNION ALL
                SELECT %1$s || ' is a ' || GeometryType(original) || '; boundaries must be polygons'
                FROM src WHERE GeometryType(original) NOT IN ('POLYGON', 'MULTIPOLYGON')
                UNION ALL
                SELECT %1$s || ' has coordinates outside longitude -180..180 and latitude -90..90 ('
                       || ST_XMin(original) || ' ' || ST_YMin(original) || ', ' || ST_XMax(original) || ' '
                       || ST_YMax(original) || '): the file is not in the coordinate system it declares (GeoJSON '
                       || 'must be longitude/latitude; a shapefile needs the right .prj)'
                FROM src WHERE ST_XMin(original) < -180 OR ST_XMax(original) > 180
                            OR ST_YMin(original) < -90 OR ST_YMax(original) > 90
                """.formatted(label, quoteText(how.codeField()), quoteText(how.nameField()), CODE_PATTERN);
        if (how.repair()) {
            checks += """
                    UNION ALL
                    SELECT %s || ' has no area left after repair' FROM src
                    WHERE GeometryType(original) IN ('POLYGON', 'MULTIPOLYGON') AND ST_IsEmpty(geom)
                    """.formatted(label);
        } else {
            checks += """
                    UNION ALL
                    SELECT %s || ' has an invalid geometry: ' || ST_IsValidReason(original) FROM src
                    WHERE GeometryType(original) IN ('POLYGON', 'MULTIPOLYGON') AND NOT ST_IsValid(original)
                    """.formatted(label);
        }
        List<String> errors = jdbc.sql("WITH src AS (" + source + ") SELECT * FROM (" + checks + ") e LIMIT "
                + (MAX_ERRORS + 1)).query(String.class).list();
        if (!errors.isEmpty()) {
            String more = errors.size() > MAX_ERRORS ? "; and more" : "";
            String hint = errors.stream().anyMatch(e -> e.contains("invalid geometry"))
                    ? " (fix the file, or import with repair=true to apply ST_MakeValid)" : "";
            throw new BadParameterException("file", "The file cannot be imported, nothing was changed: "
                    + String.join("; ", errors.subList(0, Math.min(errors.size(), MAX_ERRORS))) + more + hint);
        }
    }

    /** The one transaction: replace every boundary, recompute every incident's province, record the load. */
    private Result replace(String source, String setName, String sha256) {
        // EXCLUSIVE still lets readers read the old set; SHARE ROW EXCLUSIVE holds incident writers back until the
        // recomputed provinces are committed, so no incident is assigned against a half-replaced set
        jdbc.sql("LOCK TABLE boundary IN EXCLUSIVE MODE").update();
        jdbc.sql("LOCK TABLE incident IN SHARE ROW EXCLUSIVE MODE").update();
        jdbc.sql("DELETE FROM boundary").update();
        int features = jdbc.sql("INSERT INTO boundary (code, name, name_local, country, geom, boundary_set) "
                + "SELECT code, name, name_local, country, geom, :set FROM (" + source + ") s ORDER BY code")
                .param("set", setName).update();
        jdbc.sql("UPDATE incident SET geom = geom").update(); // fires incident_province_2_computed on every row
        loads.record(DATASET, sha256);
        return new Result(setName, features, countries(), incidentCounts());
    }

    Map<String, Long> countries() {
        Map<String, Long> countries = new java.util.TreeMap<>();
        jdbc.sql("SELECT coalesce(country, '') AS country, count(*) AS n FROM boundary GROUP BY 1")
                .query((row, i) -> countries.put(row.getString(1), row.getLong(2))).list();
        return countries;
    }

    Map<String, Long> incidentCounts() {
        return jdbc.sql("""
                SELECT count(*) FILTER (WHERE province_source = 'given') AS given,
                       count(*) FILTER (WHERE province_source = 'computed') AS computed,
                       count(*) FILTER (WHERE province_source = 'none') AS none,
                       count(*) FILTER (WHERE province_computed IS NULL) AS outside
                FROM incident""").query((row, i) -> Map.of("given", row.getLong(1), "computed", row.getLong(2),
                "none", row.getLong(3), "outsideBoundaries", row.getLong(4))).single();
    }

    /** The file's property {@code wanted} as SQL over the staged {@code properties}; names quoted as literals. */
    private static String field(List<String> columns, String parameter, String wanted) {
        if (columns.contains(wanted)) {
            return property(wanted);
        }
        List<String> ignoringCase = columns.stream().filter(c -> c.equalsIgnoreCase(wanted)).toList();
        if (ignoringCase.size() == 1) {
            return property(ignoringCase.get(0));
        }
        throw new BadParameterException(parameter, "The file has no field '" + abbreviate(wanted) + "' ('" + parameter
                + "'); its fields are " + columns);
    }

    private static String text(String column) {
        return "nullif(btrim(" + column + "), '')";
    }

    private static String property(String name) {
        return "(properties ->> '" + name.replace("'", "''") + "')";
    }

    /** {@code text} in quotes, for use inside an SQL string literal. */
    private static String quoteText(String text) {
        return "''" + text.replace("'", "''") + "''";
    }

    /** The one dataset in an unzipped upload: a .shp, .gpkg or .geojson (macOS resource forks ignored). */
    private static Path datasetIn(Path dir, String layer) throws IOException {
        List<Path> found;
        try (Stream<Path> files = Files.walk(dir)) {
            found = files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("__MACOSX") && !p.getFileName().toString().startsWith("._"))
                    .filter(p -> List.of("shp", "gpkg", "geojson", "json").contains(extension(p.getFileName().toString())))
                    .sorted().toList();
        }
        if (found.size() > 1 && layer != null) {
            found = found.stream().filter(p -> baseName(p.getFileName().toString()).equals(layer)).toList();
        }
        if (found.size() != 1) {
            throw new BadParameterException("file", found.isEmpty()
                    ? "The zip holds no .shp, .gpkg or .geojson file"
                    : "The zip holds several data files " + found.stream().map(p -> dir.relativize(p).toString()).toList()
                            + "; name one with 'layer' or zip only one");
        }
        return found.get(0);
    }

    private static void requirePrj(Path shp) throws IOException {
        String base = baseName(shp.getFileName().toString());
        try (Stream<Path> siblings = Files.list(shp.getParent())) {
            if (siblings.noneMatch(p -> p.getFileName().toString().equalsIgnoreCase(base + ".prj"))) {
                throw new BadParameterException("file", "The shapefile " + shp.getFileName() + " has no .prj file, so "
                        + "its coordinate system is unknown; add the .prj it was made with (guessing could put every "
                        + "boundary in the wrong place)");
            }
        }
    }

    private String layer(Path dataset, Gdal.Driver driver, String wanted) {
        List<String> layers = gdal.layers(dataset, driver);
        if (layers.isEmpty()) {
            throw new BadParameterException("file", "The file has no layers GDAL can read");
        }
        if (wanted != null && layers.contains(wanted)) {
            return wanted;
        }
        if (wanted == null && layers.size() == 1) {
            return layers.get(0);
        }
        throw new BadParameterException("layer", (wanted == null ? "The file has several layers" : "The file has no "
                + "layer '" + abbreviate(wanted) + "'") + "; name one with 'layer': " + layers);
    }

    private static String type(String fileName) {
        String ext = extension(fileName);
        return switch (ext) {
            case "zip", "gpkg", "shp" -> ext;
            case "geojson", "json" -> "geojson";
            default -> throw new BadParameterException("file", "The file must be GeoJSON (.geojson, .json), a zipped "
                    + "shapefile (.zip) or a GeoPackage (.gpkg), not '" + abbreviate(fileName) + "'");
        };
    }

    private static Gdal.Driver driver(String type) {
        return switch (type) {
            case "shp" -> Gdal.Driver.SHAPEFILE;
            case "gpkg" -> Gdal.Driver.GEOPACKAGE;
            default -> Gdal.Driver.GEOJSON;
        };
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String baseName(String fileName) {
        String name = Path.of(fileName.replace('\\', '/')).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    private interface InDir<T> {
        T run(Path dir) throws IOException;
    }

    private static <T> T inTempDir(InDir<T> work) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("boundary-import");
            return work.run(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try {
                    FileSystemUtils.deleteRecursively(dir);
                } catch (IOException e) {
                    log.warn("cannot delete " + dir, e);
                }
            }
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
