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
final class GeometryCheck {

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    /** Thrown with a message a user can act on. */
    static final class BadGeometry extends Exception {
        BadGeometry(String message) {
            super(message);
        }
    }

    private GeometryCheck() {
    }

    static Geometry read(JsonNode geometry) throws BadGeometry {
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
