package org.incidentmapper.province;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.incidentmapper.process.ChildProcess;
import org.incidentmapper.web.BadParameterException;
import org.springframework.stereotype.Component;

/**
 * Reads uploaded GIS files with GDAL's command-line tools, and nothing else: {@code ogrinfo} lists a file's layers,
 * {@code ogr2ogr} converts one layer into a GeoJSON text sequence in EPSG:4326 that the app then loads itself.
 * GDAL never connects to the database and never sees a password.
 *
 * <p>Each run is sandboxed by its environment ({@link #environment}): only the one input driver the file type
 * allows (plus GeoJSONSeq, the output) is registered, every other driver (VRT, PostgreSQL, WFS, …) is skipped via
 * {@code GDAL_SKIP}, so a VRT or a {@code PG:} source disguised as GeoJSON is not opened; all HTTP goes to a dead
 * proxy, so neither {@code /vsicurl/} nor a GeoJSON {@code crs} link can reach the network; and the environment holds
 * nothing of the app's ({@code PG*} variables, passwords), see {@link ChildProcess}. GDAL 3.6 has no {@code -if}.
 */
@Component
class Gdal {

    /** The input drivers uploads may use, by file type. */
    enum Driver {
        GEOJSON("GeoJSON"), SHAPEFILE("ESRI Shapefile"), GEOPACKAGE("GPKG");

        final String gdalName;

        Driver(String gdalName) {
            this.gdalName = gdalName;
        }
    }

    private static final String OUTPUT_DRIVER = "GeoJSONSeq";
    private static final Pattern LAYER_LINE = Pattern.compile("^\\d+: (.+?)(?: \\([^()]*\\))?$");
    private static final Pattern DRIVER_LINE = Pattern.compile("^  (.+?) -[a-z, ]+- \\(.*$");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String DEAD_PROXY = "http://127.0.0.1:9";

    private volatile List<String> allDrivers;

    /** The names of the layers in {@code file}, opened with {@code driver} only. */
    List<String> layers(Path file, Driver driver) {
        Path absolute = file.toAbsolutePath();
        String out = run(List.of("ogrinfo", "-ro", "-q", absolute.toString()), driver, absolute.getParent());
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
     * Writes {@code layer} of {@code file} to {@code out} as GeoJSON text sequence (one Feature per line, in file
     * order): geometry reprojected to EPSG:4326 lon/lat, 2D; properties as the file's fields.
     */
    void toGeoJsonSeq(Path file, Driver driver, String layer, Path out) {
        if (layer.startsWith("-")) {
            throw new BadParameterException("layer", "A layer name may not start with '-'");
        }
        Path target = out.toAbsolutePath();
        run(List.of("ogr2ogr", "-f", OUTPUT_DRIVER, target.toString(), file.toAbsolutePath().toString(), "-t_srs",
                "EPSG:4326", "-dim", "XY", "-lco", "COORDINATE_PRECISION=15", layer), driver, target.getParent());
    }

    /** What a GDAL child gets: its one driver, no network, no database credentials. */
    Map<String, String> environment(Driver driver) {
        TreeSet<String> skip = new TreeSet<>(allDrivers());
        skip.remove(driver.gdalName);
        skip.remove(OUTPUT_DRIVER);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GDAL_SKIP", String.join(",", skip));
        env.put("OGR_SKIP", String.join(",", skip));
        for (String proxy : List.of("GDAL_HTTP_PROXY", "GDAL_HTTPS_PROXY", "http_proxy", "https_proxy", "HTTP_PROXY",
                "HTTPS_PROXY", "ALL_PROXY", "all_proxy")) {
            env.put(proxy, DEAD_PROXY);
        }
        env.put("GDAL_HTTP_MAX_RETRY", "0");
        env.put("GDAL_HTTP_TIMEOUT", "1");
        env.put("GDAL_HTTP_CONNECTTIMEOUT", "1");
        env.put("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".mapper-refuses-remote-files");
        env.put("PROJ_NETWORK", "OFF");
        env.put("GDAL_DISABLE_READDIR_ON_OPEN", "NO");
        return env;
    }

    /** Every driver this GDAL has, raster and vector (GDAL_SKIP takes both), read once from the tools themselves. */
    private List<String> allDrivers() {
        List<String> drivers = allDrivers;
        if (drivers == null) {
            TreeSet<String> names = new TreeSet<>();
            for (String tool : List.of("ogrinfo", "gdalinfo")) {
                String out = exec(ChildProcess.of(List.of(tool, "--formats")).withMaxOutput(1 << 20), tool);
                for (String line : out.split("\n")) {
                    Matcher m = DRIVER_LINE.matcher(line);
                    if (m.matches()) {
                        names.add(m.group(1));
                    }
                }
            }
            if (!names.contains("GeoJSON") || !names.contains("VRT")) {
                throw new IllegalStateException("cannot list GDAL's drivers: " + names);
            }
            drivers = allDrivers = List.copyOf(names);
        }
        return drivers;
    }

    private String run(List<String> command, Driver driver, Path workDir) {
        ChildProcess process = ChildProcess.of(command).withEnv(environment(driver)).in(workDir).withTimeout(TIMEOUT)
                .withMaxOutput(1 << 20);
        ChildProcess.Result result = result(process, command.get(0));
        if (result.timedOut()) {
            throw new IllegalStateException(command.get(0) + " took longer than " + TIMEOUT + "; killed");
        }
        if (result.exitCode() != 0) {
            throw unreadable(result.output());
        }
        return result.output();
    }

    private static String exec(ChildProcess process, String tool) {
        ChildProcess.Result result = result(process, tool);
        if (!result.ok()) {
            throw new IllegalStateException(tool + " --formats failed: " + result.output());
        }
        return result.output();
    }

    private static ChildProcess.Result result(ChildProcess process, String tool) {
        try {
            return process.run();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + tool + " (apt-get install gdal-bin)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + tool, e);
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
}
