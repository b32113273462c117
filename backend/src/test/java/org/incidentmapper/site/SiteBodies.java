package org.incidentmapper.site;

import java.util.ArrayList;
import java.util.List;

import org.incidentmapper.Api;

import tools.jackson.databind.JsonNode;

/** Request bodies and small helpers for the site tests: each test class makes its own sites. */
final class SiteBodies {

    private SiteBodies() {
    }

    /** A site Feature; {@code extra} is more properties (starting with a comma) or "". */
    static String site(String name, String kind, String geometry, boolean sensitive, String extra) {
        return """
                {"type":"Feature","geometry":%s,
                 "properties":{"kind":"%s","name":"%s","country":"KHM","locationPrecision":"exact","sensitive":%s%s}}"""
                .formatted(geometry, kind, name, sensitive, extra);
    }

    static String point(double lon, double lat) {
        return "{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}";
    }

    /** Creates a site as the analyst; its id. */
    static long create(Api analyst, String body) {
        Api.Response r = analyst.send("POST", "/api/sites", body);
        if (r.status() != 201) {
            throw new AssertionError("POST /api/sites gave " + r.status() + ": " + r.body());
        }
        return r.json().get("id").asLong();
    }

    /** The ids of the features of a GET that must succeed. */
    static List<Long> ids(Api api, String pathAndQuery) {
        Api.Response r = api.get(pathAndQuery);
        if (r.status() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " gave " + r.status() + ": " + r.body());
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode f : r.json().get("features").values()) {
            ids.add(f.get("id").asLong());
        }
        return ids;
    }

    /** The feature with this id in a collection. */
    static JsonNode feature(JsonNode collection, long id) {
        return collection.get("features").values().stream().filter(f -> f.get("id").asLong() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no feature " + id + " in " + collection));
    }

    static String encode(String q) {
        return java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
    }
}
