package org.incidentmapper.export;

/** An export could not be produced; the message, for the log only, says why. Answered 500 "Export failed". */
class ExportFailedException extends RuntimeException {

    ExportFailedException(String message) {
        super(message);
    }

    ExportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
