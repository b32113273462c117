package org.incidentmapper.web;

/** A request parameter a user got wrong: answered with 400 problem+json naming {@code parameter}. */
public class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String detail) {
        super(detail);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
