package org.incidentmapper.gazetteer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finds the places a name may mean, ranked: exact matches of the normalised name first (hand-made aliases before
 * GeoNames), then names the query is the start of, then similar spellings (trigram similarity, for Latin script;
 * Khmer, Thai and Chinese names match exactly or by prefix). A GeoNames place within 5 km of an alias place found
 * by the same query is the same place and is dropped, so "Sihanoukville" is one candidate, not two.
 */
@Repository
public class Geocoder {

    /** Trigram similarity below which a spelling is not offered. */
    static final double MIN_SIMILARITY = 0.35;
    private static final double SAME_PLACE_METRES = 5000;

    private final JdbcClient jdbc;

    Geocoder(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Candidates for {@code query}, best first, at most {@code limit}, optionally only in {@code country}
     * (alpha-3). Each place appears once, under the name of it that matched best.
     */
    public List<Candidate> candidates(String query, String country, int limit) {
        List<Hit> hits = jdbc.sql("""
                WITH q AS (SELECT gazetteer_key(:query) AS k),
                hit AS (
                  SELECT g.*, g.search_key = q.k AS exact,
                         CASE WHEN g.search_key = q.k THEN 1.0
                              WHEN starts_with(g.search_key, q.k)
                                THEN 0.6 + 0.3 * length(q.k)::float8 / length(g.search_key)
                              ELSE similarity(g.search_key, q.k) END AS score
                  FROM gazetteer_place g, q
                  WHERE q.k <> ''
                    AND (g.search_key = q.k
                         OR g.search_key LIKE replace(replace(replace(q.k, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
                         OR g.search_key % q.k)
                    AND (CAST(:country AS text) IS NULL OR g.country = :country)
                )
                SELECT h.name, h.place_key, h.display_name, ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat, h.country,
                       h.province, h.precision, h.score, h.exact, h.source, h.note
                FROM hit h
                WHERE h.exact OR h.score >= :minSimilarity
                ORDER BY h.score DESC, h.source = 'alias' DESC, h.precision = 'town' DESC, h.name, h.place_key
                LIMIT 500""")
                .param("query", query).param("country", country).param("minSimilarity", MIN_SIMILARITY)
                .query((row, n) -> new Hit(row.getString("name"), row.getString("place_key"),
                        row.getString("display_name"), row.getDouble("lon"), row.getDouble("lat"),
                        row.getString("country").strip(), row.getString("province"), row.getString("precision"),
                        Math.round(row.getDouble("score") * 1000) / 1000.0, row.getBoolean("exact"),
                        row.getString("source"), row.getString("note")))
                .list();
        return rank(hits, limit);
    }

    /** What {@code place} comes to as the location of an incident, optionally only in {@code country}. */
    public PlaceResolution resolve(String place, String country) {
        return PlaceResolution.of(candidates(place, country, 10));
    }

    /** One candidate per place, GeoNames places that duplicate an alias place folded into it. */
    static List<Candidate> rank(List<Hit> hits, int limit) {
        Map<String, Hit> places = new LinkedHashMap<>();
        List<Hit> aliasPlaces = new ArrayList<>();
        for (Hit hit : hits) {
            if (hit.source().equals("alias") && !places.containsKey(hit.placeKey())) {
                aliasPlaces.add(hit);
            }
            places.putIfAbsent(hit.placeKey(), hit);
        }
        List<Candidate> result = new ArrayList<>();
        for (Hit hit : places.values()) {
            if (hit.source().equals("geonames") && aliasPlaces.stream()
                    .anyMatch(a -> a.country().equals(hit.country()) && metres(a, hit) < SAME_PLACE_METRES)) {
                continue;
            }
            result.add(hit.candidate());
            if (result.size() == limit) {
                break;
            }
        }
        return result;
    }

    private static double metres(Hit a, Hit b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat()))
                * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
    }

    /** One gazetteer row that matched. */
    record Hit(String name, String placeKey, String displayName, double lon, double lat, String country,
            String province, String precision, double score, boolean exact, String source, String note) {

        Candidate candidate() {
            boolean ambiguous = note != null && note.toLowerCase(java.util.Locale.ROOT).contains("ambiguous");
            return new Candidate(name, placeKey, displayName, lon, lat, country, province, precision, score, exact,
                    ambiguous, source, note);
        }
    }
}
