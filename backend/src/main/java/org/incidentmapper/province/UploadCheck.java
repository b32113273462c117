package org.incidentmapper.province;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.incidentmapper.web.BadParameterException;

/**
 * Checks that an uploaded data file is what its name says before GDAL opens it: a GeoJSON text that begins with
 * {@code {}, a shapefile with the shapefile's file code, a GeoPackage with SQLite's header. A GeoJSON that names
 * another data source (a GDAL VRT, a {@code /vsi…/} path such as {@code /vsicurl/}, a {@code PG:} connection) is
 * refused outright, though GDAL, limited to one driver ({@link Gdal}), would not follow it either.
 */
final class UploadCheck {

    private static final Pattern OTHER_SOURCE = Pattern.compile("(?i)<OGRVRTDataSource|/vsi[a-z0-9_]*/|\\bPG:");
    private static final byte[] SQLITE = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHAPEFILE = {0x00, 0x00, 0x27, 0x0A};
    private static final int CHUNK = 1 << 16;

    private UploadCheck() {
    }

    static void check(Path file, Gdal.Driver driver) throws IOException {
        String name = file.getFileName().toString();
        switch (driver) {
            case GEOPACKAGE -> requireStart(file, SQLITE, name + " is not a GeoPackage (no SQLite header)");
            case SHAPEFILE -> requireStart(file, SHAPEFILE, name + " is not a shapefile (no shapefile header)");
            case GEOJSON -> checkGeoJson(file, name);
        }
    }

    private static void requireStart(Path file, byte[] magic, String problem) throws IOException {
        byte[] start = new byte[magic.length];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(start, 0, start.length) != start.length || !Arrays.equals(start, magic)) {
                throw new BadParameterException("file", problem);
            }
        }
    }

    /** A JSON object (after an optional byte-order mark and white space), naming no other data source. */
    private static void checkGeoJson(Path file, String name) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK];
            String carry = "";
            boolean first = true;
            for (int read; (read = in.readNBytes(buffer, 0, CHUNK)) > 0;) {
                // ISO-8859-1 keeps one char per byte, so the ASCII markers are found whatever the encoding
                String text = carry + new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
                if (first) {
                    String start = text.replaceFirst("^(\u00ef\u00bb\u00bf)?\\s*", "");
                    if (!start.isEmpty() && start.charAt(0) != '{') {
                        throw new BadParameterException("file", name + " is not GeoJSON: it does not begin with '{'"
                                + (start.startsWith("<") ? " (an XML file, such as a GDAL VRT, is refused)" : ""));
                    }
                    first = false;
                }
                Matcher m = OTHER_SOURCE.matcher(text);
                if (m.find()) {
                    throw new BadParameterException("file", name + " refers to another data source ('" + m.group()
                            + "'); uploads must hold their data themselves");
                }
                carry = text.substring(Math.max(0, text.length() - 32));
            }
        }
    }
}
