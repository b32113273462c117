package org.incidentmapper.site;

import java.time.LocalDate;
import java.util.List;

/**
 * One validated site ready to be written: {@code geometryGeoJson} is a Point or Polygon JTS found valid, with
 * coordinates rounded as stored; states in any order (they are read back in time order).
 */
record SiteRecord(String key, String kind, String name, String geometryGeoJson, String locationPrecision,
        String country, boolean sensitive, List<String> operators, String description, List<Alias> aliases,
        List<State> states) {

    record Alias(String name, String language) {
    }

    record State(String state, LocalDate startDate, String datePrecision, String note, List<Source> sources) {
    }

    /** Where a state or relocation was reported, with the Admiralty rating (both parts may be unknown: null). */
    record Source(String outlet, String url, LocalDate publishedDate, String language, String reliability,
            Integer credibility) {
    }
}
