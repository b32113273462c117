package org.incidentmapper.incident;

/**
 * Why one record of an input was refused.
 *
 * @param record 1-based number of the feature (GeoJSON) or data row (CSV)
 * @param field  the property at fault, or {@code geometry}
 */
public record RecordError(int record, String field, String message) {

    @Override
    public String toString() {
        return "record " + record + ", " + field + ": " + message;
    }
}
