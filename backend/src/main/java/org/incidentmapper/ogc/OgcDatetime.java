package org.incidentmapper.ogc;

import java.time.LocalDate;

import org.incidentmapper.web.BadParameterException;

/**
 * The {@code datetime} parameter of OGC API - Features as a window of calendar days: an instant (a date or an RFC
 * 3339 timestamp, taken as its UTC day) is one day; an interval {@code a/b} runs from a to b, either end open when
 * it is {@code ..} or empty. An incident matches when its period [start, end] overlaps the window.
 *
 * @param from first day, null when open
 * @param to   last day, null when open
 */
record OgcDatetime(LocalDate from, LocalDate to) {

    static final OgcDatetime ANY = new OgcDatetime(null, null);

    static OgcDatetime parse(String text) {
        if (text == null || text.isBlank()) {
            return ANY;
        }
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2) {
            throw new BadParameterException("datetime", "'datetime' is an instant or one interval start/end");
        }
        if (parts.length == 1) {
            LocalDate day = day(parts[0]);
            if (day == null) {
                throw new BadParameterException("datetime", "'datetime' needs a date, or an interval such as 2022-01-01/..");
            }
            return new OgcDatetime(day, day);
        }
        LocalDate from = day(parts[0]);
        LocalDate to = day(parts[1]);
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadParameterException("datetime", "'datetime' starts (" + from + ") after it ends (" + to + ")");
        }
        return new OgcDatetime(from, to);
    }

    private static LocalDate day(String text) {
        String value = text.strip();
        if (value.isEmpty() || value.equals("..")) {
            return null;
        }
        try {
            return Cql2Parser.date(0, value);
        } catch (Cql2Exception e) {
            throw new BadParameterException("datetime", "'datetime': '" + (value.length() > 40
                    ? value.substring(0, 40) + "…" : value) + "' is not a date (YYYY-MM-DD) or an RFC 3339 timestamp");
        }
    }
}
