package org.incidentmapper.ingest;

import java.util.List;

import org.incidentmapper.incident.RecordError;

import tools.jackson.databind.JsonNode;

/**
 * One row of an import file (a CSV record or a GeoJSON feature) as Feature properties and geometry, ready for
 * {@link org.incidentmapper.incident.IncidentInput}.
 *
 * @param number   1-based number of the data row (CSV: the header is not counted) or feature
 * @param line     line of the file on which the row starts (CSV); 0 where unknown
 * @param errors   what was wrong before validation even began (a cell that is not a number, a bad WKT)
 * @param original the row as it was in the file, for the rejected-rows CSV
 */
record ImportRow(int number, int line, JsonNode properties, JsonNode geometry, List<RecordError> errors,
        List<String> original) {
}
