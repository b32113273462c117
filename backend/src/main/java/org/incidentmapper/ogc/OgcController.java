package org.incidentmapper.ogc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.incidentmapper.web.NotFoundException;
import org.incidentmapper.web.QueryParams;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import tools.jackson.databind.json.JsonMapper;

/**
 * The OGC API - Features resources that describe the service: landing page, conformance, OpenAPI document,
 * collections and queryables. Every one answers JSON or HTML ({@link OgcFormat}); items are in
 * {@link OgcItemsController}.
 */
@RestController
class OgcController {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt");

    static final String QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";

    private final OgcRepository repository;

    OgcController(OgcRepository repository) {
        this.repository = repository;
    }

    @GetMapping({"/ogc", "/ogc/"})
    void landing(@RequestParam MultiValueMap<String, String> query, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        QueryParams.of(query, Set.of("f"));
        String base = base();
        Map<String, Object> landing = new LinkedHashMap<>();
        landing.put("title", "Incident mapper");
        landing.put("description", "OGC API - Features of incidents of scam compounds, forced labour and human "
                + "trafficking in Cambodia and its neighbours, and of the provinces with their counts.");
        landing.put("links", List.of(
                link(base + "/ogc?f=json", "self", "application/json", "This document"),
                link(base + "/ogc?f=html", "alternate", "text/html", "This document as HTML"),
                link(base + "/ogc/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0",
                        "The API definition (OpenAPI 3.0)"),
                link(base + "/ogc/api?f=html", "service-doc", "text/html", "The API definition as HTML"),
                link(base + "/ogc/conformance", "conformance", "application/json", "Conformance classes"),
                link(base + "/ogc/collections", "data", "application/json", "The collections"),
                link(base + "/", "alternate", "text/html", "The map")));
        write(request, response, "Incident mapper", landing, "application/json");
    }

