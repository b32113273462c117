package org.incidentmapper.mapcluster;

import java.util.Set;

import org.incidentmapper.category.CategoryRepository;
import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.incident.IncidentRepository;
import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.QueryParams;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/incidents/clusters?bbox=…&zoom=Z} and the filters of {@code /api/incidents}: the matching
 * incidents counted per grid cell about {@value #CELL_PIXELS} screen pixels wide at that zoom (Web Mercator tiles of
 * 256 px), as {@code {cellDegrees, count, categories, withheld, cells: [{lon, lat, count, categories, withheld}]}}.
 * The map draws these instead of points when a view holds more incidents than it can draw.
 */
@RestController
class ClusterController {

    static final int CELL_PIXELS = 64;
    private static final Set<String> PARAMETERS = IncidentFilter.parametersWith("zoom");

    private final ClusterRepository clusters;
    private final IncidentRepository incidents;
    private final CategoryRepository categories;

    ClusterController(ClusterRepository clusters, IncidentRepository incidents, CategoryRepository categories) {
        this.clusters = clusters;
        this.incidents = incidents;
        this.categories = categories;
    }

    @GetMapping("/api/incidents/clusters")
    ResponseEntity<String> clusters(@RequestParam MultiValueMap<String, String> query) {
        QueryParams params = QueryParams.of(query, PARAMETERS);
        IncidentFilter filter = IncidentFilter.parse(params, categories.keys(), incidents::isProvinceCode);
        int zoom = params.wholeNumber("zoom", 0, 22)
                .orElseThrow(() -> new BadParameterException("zoom", "'zoom' is required: the map's zoom level, 0..22"));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .body(clusters.cells(filter, cellDegrees(zoom)));
    }

    /** Degrees of longitude spanned by {@link #CELL_PIXELS} pixels at {@code zoom}. */
    static double cellDegrees(int zoom) {
        return 360.0 * CELL_PIXELS / (256.0 * Math.pow(2, zoom));
    }
}
