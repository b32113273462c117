package org.incidentmapper.web;

/**
 * A bounding box in EPSG:4326 degrees, parsed from {@code minLon,minLat,maxLon,maxLat} (the order of RFC 7946 and
 * OGC API Features). Edges are inclusive. Boxes crossing the antimeridian are refused.
 */
public record Bbox(double minLon, double minLat, double maxLon, double maxLat) {

    public static Bbox parse(String parameter, String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new BadParameterException(parameter,
                    "'" + parameter + "' must be four numbers minLon,minLat,maxLon,maxLat; got " + parts.length + " values");
        }
        double[] v = new double[4];
        String[] names = {"minLon", "minLat", "maxLon", "maxLat"};
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new BadParameterException(parameter, "'" + parameter + "': " + names[i] + " is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw new BadParameterException(parameter, "'" + parameter + "': " + names[i] + " is not a finite number");
            }
            double limit = i % 2 == 0 ? 180 : 90;
            if (Math.abs(v[i]) > limit) {
                throw new BadParameterException(parameter, "'" + parameter + "': " + names[i] + " must be between -"
                        + (int) limit + " and " + (int) limit);
            }
        }
        if (v[1] > v[3]) {
            throw new BadParameterException(parameter, "'" + parameter + "': minLat is greater than maxLat");
        }
        if (v[0] > v[2]) {
            throw new BadParameterException(parameter,
                    "'" + parameter + "': minLon is greater than maxLon (boxes across the antimeridian are not supported)");
        }
        return new Bbox(v[0], v[1], v[2], v[3]);
    }
}
