package org.incidentmapper.province;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.incidentmapper.web.BadParameterException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads GIS files with GDAL's command-line tools: {@code ogrinfo} lists a file's layers, {@code ogr2ogr} copies one
 * layer into a new table of this app's database, reprojected to EPSG:4326. The database password reaches ogr2ogr
 * through {@code PGPASSWORD} in its environment, never on its command line (which {@code ps} shows to every user).
 */
@Component
class Gdal {

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^/:?,]+)(?::(\\d+))?/([^?]+)(?:\\?.*)?");
    private static final Pattern LAYER_LINE = Pattern.compile("^\\d+: (.+?)(?: \\([^()]*\\))?$");
    private static final long TIMEOUT_MINUTES = 10;

    private final String connection;
    private final String password;

    Gdal(@Value("${spring.datasource.url}") String url, @Value("${spring.datasource.username}") String user,
            @Value("${spring.datasource.password}") String password) {
        Matcher m = JDBC_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("Boundary import needs spring.datasource.url of the form "
                    + "jdbc:postgresql://host[:port]/database, not " + url);
        }
        this.connection = "PG:host=" + quote(m.group(1)) + " port=" + (m.group(2) == null ? "5432" : m.group(2))
                + " dbname=" + quote(m.group(3)) + " user=" + quote(user);
        this.password = password;
    }

    /** The names of the layers in {@code file}. */
    List<String> layers(Path file) {
        String out = run(List.of("ogrinfo", "-ro", "-q", file.toString()));
        List<String> layers = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = LAYER_LINE.matcher(line.strip());
            if (m.matches()) {
                layers.add(m.group(1));
            }
        }
        return layers;
    }

    /**
     * Copies {@code layer} of {@code file} into the new table {@code table}: geometry in column {@code geom} as
     * EPSG:4326 lon/lat, 2D, of whatever type the file has; attributes in columns named exactly as the file's fields;
     * {@code ogc_fid} numbering the features in file order.
     */
    void copyToTable(Path file, String layer, String table) {
        run(List.of("ogr2ogr", "-f", "PostgreSQL", connection, file.toString(), layer,
                "-nln", table, "-t_srs", "EPSG:4326", "-nlt", "GEOMETRY", "-dim", "XY",
                "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=ogc_fid", "-lco", "LAUNDER=NO", "-lco", "PRECISION=NO",
                "-lco", "SPATIAL_INDEX=NONE"));
    }

    private String run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", password);
            builder.environment().put("PGCONNECT_TIMEOUT", "20");
            Process process = builder.start();
            process.getOutputStream().close();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " took longer than " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw unreadable(output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (apt-get install gdal-bin)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** GDAL's own words, minus its noise, as the error for the user; a missing CRS gets a plain explanation. */
    private static BadParameterException unreadable(String output) {
        String errors = String.join(" ", output.lines().filter(l -> !l.startsWith("Warning")).map(String::strip)
                .filter(l -> !l.isEmpty()).toList());
        if (errors.contains("no coordinate system")) {
            return new BadParameterException("file", "The file does not say which coordinate system its coordinates "
                    + "are in, so they cannot be placed on the map; a shapefile needs its .prj, a GeoPackage layer a "
                    + "defined SRS. GDAL said: " + abbreviate(errors));
        }
        return new BadParameterException("file", "GDAL could not read the file: " + abbreviate(errors));
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }

    /** A libpq connection value in single quotes, with backslashes and quotes escaped. */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
