package org.incidentmapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests: calls the running app as one of the {@link TestAccounts} (HTTP Basic), or
 * anonymously, and reads the JSON answer. {@code new Api(port)} calls as an analyst.
 */
public final class Api {

    public record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final int port;
    private final String authorization;

    public Api(int port) {
        this(port, "analyst");
    }

    /** Calls as the test account named {@code role}, or anonymously when {@code role} is null. */
    public Api(int port, String role) {
        this.port = port;
        this.authorization = role == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((role + ":" + TestAccounts.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    public static Api anonymous(int port) {
        return new Api(port, null);
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    public Response get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    public Response send(String method, String pathAndQuery, String contentType, String body) {
        HttpRequest.Builder builder = request(pathAndQuery)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(pathAndQuery)));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private static Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers());
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
