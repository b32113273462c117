package org.incidentmapper.category;

import java.time.LocalDate;

/**
 * A category as the API lists it, with the number of incidents in it and the dates of the first and last. For a
 * sensitive category the count and dates are null when a viewer would see fewer than the threshold.
 */
public record Category(String key, String label, String colour, boolean period, boolean sensitive, Long count,
        LocalDate firstDate, LocalDate lastDate) {
}
