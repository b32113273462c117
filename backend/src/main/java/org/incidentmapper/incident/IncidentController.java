package org.incidentmapper.incident;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.incidentmapper.category.CategoryRepository;
import org.incidentmapper.export.FlatJson;
import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.MediaTypes;
import org.incidentmapper.web.NotFoundException;
import org.incidentmapper.web.QueryParams;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/incidents} (a filtered FeatureCollection) and {@code GET /api/incidents/{id}} (one Feature). */
@RestController
class IncidentController {

    private static final MediaType GEO_JSON_UTF8 = MediaType.parseMediaType(MediaTypes.GEO_JSON + ";charset=UTF-8");
    private static final Set<String> PARAMETERS = IncidentFilter.parametersWith("limit", "view", "count",
            FlatJson.PARAMETER);

    private final IncidentRepository incidents;
    private final CategoryRepository categories;
    private final int defaultLimit;
    private final int maxLimit;

    IncidentController(IncidentRepository incidents, CategoryRepository categories,
            @Value("${mapper.api.default-limit}") int defaultLimit, @Value("${mapper.api.max-limit}") int maxLimit) {
        this.incidents = incidents;
        this.categories = categories;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    @GetMapping("/api/incidents")
    void list(@RequestParam MultiValueMap<String, String> query, HttpServletResponse response) throws IOException {
        QueryParams params = QueryParams.of(query, PARAMETERS);
        IncidentFilter filter = IncidentFilter.parse(params, categories.keys(), incidents::isProvinceCode);
        int limit = params.wholeNumber("limit", 1, maxLimit).orElse(defaultLimit);
        String view = params.get("view").orElse("full");
        if (!view.equals("full") && !view.equals("map")) {
            throw new BadParameterException("view", "'view' must be full (every property) or map (what the map draws)");
        }
        String count = params.get("count").orElse("capped");
        if (!count.equals("capped") && !count.equals("exact")) {
            throw new BadParameterException("count", "'count' must be capped or exact");
        }
        boolean flat = FlatJson.requested(params);
        response.setContentType(MediaTypes.GEO_JSON);
        response.setCharacterEncoding("UTF-8");
        incidents.writeCollection(filter, limit, new IncidentRepository.Shape(view.equals("map"), count.equals("exact"), flat),
                response.getOutputStream());
    }

    @GetMapping("/api/incidents/{id}")
    ResponseEntity<String> one(@PathVariable long id, @RequestParam MultiValueMap<String, String> query) {
        boolean flat = FlatJson.requested(QueryParams.of(query, Set.of(FlatJson.PARAMETER)));
        return incidents.findVersioned(id, flat)
                .map(found -> ResponseEntity.ok().eTag(found.etag()).contentType(GEO_JSON_UTF8).body(found.feature()))
                .orElseThrow(() -> new NotFoundException("No incident has id " + id));
    }
}
