package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** GDAL as the independent reader of exported files: {@code ogrinfo -ro -al} and what its report says. */
final class Gdal {

    private Gdal() {
    }

    /** The full {@code ogrinfo -ro -al} report of {@code path} (a file, or a directory of shapefiles). */
    static String ogrinfo(Path path) {
        try {
            Process p = new ProcessBuilder("ogrinfo", "-ro", "-al", path.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The output of {@code command} (stdout and stderr), which must exit 0. */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Debian's python3 with GDAL's bindings (python3-gdal), not whatever python3 comes first on the PATH. */
    static final String PYTHON = "/usr/bin/python3";

    /** GDAL's GeoPackage validator, as Debian's python3-gdal installs it (MIT licence, not copied here). */
    static final String VALIDATE_GPKG = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py";

    /** Layer name → feature count, in report order. */
    static Map<String, Integer> featureCounts(String report) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Matcher m = Pattern.compile("Layer name: (\\S+)[\\s\\S]*?Feature Count: (\\d+)").matcher(report);
        while (m.find()) {
            counts.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return counts;
    }

    /** Every value of attribute {@code field} in the report, in order (all layers). */
    static List<String> values(String report, String field) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(field) + " \\(\\w+\\) = (.*)$").matcher(report);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    /** Unpacks {@code zip} into {@code dir}; returns the entry names in order. */
    static List<String> unzip(byte[] zip, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                names.add(entry.getName());
                Path target = dir.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(dir)).isTrue();
                Files.write(target, in.readAllBytes());
            }
        }
        return names;
    }
}
