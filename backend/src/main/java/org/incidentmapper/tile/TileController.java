package org.incidentmapper.tile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.incidentmapper.category.CategoryRepository;
import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.incident.IncidentRepository;
import org.incidentmapper.security.Visibility;
import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.NotFoundException;
import org.incidentmapper.web.QueryParams;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Vector tiles of the incidents: {@code /tiles/incidents/{z}/{x}/{y}.mvt} (the XYZ template QGIS and MapLibre
 * take) and the same tile as OGC API - Tiles {@code /ogc/collections/incidents/tiles/WebMercatorQuad/{z}/{y}/{x}},
 * with the tileset metadata QGIS and GDAL read. Both take the filters of {@code /api/incidents}.
 *
 * <p>Caching: a tile depends on the filter (in its URL) and on the caller's role (a viewer's tile is generalised),
 * so it is {@code private} (never in a shared cache), {@code Vary: Authorization, Cookie}. An analyst's ETag is a
 * hash of what the answer depends on, known before the tile is built: the data version (V80, bumped in the
 * transaction of every write that can change a tile, read before the tile's query), the visibility, the tile's
 * address, the filter and this process's start (a restart may change settings or code): a revalidation that
 * matches costs one row read and no tile build, and any write makes every earlier ETag stale. A viewer's ETag
 * hashes the visibility with the tile's bytes, as before: a viewer learns nothing from the version (which moves with
 * writes to incidents a viewer cannot see), and an analyst's cached tile never validates for a viewer.
 */
@RestController
class TileController {

    static final MediaType MVT = MediaType.parseMediaType("application/vnd.mapbox-vector-tile");
    private static final int MAX_ZOOM = 22;
    /** This process's start, in every ETag: settings (k) and code may differ after a restart. */
    private static final String START = java.util.UUID.randomUUID().toString();

    private final TileRepository tiles;
    private final CategoryRepository categories;
    private final IncidentRepository incidents;

    TileController(TileRepository tiles, CategoryRepository categories, IncidentRepository incidents) {
        this.tiles = tiles;
        this.categories = categories;
        this.incidents = incidents;
    }

    @GetMapping("/tiles/incidents/{z}/{x}/{y}.mvt")
    ResponseEntity<byte[]> xyz(@PathVariable String z, @PathVariable String x, @PathVariable String y,
            @RequestParam MultiValueMap<String, String> query,
            @RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch) {
        return tile(z, x, y, query, ifNoneMatch);
    }

    @GetMapping("/ogc/collections/incidents/tiles/WebMercatorQuad/{z}/{y}/{x}")
    ResponseEntity<byte[]> ogc(@PathVariable String z, @PathVariable String y, @PathVariable String x,
            @RequestParam MultiValueMap<String, String> query,
            @RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch) {
        return tile(z, x, y, query, ifNoneMatch);
    }

    @GetMapping("/ogc/collections/incidents/tiles")
    Map<String, Object> tilesets(@RequestParam MultiValueMap<String, String> query) {
        QueryParams.of(query, java.util.Set.of("f"));
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        return Map.of("links", List.of(link(base + "/ogc/collections/incidents/tiles", "self", "application/json")),
                "tilesets", List.of(tileset(base)));
    }

    @GetMapping("/ogc/collections/incidents/tiles/WebMercatorQuad")
    Map<String, Object> webMercatorQuad(@RequestParam MultiValueMap<String, String> query) {
        QueryParams.of(query, java.util.Set.of("f"));
        return tileset(ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString());
    }

