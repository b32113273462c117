package org.incidentmapper.incident;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
 * @param rating     incidents whose best-supported Admiralty rating is among these grades ({@link RatingFilter#ANY}:
 *                   no condition)
 */
public record IncidentFilter(Bbox bbox, LocalDate from, LocalDate to, List<String> categories, String q,
        List<String> provinces, List<String> countries, RatingFilter rating) {

    /** Query parameters that select incidents, shared by every endpoint that takes this filter. */
    public static final Set<String> PARAMETERS = Set.of("bbox", "from", "to", "category", "q", "province", "country",
            RatingFilter.RELIABILITY, RatingFilter.CREDIBILITY, RatingFilter.MIN_RATING, RatingFilter.CONFIRMED);

    /** A filter without a rating condition (what callers that predate ratings build). */
    public IncidentFilter(Bbox bbox, LocalDate from, LocalDate to, List<String> categories, String q,
            List<String> provinces, List<String> countries) {
        this(bbox, from, to, categories, q, provinces, countries, RatingFilter.ANY);
    }

    public IncidentFilter {
        rating = rating == null ? RatingFilter.ANY : rating;
    }

    /**
     * Whether the filter asks about ratings: the precomputed counts ({@code incident_month_count}) do not know
     * ratings, so a rated filter is counted from the incidents themselves.
     */
    public boolean rated() {
        return rating.constrains();
    }

    /** The filter's parameters and an endpoint's own, e.g. {@code format} for exports. */
    public static Set<String> parametersWith(String... more) {
        Set<String> all = new HashSet<>(PARAMETERS);
        all.addAll(Set.of(more));
        return Set.copyOf(all);
    }

    public static final IncidentFilter ALL = new IncidentFilter(null, null, null, List.of(), null, List.of(), List.of());

    private static final Pattern PROVINCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,49}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{3}");

    /**
     * Reads the filter from {@code params}; categories must be among {@code knownCategories}, provinces known to
     * {@code knownProvince} (null: any well-formed code). {@code knownProvince} is asked only about the codes a
     * request names, so it can look each up by index instead of listing every code per request.
     */
    public static IncidentFilter parse(QueryParams params, Set<String> knownCategories,
            Predicate<String> knownProvince) {
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
        if (q != null && q.chars().anyMatch(Character::isISOControl)) {
            // the searched text joins title, description and place with line breaks (search_text, V88): a search
            // holding one could match across two fields
            throw new BadParameterException("q", "'q' may not contain line breaks, tabs or other control characters");
        }
        List<String> provinces = params.get("province").map(v -> provinces(v, knownProvince)).orElse(List.of());
        List<String> countries = params.get("country").map(IncidentFilter::countries).orElse(List.of());
        return new IncidentFilter(bbox, from, to, categories, q, provinces, countries, RatingFilter.parse(params));
    }

    private static List<String> provinces(String text, Predicate<String> known) {
        List<String> codes = codes(text);
        for (String code : codes) {
            if (!PROVINCE.matcher(code).matches()) {
                throw new BadParameterException("province", "'province' must be province codes such as KH-18, "
                        + "separated by commas; got '" + QueryParams.abbreviate(code) + "'");
            }
            if (known != null && !known.test(code)) {
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
        return where(new SqlValues() {
            @Override
            public String number(String name, double value) {
                params.addValue(name, value);
                return ":" + name;
            }

            @Override
            public String date(String name, LocalDate value) {
                params.addValue(name, value);
                return ":" + name;
            }

            @Override
            public String text(String name, String value) {
                params.addValue(name, value);
                return ":" + name;
            }

            @Override
            public String textList(String name, List<String> values) {
                params.addValue(name, values);
                return ":" + name;
            }
        });
    }

    /**
     * The same condition as {@link #sqlWhere(MapSqlParameterSource)} with every value written as a literal, for a
     * program that cannot bind parameters (ogr2ogr's {@code -sql}). Numbers and dates are formatted here from their
     * typed values; every string goes through {@code quoteLiteral}, which must be PostgreSQL's own
     * {@code quote_literal} (never a hand-made quoting).
     */
    public String sqlWhereLiterals(UnaryOperator<String> quoteLiteral) {
        return where(new SqlValues() {
            @Override
            public String number(String name, double value) {
                return BigDecimal.valueOf(value).toPlainString();
            }

            @Override
            public String date(String name, LocalDate value) {
                return value == null ? "NULL" : "'" + DateTimeFormatter.ISO_LOCAL_DATE.format(value) + "'";
            }

            @Override
            public String text(String name, String value) {
                return quoteLiteral.apply(value);
            }

            @Override
            public String textList(String name, List<String> values) {
                return values.stream().map(quoteLiteral).collect(Collectors.joining(", "));
            }
        });
    }

    /** The one place the condition is written; {@code values} decides how each value enters it. */
    private String where(SqlValues values) {
        StringBuilder where = new StringBuilder("TRUE");
        if (bbox != null) {
            where.append(" AND ST_Intersects(i.geom, ST_MakeEnvelope(")
                    .append(values.number("minLon", bbox.minLon())).append(", ")
                    .append(values.number("minLat", bbox.minLat())).append(", ")
                    .append(values.number("maxLon", bbox.maxLon())).append(", ")
                    .append(values.number("maxLat", bbox.maxLat())).append(", 4326))");
        }
        if (from != null || to != null) {
            // same expression as incident_period_idx, so the index serves it
            where.append(" AND daterange(i.start_date, i.end_date, '[]')")
                    .append(" && daterange(CAST(").append(values.date("from", from)).append(" AS date), CAST(")
                    .append(values.date("to", to)).append(" AS date), '[]')");
        }
        if (!categories.isEmpty()) {
            where.append(" AND i.category IN (").append(values.textList("categories", categories)).append(")");
        }
        if (!provinces.isEmpty()) {
            where.append(" AND i.province IN (").append(values.textList("provinces", provinces)).append(")");
        }
        if (!countries.isEmpty()) {
            where.append(" AND i.country IN (").append(values.textList("countries", countries)).append(")");
        }
        if (rating.constrains()) {
            // the incident's kept rating (V73) against a pattern made of validated grades only
            where.append(" AND ").append(rating.pattern() == null ? "FALSE"
                    : "EXISTS (SELECT 1 FROM incident_rating r WHERE r.incident_id = i.id AND r.rating ~ "
                            + values.text("rating", rating.pattern()) + ")");
        }
        if (q != null) {
            // the same as title, description or place ILIKE the pattern (ILIKE lower-cases both sides in a
            // multi-byte encoding), through one trigram index on the stored lower-cased text (V88); a viewer's
            // search_text holds only what the viewer is shown
            String pattern = values.text("q", "%" + likeEscape(q) + "%");
            where.append(" AND i.search_text LIKE lower(").append(pattern).append(")");
        }
        return where.toString();
    }

    /** How a value of the filter enters its SQL: the returned text stands for the value. */
    private interface SqlValues {
        String number(String name, double value);

        String date(String name, LocalDate value);

        String text(String name, String value);

        String textList(String name, List<String> values);
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
