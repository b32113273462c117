package org.incidentmapper.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Content-Security-Policy of every response. Scripts only from the app itself: no {@code unsafe-inline}, no
 * {@code eval}; the one inline script the map page needs, its import map (browsers do not load import maps from a
 * file), is allowed by its SHA-256, computed here from the page as it is packaged, so editing the import map
 * cannot silently break the page. Images also from the basemap's tile server ({@code mapper.map.tile-url}); styles
 * may be inline (Leaflet positions its panes with style attributes). No framing, no plugins, forms post only here.
 */
final class ContentSecurityPolicy {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>",
            Pattern.DOTALL);

    private ContentSecurityPolicy() {
    }

    /** The policy for a map page at {@code /index.html} on the classpath and tiles from {@code tileUrl}. */
    static String forApp(String tileUrl) {
        StringBuilder scripts = new StringBuilder("'self'");
        for (String hash : inlineScriptHashes(page("/META-INF/resources/index.html"))) {
            scripts.append(" '").append(hash).append('\'');
        }
        String tiles = tileOrigin(tileUrl);
        return "default-src 'self'; script-src " + scripts + "; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:"
                + (tiles.isEmpty() ? "" : " " + tiles) + "; connect-src 'self'; font-src 'self'; object-src 'none'; "
                + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /** {@code sha256-…} of the text of every inline script of {@code html}, as a browser hashes it. */
    static List<String> inlineScriptHashes(String html) {
        List<String> hashes = new ArrayList<>();
        Matcher m = INLINE_SCRIPT.matcher(html);
        while (m.find()) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
                hashes.add("sha256-" + Base64.getEncoder().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return hashes;
    }

    /** The scheme, host and port of a tile URL template ({@code {s}} subdomains become {@code *}); empty if none. */
    static String tileOrigin(String tileUrl) {
        if (tileUrl == null || tileUrl.isBlank()) {
            return "";
        }
        String template = tileUrl.replace("{s}", "subdomain").replaceAll("\\{[^}]*\\}", "0");
        URI uri = URI.create(template);
        if (uri.getScheme() == null || uri.getHost() == null) {
            return "";
        }
        String host = tileUrl.contains("{s}") ? uri.getHost().replaceFirst("^subdomain", "*") : uri.getHost();
        return uri.getScheme() + "://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    private static String page(String resource) {
        try (InputStream in = ContentSecurityPolicy.class.getResourceAsStream(resource)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