    private ResponseEntity<byte[]> tile(String zText, String xText, String yText,
            MultiValueMap<String, String> query, String ifNoneMatch) {
        int z = coordinate("z", zText, MAX_ZOOM);
        int x = coordinate("x", xText, (1 << z) - 1);
        int y = coordinate("y", yText, (1 << z) - 1);
        QueryParams params = QueryParams.of(query, IncidentFilter.PARAMETERS);
        IncidentFilter filter = IncidentFilter.parse(params, categories.keys(),
                incidents::isProvinceCode);
        Visibility visibility = Visibility.current();
        byte[] body = null;
        String etag;
        if (visibility == Visibility.FULL) {
            // the data version moves with writes to incidents a viewer cannot see: only analysts' ETags use it
            etag = hash(START, String.valueOf(tiles.dataVersion()), visibility.name(), z + "/" + x + "/" + y,
                    filter.toString());
        } else {
            body = tiles.tile(z, x, y, filter);
            etag = hash(visibility.name(), HexFormat.of().formatHex(body));
        }
        etag = "\"" + etag + "\"";
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePrivate());
        headers.setVary(List.of("Authorization", "Cookie"));
        headers.setETag(etag);
        if (matches(ifNoneMatch, etag)) {
            return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
        }
        return ResponseEntity.ok().headers(headers).contentType(MVT)
                .body(body != null ? body : tiles.tile(z, x, y, filter));
    }

    private static int coordinate(String name, String text, int max) {
        if (text.matches("\\d{1,7}")) {
            int value = Integer.parseInt(text);
            if (value <= max) {
                return value;
            }
        }
        if (name.equals("z")) {
            throw new BadParameterException(name, "'z' must be a zoom level from 0 to " + MAX_ZOOM);
        }
        throw new NotFoundException("No tile " + name + "=" + QueryParams.abbreviate(text) + " at this zoom (0.." + max + ")");
    }

    private Map<String, Object> tileset(String base) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("id", "Incident id (points layer)");
        fields.put("category", "Category key (points layer)");
        fields.put("count", "Incidents in the cell (cells layer)");
        for (String key : categories.keys()) {
            fields.put("count_" + key, "Incidents of " + key + " in the cell (withheld: absent)");
        }
        Map<String, Object> tileset = new LinkedHashMap<>();
        tileset.put("title", "Incidents");
        tileset.put("dataType", "vector");
        tileset.put("crs", "http://www.opengis.net/def/crs/EPSG/0/3857");
        tileset.put("tileMatrixSetURI", "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
        tileset.put("description", "Points (layer 'incidents') from zoom " + TileRepository.POINT_ZOOM
                + ", unless the 0.022° grid cells a tile touches hold more than " + TileRepository.MAX_POINTS
                + " incidents; otherwise grid cells of 90/2^(z+3) degrees (at most level 12) at the mean position of"
                + " their incidents (layer 'cells') with counts per category. Takes the filters of /api/incidents.");
        tileset.put("layers", List.of(
                Map.of("id", "incidents", "dataType", "vector", "geometryType", "points",
                        "minTileMatrix", String.valueOf(TileRepository.POINT_ZOOM), "maxTileMatrix", String.valueOf(MAX_ZOOM)),
                Map.of("id", "cells", "dataType", "vector", "geometryType", "points", "minTileMatrix", "0",
                        "maxTileMatrix", String.valueOf(MAX_ZOOM), "propertiesSchema",
                        Map.of("type", "object", "properties", fields))));
        tileset.put("links", List.of(
                link(base + "/ogc/collections/incidents/tiles/WebMercatorQuad", "self", "application/json"),
                link("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad",
                        "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "application/json"),
                templated(base + "/ogc/collections/incidents/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}"),
                templated(base + "/tiles/incidents/{z}/{x}/{y}.mvt")));
        return tileset;
    }

    private static Map<String, Object> link(String href, String rel, String type) {
        return Map.of("href", href, "rel", rel, "type", type);
    }

    private static Map<String, Object> templated(String href) {
        return Map.of("href", href, "rel", "item", "type", MVT.toString(), "templated", true);
    }

    /** Whether If-None-Match {@code header} (a list of ETags, weak or strong, or *) names {@code etag}. */
    private static boolean matches(String header, String etag) {
        if (header == null) {
            return false;
        }
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
