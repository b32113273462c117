package org.incidentmapper.mapcluster;

import java.util.Set;

import org.incidentmapper.answer.AnswerCache;
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
 * 256 px), as {@code {cellDegrees, bbox, count, categories, withheld, cells: [{lon, lat, count, categories,
 * withheld}]}}. A bbox is counted in whole cells (the incidents whose representative point lies in a cell that
 * intersects it); {@code bbox} is the box counted (null without one). The map draws these instead of points when a
 * view holds more incidents than it can draw.
 *
 * <p>Clusters of a bbox, categories and whole months at zoom <= 15 are summed from the grid summary's month edges
 * (V74, V90; zooms 13..15 since V92): the unqualified {@code incident_grid_edge} and {@code incident_grid_disclosed} are the {@code public}
 * views for analysts and the {@code generalised} ones (audiences a and v plus the disclosure cells, V77) on a viewer's
 * search path. Every other request is counted from
 * the incidents ({@code counted_incident}). Both give the same answer for every role. The summary's answers
 * are kept until the data changes ({@link AnswerCache}, apart per visibility).
 */
@RestController
class ClusterController {

    static final int CELL_PIXELS = 64;
    private static final Set<String> PARAMETERS = IncidentFilter.parametersWith("zoom");

    private final ClusterRepository clusters;
    private final IncidentRepository incidents;
    private final CategoryRepository categories;
    private final AnswerCache answers;

    ClusterController(ClusterRepository clusters, IncidentRepository incidents, CategoryRepository categories,
            AnswerCache answers) {
        this.clusters = clusters;
        this.incidents = incidents;
        this.categories = categories;
        this.answers = answers;
    }

    @GetMapping("/api/incidents/clusters")
    ResponseEntity<String> clusters(@RequestParam MultiValueMap<String, String> query) {
        QueryParams params = QueryParams.of(query, PARAMETERS);
        IncidentFilter filter = IncidentFilter.parse(params, categories.keys(), incidents::isProvinceCode);
        int zoom = params.wholeNumber("zoom", 0, 22)
                .orElseThrow(() -> new BadParameterException("zoom", "'zoom' is required: the map's zoom level, 0..22"));
        ClusterGrid grid = ClusterGrid.ofZoom(zoom);
        // AnswerCache keys an answer on the caller's visibility: a viewer's (from generalised.incident_grid) is kept apart
        String body = grid.summarises(filter)
                ? answers.get("clusters", "zoom=" + zoom + " " + AnswerCache.key(filter),
                        () -> clusters.fromSummary(filter, grid))
                : clusters.fromIncidents(filter, grid);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
