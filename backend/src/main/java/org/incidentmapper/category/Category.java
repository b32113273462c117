package org.incidentmapper.category;

import java.time.LocalDate;

/** A category as the API lists it, with the number of incidents in it and the dates of the first and last. */
public record Category(String key, String label, String colour, boolean period, long count, LocalDate firstDate,
        LocalDate lastDate) {
}
