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
 * A small HTTP client for tests: calls the running app as one of the {@link TestAccounts} (with its bearer token, or
 * HTTP Basic through {@link #basic}), or anonymously, and reads the JSON answer. {@code new Api(port)} calls as an
 * analyst.
 */
public final class Api {

    public record Response(int status, String contentType, String body, String etag, String location,
            java.net.http.HttpHeaders headers) {
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

    /** Calls as the test account named {@code role} with its bearer token, or anonymously when {@code role} is null. */
    public Api(int port, String role) {
        this(role == null ? null : "Bearer " + TestAccounts.token(role), port);
    }

    private Api(String authorization, int port) {
        this.port = port;
        this.authorization = authorization;
    }

    /** Calls as the test account named {@code role} with HTTP Basic and its password (hashed on every request). */
    public static Api basic(int port, String role) {
        return new Api("Basic " + Base64.getEncoder()
                .encodeToString((role + ":" + TestAccounts.PASSWORD).getBytes(StandardCharsets.UTF_8)), port);
    }

    public static Api anonymous(int port) {
        return new Api(port, null);
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    public Response get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    /** {@code method} (POST, PUT, DELETE) with a JSON body (or null) and header name/value pairs. */
    public Response send(String method, String path, String json, String... headers) {
        HttpRequest.Builder request = request(path).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/geo+json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A multipart/form-data POST of one file (part {@code file}) and form fields as name/value pairs. */
    public Response upload(String path, String fileName, byte[] content, String... fields) {
        String boundary = "----mapper-test-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        for (int i = 0; i < fields.length; i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i]
                    + "\"\r\n\r\n" + fields[i + 1] + "\r\n").getBytes(utf8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(utf8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** A request to {@code path} carrying this client's credentials. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path)));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    /** Any request; the answer with its ETag and Location headers. */
    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().firstValue("ETag").orElse(null), r.headers().firstValue("Location").orElse(null),
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
