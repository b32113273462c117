package org.incidentmapper.web;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;

/**
 * Parses dates given as {@code YYYY-MM-DD}, {@code YYYY-MM} or {@code YYYY}: a month or a year starts on its first
 * day when it is a lower bound and ends on its last day when it is an upper bound, so {@code from=2022&to=2022} is
 * all of 2022.
 */
public final class DateParam {

    private DateParam() {
    }

    public static LocalDate lowerBound(String parameter, String text) {
        return parameter(parameter, text, false);
    }

    public static LocalDate upperBound(String parameter, String text) {
        return parameter(parameter, text, true);
    }

    /**
     * The first ({@code upper} false) or last day that {@code text} names.
     *
     * @throws IllegalArgumentException with a message for a user when the text is no date in one of the three forms
     */
    public static LocalDate bound(String text, boolean upper) {
        try {
            if (text.matches("\\d{4}")) {
                Year year = Year.parse(text);
                return upper ? year.atMonth(12).atEndOfMonth() : year.atDay(1);
            }
            if (text.matches("\\d{4}-\\d{2}")) {
                YearMonth month = YearMonth.parse(text);
                return upper ? month.atEndOfMonth() : month.atDay(1);
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + QueryParams.abbreviate(text) + "' is not a calendar date");
        }
        throw new IllegalArgumentException("must be a date as YYYY-MM-DD, YYYY-MM or YYYY, not '"
                + QueryParams.abbreviate(text) + "'");
    }

    private static LocalDate parameter(String parameter, String text, boolean upper) {
        try {
            return bound(text, upper);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, "'" + parameter + "' " + e.getMessage());
        }
    }
}
