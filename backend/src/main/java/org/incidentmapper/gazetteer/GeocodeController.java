package org.incidentmapper.gazetteer;

import java.util.List;
import java.util.Set;

import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.QueryParams;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/geocode?q=&country=&limit=}: the places a name may mean, best first. */
@RestController
class GeocodeController {

    private static final Set<String> PARAMETERS = Set.of("q", "country", "limit");
    private static final int MAX_LIMIT = 50;

    private final Geocoder geocoder;

    GeocodeController(Geocoder geocoder) {
        this.geocoder = geocoder;
    }

    @GetMapping("/api/geocode")
    List<Candidate> geocode(@RequestParam MultiValueMap<String, String> query) {
        QueryParams params = QueryParams.of(query, PARAMETERS);
        String q = params.get("q").orElseThrow(() -> new BadParameterException("q", "'q' (a place name) is required"));
        if (q.length() > 200) {
            throw new BadParameterException("q", "'q' is longer than 200 characters");
        }
        String country = params.get("country").orElse(null);
        if (country != null && !country.matches("[A-Z]{3}")) {
            throw new BadParameterException("country", "'country' must be an ISO 3166-1 alpha-3 code such as KHM");
        }
        int limit = params.wholeNumber("limit", 1, MAX_LIMIT).orElse(10);
        return geocoder.candidates(q, country, limit);
    }
}
