package org.incidentmapper.ingest;

import java.io.IOException;

/** An input that cannot be used at all (not UTF-8, not CSV or GeoJSON, unknown columns); nothing of it is written. */
public class UnreadableFile extends IOException {

    public UnreadableFile(String message) {
        super(message);
    }
}
