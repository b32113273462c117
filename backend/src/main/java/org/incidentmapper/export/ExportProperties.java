package org.incidentmapper.export;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings {@code mapper.export.*}; defaults in application.properties.
 *
 * @param ogr2ogr       the ogr2ogr program: a name on the PATH or a path
 * @param ogrinfo       the ogrinfo program (runs the GeoPackage's related-tables SQL): a name on the PATH or a path
 * @param timeout       longest one ogr2ogr run may take; it is then killed and the export fails
 * @param maxConcurrent exports running at once; one more is answered 503 with {@code Retry-After}
 * @param retryAfter    what that {@code Retry-After} says
 * @param tempDir       where each export gets its own directory, deleted when the export ends
 */
@ConfigurationProperties("mapper.export")
record ExportProperties(String ogr2ogr, String ogrinfo, Duration timeout, int maxConcurrent, Duration retryAfter, Path tempDir) {

    ExportProperties {
        if (ogr2ogr == null || ogr2ogr.isBlank() || ogrinfo == null || ogrinfo.isBlank() || timeout == null || retryAfter == null || tempDir == null) {
            throw new IllegalArgumentException("mapper.export.ogr2ogr, ogrinfo, timeout, retry-after and temp-dir must be set");
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("mapper.export.max-concurrent must be at least 1");
        }
    }
}
