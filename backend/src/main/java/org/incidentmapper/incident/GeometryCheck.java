package org.incidentmapper.incident;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import tools.jackson.databind.JsonNode;

/**
 * Reads an RFC 7946 geometry (Point, Polygon or MultiPolygon, lon/lat) into JTS and says what is wrong with it:
 * an unsupported type, a malformed or out-of-range coordinate, an unclosed ring, or invalid topology.
 */
public final class GeometryCheck {

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    /** Thrown with a message a user can act on. */
    public static final class BadGeometry extends Exception {
        BadGeometry(String message) {
            super(message);
        }
    }

    private GeometryCheck() {
    }

    /**
     * The geometry as it is stored: coordinates rounded to {@link IncidentFields#COORDINATE_DECIMALS} decimals (what
     * the API writes back, so a GET then PUT changes nothing; a third dimension is dropped) and polygon rings wound as RFC 7946 §3.1.6 says,
     * exteriors counterclockwise and holes clockwise. Only the coordinates of Point, Polygon and MultiPolygon are
     * rewritten; {@link #read} judges the result.
     */
    public static JsonNode normalised(JsonNode geometry) {
        if (geometry == null || !geometry.isObject() || !geometry.path("coordinates").isArray()) {
            return geometry;
        }
        tools.jackson.databind.node.ObjectNode copy = ((tools.jackson.databind.node.ObjectNode) geometry).deepCopy();
        JsonNode coordinates = copy.get("coordinates");
        switch (copy.path("type").asString("")) {
            case "Point" -> copy.set("coordinates", rounded(coordinates));
            case "Polygon" -> copy.set("coordinates", wound(coordinates));
            case "MultiPolygon" -> {
                tools.jackson.databind.node.ArrayNode polygons = copy.arrayNode();
                coordinates.values().forEach(p -> polygons.add(wound(p)));
                copy.set("coordinates", polygons);
            }
            default -> { }
        }
        return copy;
    }

    /** A position as stored: longitude and latitude rounded (a z or m is dropped); anything else as it is. */
    private static JsonNode rounded(JsonNode position) {
        if (!position.isArray() || position.size() < 2 || !position.get(0).isNumber() || !position.get(1).isNumber()
                || !Double.isFinite(position.get(0).asDouble()) || !Double.isFinite(position.get(1).asDouble())) {
            return position; // read() says what is wrong with it
        }
        // every number as a double, so 103, 103.0 and 103.0000001 are one text (and one content hash)
        return tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                .add(round(position.get(0).asDouble())).add(round(position.get(1).asDouble()));
    }

    private static double round(double degrees) {
        return java.math.BigDecimal.valueOf(degrees)
                .setScale(IncidentFields.COORDINATE_DECIMALS, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    /** Polygon rings rounded, the first counterclockwise and the others clockwise. */
    private static JsonNode wound(JsonNode rings) {
        if (!rings.isArray()) {
            return rings;
        }
        tools.jackson.databind.node.ArrayNode out = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        int index = 0;
        for (JsonNode ring : rings.values()) {
            if (!ring.isArray()) {
                out.add(ring);
                continue;
            }
            List<JsonNode> positions = new ArrayList<>();
            ring.values().forEach(p -> positions.add(rounded(p)));
            double area = signedArea(positions);
            if (area != 0 && (area > 0) != (index == 0)) {
                java.util.Collections.reverse(positions);
            }
            out.addArray().addAll(positions);
            index++;
        }
        return out;
    }

    /** Twice the signed area of a ring by the shoelace formula: positive when counterclockwise. */
    private static double signedArea(List<JsonNode> ring) {
        double sum = 0;
        for (int i = 0; i + 1 < ring.size(); i++) {
            JsonNode a = ring.get(i);
            JsonNode b = ring.get(i + 1);
            if (!a.isArray() || !b.isArray() || a.size() < 2 || b.size() < 2) {
                return 0;
            }
            sum += a.get(0).asDouble() * b.get(1).asDouble() - b.get(0).asDouble() * a.get(1).asDouble();
        }
        return sum;
    }

    public static Geometry read(JsonNode geometry) throws BadGeometry {
        if (geometry == null || geometry.isNull() || !geometry.isObject()) {
            throw new BadGeometry("is missing");
        }
        String type = geometry.path("type").asString("");
        JsonNode coordinates = geometry.path("coordinates");
        Geometry result = switch (type) {
            case "Point" -> FACTORY.createPoint(coordinate(coordinates));
            case "Polygon" -> polygon(coordinates);
            case "MultiPolygon" -> {
                List<Polygon> polygons = new ArrayList<>();
                for (JsonNode polygon : array(coordinates, "MultiPolygon coordinates")) {
                    polygons.add(polygon(polygon));
                }
                yield FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
            }
            default -> throw new BadGeometry("type must be Point, Polygon or MultiPolygon, not '" + type + "'");
        };
        TopologyValidationError error = new IsValidOp(result).getValidationError();
        if (error != null) {
            throw new BadGeometry("is not valid: " + error.getMessage() + " near " + error.getCoordinate());
        }
        return result;
    }

    private static Polygon polygon(JsonNode rings) throws BadGeometry {
        List<LinearRing> linear = new ArrayList<>();
        for (JsonNode ring : array(rings, "Polygon coordinates")) {
            List<Coordinate> points = new ArrayList<>();
            for (JsonNode position : array(ring, "a ring")) {
                points.add(coordinate(position));
            }
            if (points.size() < 4) {
                throw new BadGeometry("a polygon ring needs at least 4 positions, has " + points.size());
            }
            if (!points.get(0).equals2D(points.get(points.size() - 1))) {
                throw new BadGeometry("a polygon ring is not closed (first and last positions differ)");
            }
            linear.add(FACTORY.createLinearRing(points.toArray(Coordinate[]::new)));
        }
        if (linear.isEmpty()) {
            throw new BadGeometry("a polygon has no rings");
        }
        return FACTORY.createPolygon(linear.get(0), linear.subList(1, linear.size()).toArray(LinearRing[]::new));
    }

    private static Coordinate coordinate(JsonNode position) throws BadGeometry {
        if (!position.isArray() || position.size() < 2 || !position.get(0).isNumber() || !position.get(1).isNumber()) {
            throw new BadGeometry("a position must be [longitude, latitude], got " + abbreviate(position));
        }
        double lon = position.get(0).asDouble();
        double lat = position.get(1).asDouble();
        if (lon >= 0 && lon <= 30 && lat >= 92 && lat <= 127) {
            throw new BadGeometry("position [" + lon + ", " + lat + "] has longitude and latitude swapped: in this "
                    + "region longitude is 92..127 and latitude 0..30 (RFC 7946 order is [longitude, latitude])");
        }
        if (!Double.isFinite(lon) || !Double.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
            throw new BadGeometry("position [" + lon + ", " + lat + "] is outside longitude -180..180, latitude -90..90");
        }
        return new Coordinate(lon, lat);
    }

    private static Iterable<JsonNode> array(JsonNode node, String what) throws BadGeometry {
        if (!node.isArray()) {
            throw new BadGeometry(what + " must be an array");
        }
        return node.values();
    }

    private static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
