package org.incidentmapper.ogc;

/**
 * A CQL2 filter that cannot be parsed or does not fit the queryables: a 400 problem+json naming the parameter and
 * the character position (0-based) in the filter where the problem starts.
 */
class Cql2Exception extends RuntimeException {

    private final int position;

    Cql2Exception(int position, String detail) {
        super(detail + " (at position " + position + ")");
        this.position = position;
    }

    int position() {
        return position;
    }
}
