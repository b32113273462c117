package org.incidentmapper.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

/** Writes the problem+json bodies of the security layer, which answers before any controller runs. */
final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /**
     * A 401 names Basic to a caller that tried Basic and to non-browser clients (GDAL, QGIS, curl: no text/html in
     * Accept and no Sec-Fetch-Mode header, which every current browser sends), which then send the credentials
     * they were given. Naming it to the map's own requests would make the browser pop up its password dialog
     * instead of letting the page send the user to the login form, so browsers get Bearer.
     */
    static void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        if (status == 401) {
            String tried = request.getHeader("Authorization");
            boolean basic = tried != null && tried.regionMatches(true, 0, "Basic ", 0, 6);
            String accept = request.getHeader("Accept");
            boolean browser = request.getHeader("Sec-Fetch-Mode") != null
                    || (accept != null && accept.contains("text/html"));
            basic = basic || !browser;
            response.setHeader("WWW-Authenticate", (basic ? "Basic" : "Bearer") + " realm=\"incident-mapper\"");
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        JSON.writeValue(response.getWriter(), problem);
    }
}
