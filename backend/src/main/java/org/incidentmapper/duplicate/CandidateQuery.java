package org.incidentmapper.duplicate;

import java.time.LocalDate;
import java.util.Set;

import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.Bbox;
import org.incidentmapper.web.DateParam;
import org.incidentmapper.web.QueryParams;
import org.springframework.util.MultiValueMap;

/**
 * The parameters of {@code GET /api/duplicates}, checked and capped. The filters (bbox, from/to, category) choose
 * the incidents whose duplicates are looked for; their partners may lie outside them.
 *
 * @param distance      metres between the two geometries at most (geography)
 * @param days          days between the two periods at most (0: they overlap or touch)
 * @param minSimilarity trigram similarity of the normalised titles at least (0–1)
 */
record CandidateQuery(Bbox bbox, LocalDate from, LocalDate to, String category, int distance, int days,
        double minSimilarity, int limit) {

    static final int DEFAULT_DISTANCE = 5000;
    static final int MAX_DISTANCE = 50_000;
    static final int DEFAULT_DAYS = 7;
    static final int MAX_DAYS = 366;
    static final double DEFAULT_MIN_SIMILARITY = 0.3;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private static final Set<String> KNOWN = Set.of("bbox", "from", "to", "category", "distance", "days",
            "minSimilarity", "limit");

    static CandidateQuery parse(MultiValueMap<String, String> query) {
        QueryParams p = QueryParams.of(query, KNOWN);
        Bbox bbox = p.get("bbox").map(text -> Bbox.parse("bbox", text)).orElse(null);
        LocalDate from = p.get("from").map(text -> DateParam.lowerBound("from", text)).orElse(null);
        LocalDate to = p.get("to").map(text -> DateParam.upperBound("to", text)).orElse(null);
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadParameterException("from", "'from' is after 'to'");
        }
        String category = p.get("category").orElse(null);
        if (category != null && !category.matches("[a-z][a-z0-9_]{0,49}")) {
            throw new BadParameterException("category", "'category' must be a category key such as 'raid'");
        }
        double minSimilarity = p.get("minSimilarity").map(text -> {
            try {
                double v = Double.parseDouble(text);
                if (v >= 0 && v <= 1) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new BadParameterException("minSimilarity", "'minSimilarity' must be a number from 0 to 1");
        }).orElse(DEFAULT_MIN_SIMILARITY);
        return new CandidateQuery(bbox, from, to, category,
                p.wholeNumber("distance", 0, MAX_DISTANCE).orElse(DEFAULT_DISTANCE),
                p.wholeNumber("days", 0, MAX_DAYS).orElse(DEFAULT_DAYS), minSimilarity,
                p.wholeNumber("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT));
    }
}
