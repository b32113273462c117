package org.incidentmapper.incident;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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
 * @param provinces  any of these province codes (the incident's province, given or computed)
 * @param countries  any of these ISO 3166-1 alpha-3 country codes
 */
public record IncidentFilter(Bbox bbox, LocalDate from, LocalDate to, List<String> categories, String q,
        List<String> provinces, List<String> countries) {

    /** Query parameters that select incidents, shared by every endpoint that takes this filter. */
    public static final Set<String> PARAMETERS = Set.of("bbox", "from", "to", "category", "q", "province", "country");

    public static final IncidentFilter ALL = new IncidentFilter(null, null, null, List.of(), null, List.of(), List.of());

    private static final Pattern PROVINCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,49}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{3}");

    /**
     * Reads the filter from {@code params}; categories must be among {@code knownCategories}. Province codes are
     * only checked for their form: prefer {@link #parse(QueryParams, Set, Set)}, which refuses unknown ones.
     */
    public static IncidentFilter parse(QueryParams params, Set<String> knownCategories) {
        return parse(params, knownCategories, null);
    }

    /**
     * Reads the filter from {@code params}; categories must be among {@code knownCategories}, provinces among
     * {@code knownProvinces} (null: any well-formed code).
     */
    public static IncidentFilter parse(QueryParams params, Set<String> knownCategories, Set<String> knownProvinces) {
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
        List<String> provinces = params.get("province").map(v -> provinces(v, knownProvinces)).orElse(List.of());
        List<String> countries = params.get("country").map(IncidentFilter::countries).orElse(List.of());
        return new IncidentFilter(bbox, from, to, categories, q, provinces, countries);
    }

    private static List<String> provinces(String text, Set<String> known) {
        List<String> codes = codes(text);
        for (String code : codes) {
            if (!PROVINCE.matcher(code).matches()) {
                throw new BadParameterException("province", "'province' must be province codes such as KH-18, "
                        + "separated by commas; got '" + QueryParams.abbreviate(code) + "'");
            }
            if (known != null && !known.contains(code)) {
                throw new BadParameterException("province", "Unknown province '" + QueryParams.abbreviate(code)
                        + "': no boundary and no incident has that code (GET /api/provinces lists the boundaries)");
            }
        }
        return codes;
    }

    private static List<String> countries(String text) {
        List<String> codes = codes(text.toUpperCase(Locale.ROOT));
        for (String code : codes) {
            if (!COUNTRY.matcher(code).matches()) {
                throw new BadParameterException("country", "'country' must be ISO 3166-1 alpha-3 codes such as KHM, "
                        + "separated by commas; got '" + QueryParams.abbreviate(code) + "'");
            }
        }
        return codes;
    }

    private static List<String> codes(String text) {
        Set<String> codes = new LinkedHashSet<>();
        for (String code : text.split(",")) {
            if (!code.isBlank()) {
                codes.add(code.strip());
            }
        }
        return List.copyOf(codes);
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
        if (!provinces.isEmpty()) {
            where.append(" AND i.province IN (:provinces)");
            params.addValue("provinces", provinces);
        }
        if (!countries.isEmpty()) {
            where.append(" AND i.country IN (:countries)");
            params.addValue("countries", countries);
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
