package org.incidentmapper.export;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.MediaTypes;
import org.incidentmapper.web.QueryParams;

/** The formats {@code GET /api/export?format=} offers: the only values of that parameter, and what each is sent as. */
enum ExportFormat {

    /** A ZIP of two shapefiles (points, polygons) and text files describing them. */
    SHAPEFILE("shapefile", "zip", "application/zip"),
    /** One GeoPackage with the incidents and their sources as two layers. */
    GEOPACKAGE("geopackage", "gpkg", "application/geopackage+sqlite3"),
    /** The API's own RFC 7946 FeatureCollection, every match. */
    GEOJSON("geojson", "geojson", MediaTypes.GEO_JSON),
    /** Geometry as WKT plus lon/lat of a point on it, UTF-8 with a header row. */
    CSV("csv", "csv", "text/csv;charset=UTF-8"),
    /** KML 2.2 for Google Earth. */
    KML("kml", "kml", "application/vnd.google-earth.kml+xml");

    private final String key;
    private final String extension;
    private final String mediaType;

    ExportFormat(String key, String extension, String mediaType) {
        this.key = key;
        this.extension = extension;
        this.mediaType = mediaType;
    }

    String key() {
        return key;
    }

    String extension() {
        return extension;
    }

    String mediaType() {
        return mediaType;
    }

    /** The format named by the {@code format} parameter; 400 naming it when missing or unknown. */
    static ExportFormat parse(Optional<String> value) {
        String text = value.orElseThrow(() -> new BadParameterException("format",
                "'format' is required; one of " + keys()));
        return Arrays.stream(values()).filter(f -> f.key.equals(text)).findFirst()
                .orElseThrow(() -> new BadParameterException("format",
                        "Unknown format '" + QueryParams.abbreviate(text) + "'; formats are " + keys()));
    }

    static String keys() {
        return Arrays.stream(values()).map(f -> f.key).collect(Collectors.joining(", "));
    }
}
