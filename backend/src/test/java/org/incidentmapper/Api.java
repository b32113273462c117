package org.incidentmapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: GET a path of the running app, read the JSON answer. */
public final class Api {

    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final int port;

    public Api(int port) {
        this.port = port;
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    public Response get(String pathAndQuery) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The external ids of the features {@code GET /api/incidents?query} returns, in response order. */
    public List<String> externalIds(String query) {
        Response r = get("/api/incidents" + (query.isEmpty() ? "" : "?" + query));
        if (r.status() != 200) {
            throw new AssertionError("GET /api/incidents?" + query + " gave " + r.status() + ": " + r.body());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode feature : r.json().get("features").values()) {
            ids.add(feature.get("properties").get("externalId").asString());
        }
        return ids;
    }
}
