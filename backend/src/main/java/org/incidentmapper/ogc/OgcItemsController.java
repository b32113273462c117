package org.incidentmapper.ogc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.incidentmapper.category.CategoryRepository;
import org.incidentmapper.incident.IncidentFilter;
import org.incidentmapper.incident.RatingFilter;
import org.incidentmapper.incident.IncidentRepository;
import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.Bbox;
import org.incidentmapper.web.NotFoundException;
import org.incidentmapper.web.QueryParams;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /ogc/collections/{id}/items} and {@code …/items/{featureId}}: GeoJSON written by PostGIS, paged by keyset
 * ({@code after}, in the {@code next} link), filtered by {@code bbox}, {@code datetime}, a CQL2 {@code filter} and
 * the {@code /api/incidents} filters ({@code category}, {@code q}, {@code province}, {@code country}), all turned
 * into one SQL condition with bound values by {@link IncidentFilter} and {@link Cql2Sql}.
 */
@RestController
class OgcItemsController {

    private static final Set<String> ITEMS_PARAMETERS = Set.of("bbox", "bbox-crs", "datetime", "limit", "after", "crs",
            "filter", "filter-lang", "filter-crs", "category", "q", "province", "country", "f",
            RatingFilter.RELIABILITY, RatingFilter.CREDIBILITY, RatingFilter.MIN_RATING, RatingFilter.CONFIRMED);
    private static final Set<String> INCIDENT_PARAMETERS = Set.of("category", "q", "province", "country",
            RatingFilter.RELIABILITY, RatingFilter.CREDIBILITY, RatingFilter.MIN_RATING, RatingFilter.CONFIRMED);

    private final OgcController service;
    private final OgcRepository repository;
    private final CategoryRepository categories;
    private final IncidentRepository incidents;

    OgcItemsController(OgcController service, OgcRepository repository, CategoryRepository categories,
            IncidentRepository incidents) {
        this.service = service;
        this.repository = repository;
        this.categories = categories;
        this.incidents = incidents;
    }

