package org.incidentmapper.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decides which requests the standby serves: GETs of the read paths below (map, lists, aggregates, GeoJSON export),
 * unless the caller wrote within {@code mapper.replica.read-own-writes} (default 10s), so a caller always reads
 * their own writes. A write marks the caller twice: a cookie (seen by every instance) and, for scripts that keep no
 * cookies, their account name on this instance. Every other request, and everything outside a request, uses the
 * primary. Runs after the security filters, so it knows the caller.
 */
@Component
@Order(0)
@ConditionalOnExpression("!'${mapper.replica.url:}'.isBlank()")
class ReplicaReadFilter extends OncePerRequestFilter {

    /** Cookie a write sets; while it lives, the caller's reads go to the primary. */
    static final String WROTE_COOKIE = "MAPPER_WROTE";

    /**
     * Read paths the standby may serve. An allow-list: a new endpoint reads from the primary until it is added.
     * Exports other than GeoJSON stay on the primary: ogr2ogr connects with the primary's address and shares the
     * app's snapshot, which exists only on the server that made it.
     */
    private static final List<String> READ_PREFIXES = List.of("/api/incidents", "/api/provinces", "/api/categories",
            "/api/boundaries", "/api/geocode", "/api/map");

    private final Duration ownWrites;
    private final Map<String, Long> lastWriteByAccount = new ConcurrentHashMap<>();

    ReplicaReadFilter(@Value("${mapper.replica.read-own-writes:10s}") Duration ownWrites) {
        this.ownWrites = ownWrites;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method)) {
            markWrite(response);
            try {
                chain.doFilter(request, response);
            } finally {
                account().ifPresent(name -> lastWriteByAccount.put(name, System.currentTimeMillis()));
            }
            return;
        }
        if (!readPath(request) || wroteRecently(request)) {
            chain.doFilter(request, response);
            return;
        }
        ReplicaRouting.beginRead();
        try {
            chain.doFilter(request, response);
        } finally {
            ReplicaRouting.endRead();
        }
    }

    private static boolean readPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/api/export")) {
            return "geojson".equalsIgnoreCase(request.getParameter("format"));
        }
        return READ_PREFIXES.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    private boolean wroteRecently(HttpServletRequest request) {
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (WROTE_COOKIE.equals(cookie.getName())) {
                    return true;
                }
            }
        }
        Long last = account().map(lastWriteByAccount::get).orElse(null);
        return last != null && System.currentTimeMillis() - last < ownWrites.toMillis();
    }

    private void markWrite(HttpServletResponse response) {
        Cookie cookie = new Cookie(WROTE_COOKIE, "1");
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setMaxAge((int) Math.max(1, ownWrites.toSeconds()));
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    private static java.util.Optional<String> account() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(auth.getName());
    }
}
