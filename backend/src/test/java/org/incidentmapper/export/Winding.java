package org.incidentmapper.export;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The check of @mapbox/geojsonhint's "Polygons and MultiPolygons should follow the right-hand rule" (RFC 7946
 * §3.1.6), done on served JSON: the signed area (shoelace) of every ring, positive for counter-clockwise.
 */
final class Winding {

    private Winding() {
    }

    /** Twice the signed area of {@code ring} (an array of [x, y] positions): &gt; 0 counter-clockwise. */
    static double signedArea(JsonNode ring) {
        double sum = 0;
        for (int k = 0; k + 1 < ring.size(); k++) {
            JsonNode a = ring.get(k);
            JsonNode b = ring.get(k + 1);
            sum += a.get(0).asDouble() * b.get(1).asDouble() - b.get(0).asDouble() * a.get(1).asDouble();
        }
        return sum;
    }

    /**
     * What breaks the rule in {@code geometry} (a GeoJSON geometry, or null): one line per ring wound the wrong
     * way; empty when every exterior is counter-clockwise and every hole clockwise.
     */
    static List<String> violations(JsonNode geometry) {
        List<String> wrong = new ArrayList<>();
        if (geometry == null || geometry.isNull()) {
            return wrong;
        }
        switch (geometry.get("type").asString()) {
            case "Polygon" -> polygon(geometry.get("coordinates"), "", wrong);
            case "MultiPolygon" -> {
                for (int p = 0; p < geometry.get("coordinates").size(); p++) {
                    polygon(geometry.get("coordinates").get(p), "polygon " + p + " ", wrong);
                }
            }
            default -> { }
        }
        return wrong;
    }

    /** How many rings {@code geometry} has (0 for points), so a check cannot pass on no polygons at all. */
    static int rings(JsonNode geometry) {
        if (geometry == null || geometry.isNull()) {
            return 0;
        }
        return switch (geometry.get("type").asString()) {
            case "Polygon" -> geometry.get("coordinates").size();
            case "MultiPolygon" -> {
                int n = 0;
                for (JsonNode polygon : geometry.get("coordinates").values()) {
                    n += polygon.size();
                }
                yield n;
            }
            default -> 0;
        };
    }

    private static void polygon(JsonNode rings, String where, List<String> wrong) {
        for (int r = 0; r < rings.size(); r++) {
            double area = signedArea(rings.get(r));
            if (r == 0 && area <= 0) {
                wrong.add(where + "exterior ring is clockwise");
            } else if (r > 0 && area >= 0) {
                wrong.add(where + "hole " + r + " is counter-clockwise");
            }
        }
    }
}
