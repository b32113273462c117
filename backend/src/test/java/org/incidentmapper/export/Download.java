package org.incidentmapper.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One answer of the running app, kept as bytes: an exported file or a problem+json. */
record Download(int status, HttpHeaders headers, byte[] body) {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static Download get(int port, String pathAndQuery) {
        return get(port, pathAndQuery, "analyst");
    }

    /** As the test account named {@code role}. */
    static Download get(int port, String pathAndQuery, String role) {
        try {
            HttpResponse<byte[]> r = CLIENT.send(
                    new org.incidentmapper.Api(port, role).request(pathAndQuery).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Download(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
        return JsonMapper.builder().build().readTree(body);
    }
}
