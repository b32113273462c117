package org.incidentmapper.site;

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
 * Which sites {@code GET /api/sites} asks for; every part optional, combined with AND.
 *
 * @param bbox      sites whose geometry (as the caller sees it) intersects the box, edges included
 * @param from      sites whose lifecycle ({@code site_period}) overlaps [from, to]
 * @param to        upper end of that window, inclusive; also the day whose state is the site's {@code state}
 * @param q         a name: matches a site whose name or an alias holds it after the gazetteer's normalisation
 *                  ({@code gazetteer_key}), or holds another name of a gazetteer place that has it as a name
 * @param kinds     any of these kinds
 * @param countries any of these ISO 3166-1 alpha-3 codes
 * @param provinces any of these province codes (computed; of a sensitive site, for viewers, from its cell)
 */
record SiteFilter(Bbox bbox, LocalDate from, LocalDate to, String q, List<String> kinds, List<String> countries,
        List<String> provinces) {

    static final Set<String> PARAMETERS = Set.of("bbox", "from", "to", "q", "kind", "country", "province");
    static final List<String> KINDS = List.of("compound", "casino", "hospital", "other");

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{3}");
    private static final Pattern PROVINCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,49}");

    static SiteFilter parse(QueryParams params) {
        Bbox bbox = params.get("bbox").map(v -> Bbox.parse("bbox", v)).orElse(null);
        LocalDate from = params.get("from").map(v -> DateParam.lowerBound("from", v)).orElse(null);
        LocalDate to = params.get("to").map(v -> DateParam.upperBound("to", v)).orElse(null);
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadParameterException("from", "'from' (" + from + ") is after 'to' (" + to + ")");
        }
        String q = params.get("q").orElse(null);
        if (q != null && q.length() > 200) {
            throw new BadParameterException("q", "'q' is longer than 200 characters");
        }
        List<String> kinds = params.get("kind").map(v -> codes("kind", v, k -> KINDS.contains(k),
                "one of " + KINDS)).orElse(List.of());
        List<String> countries = params.get("country").map(v -> codes("country", v.toUpperCase(Locale.ROOT),
                c -> COUNTRY.matcher(c).matches(), "ISO 3166-1 alpha-3 codes such as KHM")).orElse(List.of());
        List<String> provinces = params.get("province").map(v -> codes("province", v,
                c -> PROVINCE.matcher(c).matches(), "province codes such as KH-18")).orElse(List.of());
        return new SiteFilter(bbox, from, to, q, kinds, countries, provinces);
    }

    private static List<String> codes(String parameter, String text, java.util.function.Predicate<String> allowed,
            String what) {
        Set<String> codes = new LinkedHashSet<>();
        for (String code : text.split(",")) {
            code = code.strip();
            if (code.isEmpty()) {
                continue;
            }
            if (!allowed.test(code)) {
                throw new BadParameterException(parameter, "'" + parameter + "' must be " + what
                        + ", separated by commas; got '" + QueryParams.abbreviate(code) + "'");
            }
            codes.add(code);
        }
        return List.copyOf(codes);
    }

    /** The condition on alias {@code s} (a site row as the caller sees it); every value bound in {@code params}. */
    String sqlWhere(MapSqlParameterSource params) {
        StringBuilder where = new StringBuilder("TRUE");
        if (bbox != null) {
            params.addValue("minLon", bbox.minLon()).addValue("minLat", bbox.minLat())
                    .addValue("maxLon", bbox.maxLon()).addValue("maxLat", bbox.maxLat());
            where.append(" AND ST_Intersects(s.geom, ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326))");
        }
        if (from != null || to != null) {
            params.addValue("from", from).addValue("to", to);
            where.append(" AND site_period(s.id) && daterange(CAST(:from AS date), CAST(:to AS date), '[]')");
        }
        if (q != null) {
            params.addValue("q", q);
            where.append(" AND EXISTS (").append(SiteSql.NAME_KEYS).append(" AND strpos(names.k, wanted.k) > 0)");
        }
        if (!kinds.isEmpty()) {
            params.addValue("kinds", kinds);
            where.append(" AND s.kind IN (:kinds)");
        }
        if (!countries.isEmpty()) {
            params.addValue("countries", countries);
            where.append(" AND s.country IN (:countries)");
        }
        if (!provinces.isEmpty()) {
            params.addValue("provinces", provinces);
            where.append(" AND s.province IN (:provinces)");
        }
        return where.toString();
    }
}
