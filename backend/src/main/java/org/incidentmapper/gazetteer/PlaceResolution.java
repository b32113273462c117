package org.incidentmapper.gazetteer;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a place name given instead of coordinates comes to: the one place it means, or why it cannot be used
 * ({@code problem}) with the places it might mean. Only an exact match of the normalised name to exactly one place
 * the gazetteer does not mark ambiguous is used; a misspelling is never silently corrected.
 */
public record PlaceResolution(Candidate place, String problem, List<Candidate> candidates) {

    static PlaceResolution of(List<Candidate> found) {
        List<Candidate> exact = found.stream().filter(Candidate::exact).toList();
        if (exact.size() == 1 && !exact.get(0).ambiguous()) {
            return new PlaceResolution(exact.get(0), null, exact);
        }
        if (exact.size() > 1) {
            return new PlaceResolution(null, "is ambiguous: " + exact.size() + " places have this name ("
                    + describe(exact) + "); give coordinates, a country, or a more specific name", exact);
        }
        if (exact.size() == 1) {
            return new PlaceResolution(null, "is ambiguous (" + exact.get(0).note() + "); give coordinates or a "
                    + "more specific name", exact);
        }
        if (found.isEmpty()) {
            return new PlaceResolution(null, "was not found in the gazetteer; give coordinates", found);
        }
        return new PlaceResolution(null, "was not found in the gazetteer; did you mean " + describe(found)
                + "? Give that name or coordinates", found);
    }

    public boolean resolved() {
        return place != null;
    }

    private static String describe(List<Candidate> candidates) {
        return candidates.stream().limit(5).map(c -> c.displayName() + " (" + c.country()
                + (c.province() == null ? "" : " " + c.province()) + ", " + c.precision() + ")")
                .collect(Collectors.joining(", "));
    }
}
