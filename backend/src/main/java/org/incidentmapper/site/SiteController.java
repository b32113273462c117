package org.incidentmapper.site;

import java.util.Set;

import org.incidentmapper.web.MediaTypes;
import org.incidentmapper.web.NotFoundException;
import org.incidentmapper.web.QueryParams;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/sites} (a filtered FeatureCollection) and {@code GET /api/sites/{id}} (one Feature). */
@RestController
class SiteController {

    static final MediaType GEO_JSON = MediaType.parseMediaType(MediaTypes.GEO_JSON + ";charset=UTF-8");

    private final SiteRepository sites;

    SiteController(SiteRepository sites) {
        this.sites = sites;
    }

    @GetMapping("/api/sites")
    ResponseEntity<String> list(@RequestParam MultiValueMap<String, String> query) {
        SiteFilter filter = SiteFilter.parse(QueryParams.of(query, SiteFilter.PARAMETERS));
        return ResponseEntity.ok().contentType(GEO_JSON).body(sites.collection(filter));
    }

    @GetMapping("/api/sites/{id}")
    ResponseEntity<String> one(@PathVariable long id, @RequestParam MultiValueMap<String, String> query) {
        QueryParams.of(query, Set.of());
        return sites.find(id)
                .map(found -> ResponseEntity.ok().eTag(found.etag()).contentType(GEO_JSON).body(found.feature()))
                .orElseThrow(() -> new NotFoundException("No site has id " + id));
    }
}
