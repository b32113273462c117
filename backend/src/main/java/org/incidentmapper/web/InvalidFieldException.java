package org.incidentmapper.web;

/**
 * A field of a request body that is well-formed but not acceptable (a common password, say): answered with 422
 * problem+json naming {@code field}, in {@code parameter} and in {@code errors: [{field, message}]}.
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
