package org.incidentmapper.incident;

import java.time.LocalDate;
import java.util.List;

/**
 * One validated incident ready to be written. {@code geometryGeoJson} is an RFC 7946 geometry in lon/lat order
 * that JTS found valid; {@code endDate} null means the period is still running; {@code sensitive} ones are shown
 * generalised below analyst level. {@code provinceSource} is "computed" when the input said its province was the
 * computed one (an echo of what it read; the writer then keeps it computed), else null. {@code siteId} is the site
 * the incident belongs to (null: none), known to exist when validated.
 */
public record IncidentRecord(String externalId, String category, String title, String description,
        LocalDate startDate, LocalDate endDate, String datePrecision, String geometryGeoJson, String locationName,
        String locationPrecision, String country, String province, Integer victimsCount,
        List<String> victimNationalities, String status, boolean sensitive, List<Source> sources,
        String provinceSource, Long siteId) {

    /** Where a report of the incident was published. */
    public record Source(String outlet, String url, LocalDate publishedDate, String language) {
    }
}