    @GetMapping("/ogc/collections/{id}/items")
    void items(@PathVariable String id, @RequestParam MultiValueMap<String, String> query,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        QueryParams params = QueryParams.of(query, ITEMS_PARAMETERS);
        OgcCollection collection = service.find(id);
        OgcFormat format = OgcFormat.of(request);
        OgcRepository.ItemsQuery items = itemsQuery(collection, query, params);
        String self = ServletUriComponentsBuilder.fromCurrentRequest().toUriString();

        response.setHeader("Content-Crs", "<" + items.crs().uri() + ">");
        OutputStream out;
        ByteArrayOutputStream html = null;
        if (format == OgcFormat.HTML) {
            html = new ByteArrayOutputStream();
            out = html;
        } else {
            response.setContentType("application/geo+json");
            response.setCharacterEncoding("UTF-8");
            out = response.getOutputStream();
        }
        out.write("{\"type\":\"FeatureCollection\",\"features\":[".getBytes(StandardCharsets.UTF_8));
        OgcRepository.Page page = collection.provinces() ? repository.writeProvinces(items, out)
                : repository.writeIncidents(items, out);
        List<Object> links = new ArrayList<>(List.of(
                OgcController.link(with(self, "f", "json"), "self", "application/geo+json", "This page"),
                OgcController.link(with(self, "f", "html"), "alternate", "text/html", "This page as HTML"),
                OgcController.link(items.base() + "/ogc/collections/" + collection.id(), "collection",
                        "application/json", collection.title())));
        if (page.nextAfter() != null) {
            links.add(OgcController.link(with(self, "after", page.nextAfter()), "next", "application/geo+json",
                    "Next page"));
        }
        if (!collection.provinces()) {
            links.add(OgcController.link(mapLink(items), "alternate", "text/html", "This window on the map"));
        }
        String tail = "],\"numberReturned\":" + page.returned() + ",\"numberMatched\":" + page.matched()
                + ",\"timeStamp\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"links\":"
                + OgcController.JSON.writeValueAsString(links) + "}";
        out.write(tail.getBytes(StandardCharsets.UTF_8));
        if (html != null) {
            response.setContentType("text/html;charset=UTF-8");
            var json = OgcController.JSON.readTree(html.toByteArray());
            response.getOutputStream().write(OgcHtml.page(collection.title() + ": features", json)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    @GetMapping("/ogc/collections/{id}/items/{featureId}")
    void item(@PathVariable String id, @PathVariable String featureId,
            @RequestParam MultiValueMap<String, String> query, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        QueryParams params = QueryParams.of(query, Set.of("crs", "f"));
        OgcCollection collection = service.find(id);
        OgcCrs crs = params.get("crs").map(v -> OgcCrs.parse("crs", v)).orElse(OgcCrs.CRS84);
        String base = OgcController.base();
        String feature;
        if (collection.provinces()) {
            OgcRepository.ItemsQuery one = new OgcRepository.ItemsQuery(collection, new IncidentFilter(null, null,
                    null, List.of(), null, List.of(featureId), List.of()), null, OgcCrs.CRS84, crs, 1, null, base);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            if (repository.writeProvinces(one, buffer).returned() == 0) {
                throw notFound(collection, featureId);
            }
            feature = buffer.toString(StandardCharsets.UTF_8);
        } else {
            if (!featureId.matches("\\d{1,18}")) {
                throw notFound(collection, featureId);
            }
            OgcRepository.ItemsQuery one = new OgcRepository.ItemsQuery(collection, IncidentFilter.ALL, null,
                    OgcCrs.CRS84, crs, 1, null, base);
            feature = repository.incident(one, Long.parseLong(featureId))
                    .orElseThrow(() -> notFound(collection, featureId));
        }
        response.setHeader("Content-Crs", "<" + crs.uri() + ">");
        if (OgcFormat.of(request) == OgcFormat.HTML) {
            var json = OgcController.JSON.readTree(feature);
            response.setContentType("text/html;charset=UTF-8");
            response.getOutputStream().write(OgcHtml.page(collection.title() + " " + featureId, json)
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            response.setContentType("application/geo+json");
            response.setCharacterEncoding("UTF-8");
            response.getOutputStream().write(feature.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads and checks every parameter before anything is written, so a mistake is a clean 400. */
    private OgcRepository.ItemsQuery itemsQuery(OgcCollection collection, MultiValueMap<String, String> query,
            QueryParams params) {
        OgcCrs bboxCrs = params.get("bbox-crs").map(v -> OgcCrs.parse("bbox-crs", v)).orElse(OgcCrs.CRS84);
        OgcCrs crs = params.get("crs").map(v -> OgcCrs.parse("crs", v)).orElse(OgcCrs.CRS84);
        OgcCrs filterCrs = params.get("filter-crs").map(v -> OgcCrs.parse("filter-crs", v)).orElse(OgcCrs.CRS84);
        Bbox bbox = params.get("bbox").map(v -> bboxCrs.bbox("bbox", v)).orElse(null);
        OgcDatetime window = OgcDatetime.parse(params.get("datetime").orElse(null));
        int limit = params.wholeNumber("limit", 1, OgcOpenApi.MAX_LIMIT).orElse(OgcOpenApi.DEFAULT_LIMIT);
        String after = params.get("after").orElse(null);
        if (after != null && !(collection.provinces() ? after.matches("[A-Za-z0-9._-]{1,50}") : after.matches("\\d{1,18}"))) {
            throw new BadParameterException("after", "'after' must be the id from a next link");
        }
        String lang = params.get("filter-lang").orElse("cql2-text");
        if (!lang.equals("cql2-text") && !lang.equals("cql-text")) {
            throw new BadParameterException("filter-lang", "'filter-lang' must be cql2-text");
        }
        Cql2 cql = params.get("filter").map(Cql2Parser::parse).orElse(null);
        if (cql != null && collection.provinces()) {
            throw new BadParameterException("filter", "The provinces take no filter; filter the incident collections");
        }
        if (cql != null) {
            Cql2Sql.where(cql, new MapSqlParameterSource(), filterCrs); // checks queryables and types now
        }
        MultiValueMap<String, String> own = new LinkedMultiValueMap<>();
        query.forEach((name, values) -> {
            if (INCIDENT_PARAMETERS.contains(name)) {
                own.put(name, values);
            }
        });
        IncidentFilter parsed = IncidentFilter.parse(QueryParams.of(own, INCIDENT_PARAMETERS), categories.keys(),
                own.containsKey("province") ? incidents::isProvinceCode : null);
        IncidentFilter filter = new IncidentFilter(bbox, window.from(), window.to(), parsed.categories(), parsed.q(),
                parsed.provinces(), parsed.countries(), parsed.rating());
        return new OgcRepository.ItemsQuery(collection, filter, cql, filterCrs, crs, limit, after, OgcController.base());
    }

    /** The map at this window and filter: {@code /?from&to&category#zoom/lat/lon} (see map-hash.js, filter-state.js). */
    private static String mapLink(OgcRepository.ItemsQuery items) {
        var map = ServletUriComponentsBuilder.fromUriString(items.base() + "/");
        IncidentFilter f = items.filter();
        if (f.from() != null) {
            map.queryParam("from", f.from());
        }
        if (f.to() != null) {
            map.queryParam("to", f.to());
        }
        List<String> categories = items.collection().category() != null ? List.of(items.collection().category())
                : f.categories();
        if (!categories.isEmpty()) {
            map.queryParam("category", String.join(",", categories));
        }
        if (f.q() != null) {
            map.queryParam("q", f.q());
        }
        String url = map.encode().build().toUriString();
        if (f.bbox() != null) {
            double span = Math.max(f.bbox().maxLon() - f.bbox().minLon(), f.bbox().maxLat() - f.bbox().minLat());
            int zoom = (int) Math.max(2, Math.min(16, Math.floor(Math.log(360 / Math.max(span, 1e-6)) / Math.log(2))));
            url += "#" + zoom + "/" + round((f.bbox().minLat() + f.bbox().maxLat()) / 2) + "/"
                    + round((f.bbox().minLon() + f.bbox().maxLon()) / 2);
        }
        return url;
    }

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    private static String with(String url, String name, String value) {
        return ServletUriComponentsBuilder.fromUriString(url).replaceQueryParam(name, value).build().toUriString();
    }

    private static NotFoundException notFound(OgcCollection collection, String featureId) {
        return new NotFoundException("Collection '" + collection.id() + "' has no feature '"
                + QueryParams.abbreviate(featureId) + "'");
    }
}
