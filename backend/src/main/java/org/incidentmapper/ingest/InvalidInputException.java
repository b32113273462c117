package org.incidentmapper.ingest;

import java.util.List;

/** An input with records that cannot be written; nothing of it was written. */
public class InvalidInputException extends RuntimeException {

    private final List<RecordError> errors;

    public InvalidInputException(List<RecordError> errors) {
        super(errors.size() + " invalid record(s), first: " + errors.get(0));
        this.errors = List.copyOf(errors);
    }

    public List<RecordError> errors() {
        return errors;
    }
}
