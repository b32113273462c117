package org.incidentmapper.gazetteer;

/**
 * One place a name may mean.
 *
 * @param name        the name that matched, as written in the gazetteer
 * @param placeKey    the place's key: an alias key such as {@code sihanoukville}, or {@code geonames:…}
 * @param displayName the place's usual name
 * @param country     ISO 3166-1 alpha-3
 * @param province    ISO 3166-2, or null where unknown
 * @param precision   {@code town}, {@code province} or {@code country}
 * @param score       1 for an exact (normalised) match, less for prefix and similar-spelling matches
 * @param exact       whether the normalised name equals the query
 * @param ambiguous   whether the gazetteer marks this name as meaning more than one thing
 * @param source      {@code alias} (hand-made list) or {@code geonames}
 */
public record Candidate(String name, String placeKey, String displayName, double lon, double lat, String country,
        String province, String precision, double score, boolean exact, boolean ambiguous, String source,
        String note) {
}
