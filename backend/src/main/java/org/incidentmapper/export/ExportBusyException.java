package org.incidentmapper.export;

/** As many exports run as {@code mapper.export.max-concurrent} allows: answered 503 with {@code Retry-After}. */
class ExportBusyException extends RuntimeException {

    ExportBusyException(int running) {
        super(running + " exports are running, the most allowed at once; try again shortly");
    }
}
