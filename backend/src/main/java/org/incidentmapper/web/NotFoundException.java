package org.incidentmapper.web;

/** The addressed resource does not exist: answered with 404 problem+json. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
