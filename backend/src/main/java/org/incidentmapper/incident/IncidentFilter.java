package org.incidentmapper.incident;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.Bbox;
import org.incidentmapper.web.DateParam;
import org.incidentmapper.web.QueryParams;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Which incidents a request asks for. Every part is optional and they combine with AND.
 *
 * @param bbox       incidents whose geometry intersects the box (edges included)
 * @param from       incidents whose period [start, end] overlaps [from, to]; an open end is still running
 * @param to         upper bound of that window, inclusive
 * @param categories any of these category keys
 * @param q          case-insensitive text in title, description or location name
 */
public record IncidentFilter(Bbox bbox, LocalDate from, LocalDate to, List<String> categories, String q) {

    /** Query parameters that select incidents, shared by every endpoint that takes this filter. */
    public static final Set<String> PARAMETERS = Set.of("bbox", "from", "to", "category", "q");

    public static final IncidentFilter ALL = new IncidentFilter(null, null, null, List.of(), null);

    /** Reads the filter from {@code params}; categories must be among {@code knownCategories}. */
    public static IncidentFilter parse(QueryParams params, Set<String> knownCategories) {
        Bbox bbox = params.get("bbox").map(v -> Bbox.parse("bbox", v)).orElse(null);
        LocalDate from = params.get("from").map(v -> DateParam.lowerBound("from", v)).orElse(null);
        LocalDate to = params.get("to").map(v -> DateParam.upperBound("to", v)).orElse(null);
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadParameterException("from", "'from' (" + from + ") is after 'to' (" + to + ")");
        }
        List<String> categories = params.get("category").map(v -> categories(v, knownCategories)).orElse(List.of());
        String q = params.get("q").orElse(null);
        if (q != null && q.length() > 200) {
            throw new BadParameterException("q", "'q' is longer than 200 characters");
        }
        return new IncidentFilter(bbox, from, to, categories, q);
    }

    private static List<String> categories(String text, Set<String> known) {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : text.split(",")) {
            key = key.strip();
            if (key.isEmpty()) {
                continue;
            }
            if (!known.contains(key)) {
                throw new BadParameterException("category", "Unknown category '" + QueryParams.abbreviate(key)
                        + "'; known categories are " + known.stream().sorted().toList());
            }
            keys.add(key);
        }
        return List.copyOf(keys);
    }

    /**
     * The SQL condition on table alias {@code i} for this filter, built from fixed pieces; every value is added
     * to {@code params} as a bound parameter. Always valid SQL ({@code TRUE} when nothing is filtered).
     */
    public String sqlWhere(MapSqlParameterSource params) {
        StringBuilder where = new StringBuilder("TRUE");
        if (bbox != null) {
            where.append(" AND ST_Intersects(i.geom, ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326))");
            params.addValue("minLon", bbox.minLon()).addValue("minLat", bbox.minLat())
                    .addValue("maxLon", bbox.maxLon()).addValue("maxLat", bbox.maxLat());
        }
        if (from != null || to != null) {
            // same expression as incident_period_idx, so the index serves it
            where.append(" AND daterange(i.start_date, i.end_date, '[]')"
                    + " && daterange(CAST(:from AS date), CAST(:to AS date), '[]')");
            params.addValue("from", from).addValue("to", to);
        }
        if (!categories.isEmpty()) {
            where.append(" AND i.category IN (:categories)");
            params.addValue("categories", categories);
        }
        if (q != null) {
            where.append(" AND (i.title ILIKE :q OR i.description ILIKE :q OR i.location_name ILIKE :q)");
            params.addValue("q", "%" + likeEscape(q) + "%");
        }
        return where.toString();
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
