package org.incidentmapper.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser-like client for tests: cookies, the login form, and the XSRF-TOKEN cookie sent back as a header. */
final class BrowserSession {

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;

    BrowserSession(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Logs in with the form; returns the status of the form POST (302 either way) and where it sends the browser. */
    HttpResponse<String> login(String username, String password) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/login")).GET());
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        String form = "username=" + enc(username) + "&password=" + enc(password);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (csrf.find()) {
            form += "&_csrf=" + enc(csrf.group(1));
        } else if (cookie("XSRF-TOKEN") != null) {
            // the sign-in page of login.js: the token goes in the header, from the cookie, as the page sends it
            post.header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"));
        } else {
            throw new AssertionError("no CSRF field or XSRF-TOKEN cookie with the login page: " + page.body());
        }
        return send(post.POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A JSON POST; with {@code csrf} the XSRF-TOKEN cookie goes back as the X-XSRF-TOKEN header, as the map does. */
    HttpResponse<String> post(String path, String json, boolean csrf) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf) {
            get("/api/me"); // makes sure the current token's cookie is set
            builder.header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"));
        }
        return send(builder);
    }

    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    void setCookie(String name, String value) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).toList()
                .forEach(c -> cookies.getCookieStore().remove(null, c));
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(base), cookie);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
