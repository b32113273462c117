package org.incidentmapper.map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/config}: the basemap tile URL and attribution (settings) and the initial view. */
@RestController
class MapConfigController {

    record MapConfig(String tileUrl, String tileAttribution, int maxZoom, double[] center, int zoom) {
    }

    private final MapConfig config;

    MapConfigController(@Value("${mapper.map.tile-url}") String tileUrl,
            @Value("${mapper.map.tile-attribution}") String attribution, @Value("${mapper.map.max-zoom}") int maxZoom,
            @Value("${mapper.map.center-lat}") double lat, @Value("${mapper.map.center-lon}") double lon,
            @Value("${mapper.map.zoom}") int zoom) {
        this.config = new MapConfig(tileUrl, attribution, maxZoom, new double[] {lat, lon}, zoom);
    }

    @GetMapping("/api/config")
    MapConfig config() {
        return config;
    }
}
