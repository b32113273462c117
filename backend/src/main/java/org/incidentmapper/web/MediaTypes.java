package org.incidentmapper.web;

/** Media types the API speaks beyond Spring's own. */
public final class MediaTypes {

    public static final String GEO_JSON = "application/geo+json";

    private MediaTypes() {
    }
}