    @GetMapping("/ogc/conformance")
    void conformance(@RequestParam MultiValueMap<String, String> query, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        QueryParams.of(query, Set.of("f"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", List.of(link(base() + "/ogc/conformance", "self", "application/json", "This document")));
        body.put("conformsTo", CONFORMANCE);
        write(request, response, "Conformance", body, "application/json");
    }

    @GetMapping("/ogc/api")
    void api(@RequestParam MultiValueMap<String, String> query, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        QueryParams.of(query, Set.of("f"));
        write(request, response, "API definition", OgcOpenApi.document(base()),
                "application/vnd.oai.openapi+json;version=3.0");
    }

    @GetMapping("/ogc/collections")
    void collections(@RequestParam MultiValueMap<String, String> query, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        QueryParams.of(query, Set.of("f"));
        String base = base();
        List<Object> all = new ArrayList<>();
        for (OgcCollection collection : collections()) {
            all.add(describe(collection, base));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", List.of(link(base + "/ogc/collections", "self", "application/json", "This document"),
                link(base + "/ogc/collections?f=html", "alternate", "text/html", "This document as HTML")));
        body.put("crs", OgcCrs.uris());
        body.put("collections", all);
        write(request, response, "Collections", body, "application/json");
    }

    @GetMapping("/ogc/collections/{id}")
    void collection(@PathVariable String id, @RequestParam MultiValueMap<String, String> query,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        QueryParams.of(query, Set.of("f"));
        OgcCollection collection = find(id);
        write(request, response, collection.title(), describe(collection, base()), "application/json");
    }

    @GetMapping("/ogc/collections/{id}/queryables")
    void queryables(@PathVariable String id, @RequestParam MultiValueMap<String, String> query,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        QueryParams.of(query, Set.of("f"));
        OgcCollection collection = find(id);
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Object> legacy = new ArrayList<>();
        if (!collection.provinces()) {
            for (Queryable q : Queryable.values()) {
                properties.put(q.property, q.schema());
                legacy.add(Map.of("id", q.property, "type", q.type.name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", base() + "/ogc/collections/" + collection.id() + "/queryables");
        schema.put("type", "object");
        schema.put("title", collection.title());
        schema.put("description", collection.provinces() ? "The provinces take no filter"
                : "What a CQL2 filter (filter-lang=cql2-text) may name");
        schema.put("properties", properties);
        schema.put("additionalProperties", false);
        // the draft form GDAL 3.6 reads to learn which fields it may send to the server
        schema.put("queryables", legacy);
        // application/schema+json to a client asking for it; GDAL 3.6 accepts application/json only
        String accept = String.valueOf(request.getHeader("Accept"));
        write(request, response, "Queryables of " + collection.title(), schema,
                accept.contains("application/schema+json") ? "application/schema+json" : "application/json");
    }

    /** Every collection: all incidents, one per category, the provinces. */
    List<OgcCollection> collections() {
        List<OgcCollection> all = new ArrayList<>(List.of(OgcCollection.incidents()));
        for (String[] category : repository.categories()) {
            all.add(OgcCollection.category(category[0], category[1]));
        }
        all.add(OgcCollection.provinceCounts());
        return all;
    }

    OgcCollection find(String id) {
        return collections().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("No collection has id '" + QueryParams.abbreviate(id)
                        + "' (GET /ogc/collections lists them)"));
    }

    private Map<String, Object> describe(OgcCollection collection, String base) {
        String self = base + "/ogc/collections/" + collection.id();
        OgcRepository.Extent extent = repository.extent(collection);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", collection.id());
        body.put("title", collection.title());
        body.put("description", collection.description());
        body.put("itemType", "feature");
        body.put("crs", OgcCrs.uris());
        body.put("storageCrs", OgcCrs.CRS84.uri());
        Map<String, Object> spatial = new LinkedHashMap<>();
        spatial.put("bbox", extent.bbox() == null ? List.of(List.of(-180, -90, 180, 90))
                : List.of(List.of(extent.bbox()[0], extent.bbox()[1], extent.bbox()[2], extent.bbox()[3])));
        spatial.put("crs", OgcCrs.CRS84.uri());
        Map<String, Object> temporal = new LinkedHashMap<>();
        List<String> interval = new ArrayList<>();
        interval.add(extent.first());
        interval.add(extent.last());
        temporal.put("interval", List.of(interval));
        temporal.put("trs", "http://www.opengis.net/def/uri/ISO-8601/0/Gregorian");
        body.put("extent", Map.of("spatial", spatial, "temporal", temporal));
        List<Object> links = new ArrayList<>(List.of(
                link(self, "self", "application/json", "This collection"),
                link(self + "?f=html", "alternate", "text/html", "This collection as HTML"),
                link(self + "/items", "items", "application/geo+json", "The features"),
                link(self + "/items?f=html", "items", "text/html", "The features as HTML")));
        if (!collection.provinces()) {
            links.add(link(self + "/queryables", QUERYABLES_REL, "application/schema+json", "Queryables"));
            links.add(link(self + "/queryables", "queryables", "application/schema+json", "Queryables"));
            links.add(link(base + "/" + (collection.category() == null ? "" : "?category=" + collection.category()),
                    "alternate", "text/html", "On the map"));
        }
        if (collection.id().equals(OgcCollection.INCIDENTS)) {
            links.add(link(self + "/tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
                    "application/json", "Vector tiles"));
        }
        body.put("links", links);
        return body;
    }

    static Map<String, Object> link(String href, String rel, String type, String title) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("href", href);
        link.put("rel", rel);
        link.put("type", type);
        link.put("title", title);
        return link;
    }

    /** The app's address as the caller reached it, without a trailing slash. */
    static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    static void write(HttpServletRequest request, HttpServletResponse response, String title, Object body,
            String jsonType) throws IOException {
        response.setCharacterEncoding("UTF-8");
        if (OgcFormat.of(request) == OgcFormat.HTML) {
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(OgcHtml.page(title, JSON.valueToTree(body)));
        } else {
            response.setContentType(jsonType);
            JSON.writeValue(response.getOutputStream(), body);
        }
    }
}
