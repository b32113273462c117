package org.incidentmapper.ogc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.0 description of the service ({@code /ogc/api}). GDAL reads the {@code filter-lang} enum of the
 * items path to decide whether it may send its {@code -where} to the server: GDAL 3.6 looks for the draft name
 * {@code cql-text}, which is accepted as a synonym of {@code cql2-text}.
 */
final class OgcOpenApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    private OgcOpenApi() {
    }

    static Map<String, Object> document(String base) {
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("/", get("Landing page", List.of(ref("f")), "The landing page"));
        paths.put("/conformance", get("Conformance classes", List.of(ref("f")), "The conformance declaration"));
        paths.put("/api", get("This document", List.of(), "OpenAPI 3.0"));
        paths.put("/collections", get("The collections", List.of(ref("f"), ref("datetime")), "Collections"));
        paths.put("/collections/{collectionId}", get("One collection",
                List.of(ref("collectionId"), ref("f")), "A collection"));
        paths.put("/collections/{collectionId}/queryables", get("What a filter may name (JSON Schema)",
                List.of(ref("collectionId"), ref("f")), "Queryables"));
        paths.put("/collections/{collectionId}/items", get("Features of a collection", List.of(ref("collectionId"),
                ref("bbox"), ref("bbox-crs"), ref("datetime"), ref("limit"), ref("after"), ref("crs"), ref("filter"),
                ref("filter-lang"), ref("filter-crs"), ref("category"), ref("q"), ref("province"), ref("country"),
                ref("f")), "A GeoJSON FeatureCollection with numberMatched, numberReturned and a next link"));
        paths.put("/collections/{collectionId}/items/{featureId}", get("One feature",
                List.of(ref("collectionId"), ref("featureId"), ref("crs"), ref("f")), "A GeoJSON Feature"));
        paths.put("/collections/incidents/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}",
                get("A Mapbox Vector Tile of the incidents", List.of(), "application/vnd.mapbox-vector-tile"));

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("f", query("f", "Response format (default: by the Accept header)",
                Map.of("type", "string", "enum", List.of("json", "html"))));
        parameters.put("collectionId", Map.of("name", "collectionId", "in", "path", "required", true,
                "schema", Map.of("type", "string")));
        parameters.put("featureId", Map.of("name", "featureId", "in", "path", "required", true,
                "schema", Map.of("type", "string")));
        parameters.put("bbox", Map.of("name", "bbox", "in", "query", "required", false, "style", "form",
                "explode", false, "description", "minx,miny,maxx,maxy in bbox-crs (default CRS84: lon/lat)",
                "schema", Map.of("type", "array", "minItems", 4, "maxItems", 4, "items", Map.of("type", "number"))));
        parameters.put("bbox-crs", query("bbox-crs", "CRS of bbox", crsSchema()));
        parameters.put("crs", query("crs", "CRS of the returned geometries", crsSchema()));
        parameters.put("filter-crs", query("filter-crs", "CRS of WKT geometries in the filter", crsSchema()));
        parameters.put("datetime", query("datetime", "A date or an RFC 3339 timestamp, or an interval a/b with "
                + "'..' or nothing for an open end; an incident matches when its period [startDate, endDate] overlaps it",
                Map.of("type", "string")));
        parameters.put("limit", query("limit", "Features per page", Map.of("type", "integer", "minimum", 1,
                "maximum", MAX_LIMIT, "default", DEFAULT_LIMIT)));
        parameters.put("after", query("after", "Continue after this feature id (from the next link)",
                Map.of("type", "string")));
        parameters.put("filter", query("filter", "A CQL2 text filter on the queryables", Map.of("type", "string")));
        parameters.put("filter-lang", query("filter-lang", "Filter language", Map.of("type", "string",
                "enum", List.of("cql2-text", "cql-text"), "default", "cql2-text")));
        parameters.put("category", query("category", "Category keys, comma-separated", Map.of("type", "string")));
        parameters.put("q", query("q", "Text in title, description or place name", Map.of("type", "string")));
        parameters.put("province", query("province", "Province codes, comma-separated", Map.of("type", "string")));
        parameters.put("country", query("country", "ISO 3166-1 alpha-3 codes, comma-separated",
                Map.of("type", "string")));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Incident mapper – OGC API - Features", "version", "1.0",
                "description", "Incidents of scam compounds, forced labour and trafficking. Signed-in accounts only: "
                        + "HTTP Basic or a bearer token; viewers see sensitive incidents generalised."));
        doc.put("servers", List.of(Map.of("url", base + "/ogc")));
        doc.put("components", Map.of("parameters", parameters, "securitySchemes", Map.of(
                "basic", Map.of("type", "http", "scheme", "basic"),
                "bearer", Map.of("type", "http", "scheme", "bearer"))));
        doc.put("security", List.of(Map.of("basic", List.of()), Map.of("bearer", List.of())));
        doc.put("paths", paths);
        return doc;
    }

    private static Map<String, Object> crsSchema() {
        return Map.of("type", "string", "format", "uri", "enum", OgcCrs.uris(), "default", OgcCrs.CRS84.uri());
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/parameters/" + name);
    }

    private static Map<String, Object> query(String name, String description, Map<String, Object> schema) {
        return Map.of("name", name, "in", "query", "required", false, "description", description, "schema", schema);
    }

    private static Map<String, Object> get(String summary, List<Map<String, Object>> parameters, String response) {
        return Map.of("get", Map.of("summary", summary, "parameters", parameters,
                "responses", Map.of("200", Map.of("description", response),
                        "400", Map.of("description", "A parameter is invalid (problem+json naming it)"),
                        "401", Map.of("description", "Not signed in"))));
    }
}
