package org.incidentmapper.category;

import java.time.LocalDate;

/**
 * A category as the API lists it, with the number of incidents in it and the dates of the first and last. For a
 * sensitive category below analyst level (README "Disclosure policy"): {@code listed} is false (its incidents are
 * not listed one by one), {@code count} counts only cells of at least k incidents, {@code withheld} is true when
 * some were left out, and count and dates are null when nothing is left.
 */
public record Category(String key, String label, String colour, boolean period, boolean sensitive, Long count,
        LocalDate firstDate, LocalDate lastDate, boolean withheld, boolean listed) {
}
