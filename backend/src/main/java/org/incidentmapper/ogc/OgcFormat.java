package org.incidentmapper.ogc;

import jakarta.servlet.http.HttpServletRequest;

import org.incidentmapper.web.BadParameterException;

/** JSON or HTML: {@code f=json|html} when given, else the {@code Accept} header (a browser asks for text/html). */
enum OgcFormat {
    JSON, HTML;

    static OgcFormat of(HttpServletRequest request) {
        String f = request.getParameter("f");
        if (f != null && !f.isBlank()) {
            return switch (f.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "json", "geojson", "application/json", "application/geo+json" -> JSON;
                case "html", "text/html" -> HTML;
                default -> throw new BadParameterException("f", "'f' must be json or html");
            };
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html") ? HTML : JSON;
    }
}
