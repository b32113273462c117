package org.incidentmapper.duplicate;

import java.util.ArrayList;
import java.util.List;

import org.incidentmapper.incident.IncidentFields;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds candidate duplicate pairs, in SQL: incidents chosen by the filters, each joined to the incidents of the same
 * category whose geometry is within the distance (a box around it first, so the spatial index serves the join; then
 * exactly, on the spheroid) and whose period is within the days; the pair is kept when the titles, normalised by
 * {@code duplicate_title_key()} (place names of the gazetteer replaced by their place), are similar enough, and it
 * is not a pair kept apart. PostgreSQL writes the JSON answer.
 */
@Component
class CandidateRepository {

    private static final String FILTER_BBOX = " AND i.geom && ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326)";
    private static final String FILTER_PERIOD =
            " AND daterange(i.start_date, i.end_date, '[]') && daterange(:from, :to, '[]')";
    private static final String FILTER_CATEGORY = " AND i.category = :category";

    /** Pairs by score; {@code {{FILTERS}}} takes the filters of the chosen incidents, {@code {{FEATURE}}} a Feature. */
    private static final String CANDIDATES = """
            WITH chosen AS MATERIALIZED (
                SELECT i.id, i.category, i.geom, i.start_date, i.end_date,
                       -- degrees that hold :distance metres around the geometry, at its latitude farthest from the equator
                       :distance / 110574.0 AS dlat,
                       :distance / (111320.0 * cos(radians(least(89.0, greatest(abs(ST_YMin(i.geom)), abs(ST_YMax(i.geom)))
                                                                    + :distance / 110574.0)))) AS dlon
                FROM incident i
                WHERE true {{FILTERS}}
            ),
            near AS MATERIALIZED (
                -- each pair once: from its lower id, or from the chosen one when the other is not chosen; at most
                -- :examine pairs (newest chosen incidents first), so a wide filter costs a bounded time
                SELECT least(a.id, b.id) AS low_id, greatest(a.id, b.id) AS high_id,
                       ST_Distance(a.geom::geography, b.geom::geography) AS meters,
                       CASE WHEN daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]')
                            THEN 0 ELSE greatest(b.start_date - a.end_date, a.start_date - b.end_date) END AS days_apart
                FROM (SELECT * FROM chosen ORDER BY start_date DESC, id DESC) a
                JOIN incident b ON b.category = a.category AND b.id <> a.id
                     AND b.geom && ST_Expand(a.geom, a.dlon, a.dlat)
                     AND daterange(b.start_date, b.end_date, '[]')
                         && daterange(a.start_date - :days, a.end_date + :days, '[]')
                     AND ST_DWithin(a.geom::geography, b.geom::geography, :distance)
                WHERE (b.id > a.id OR b.id NOT IN (SELECT c.id FROM chosen c))  -- a hashed set
                  AND NOT EXISTS (SELECT 1 FROM incident_kept_apart k
                                  WHERE k.low_id = least(a.id, b.id) AND k.high_id = greatest(a.id, b.id))
                LIMIT :examine
            ),
            -- id → normalised title, once per incident (a map: the pairs look both up by key)
            titled AS MATERIALIZED (
                SELECT jsonb_object_agg(CAST(i.id AS text), duplicate_title_key(i.title, i.geom)) AS keys
                FROM incident i WHERE i.id IN (SELECT low_id FROM near UNION SELECT high_id FROM near)
            ),
            scored AS (
                SELECT n.*, similarity(k.a, k.b) AS title_similarity, k.a AS key_a, k.b AS key_b
                FROM near n CROSS JOIN titled t
                CROSS JOIN LATERAL (SELECT t.keys ->> CAST(n.low_id AS text) AS a,
                                           t.keys ->> CAST(n.high_id AS text) AS b) k
            ),
            ranked AS (
                SELECT s.*, round(CAST(0.5 * s.title_similarity
                                       + 0.3 * (1 - s.meters / greatest(:distance, 1))
                                       + 0.2 * (1 - s.days_apart / (:days + 1.0)) AS numeric), 3) AS score
                FROM scored s
                WHERE s.title_similarity >= :minSimilarity
                ORDER BY score DESC, s.low_id, s.high_id
                LIMIT :limit
            ),
            placed AS (
                SELECT r.*, ARRAY(SELECT unnest(duplicate_title_places(r.key_a))
                                  INTERSECT SELECT unnest(duplicate_title_places(r.key_b)) ORDER BY 1) AS places
                FROM ranked r
            ),
            -- the place each token of the returned pairs stands for (its alias name first)
            place_name AS MATERIALIZED (
                SELECT DISTINCT ON (token) duplicate_place_token(g.place_key) AS token, g.display_name
                FROM gazetteer_place g
                WHERE duplicate_place_token(g.place_key) IN (SELECT unnest(places) FROM placed)
                ORDER BY token, g.source, g.id
            )
            SELECT CAST(json_build_object(
                'parameters', json_build_object('distance', :distance, 'days', :days, 'minSimilarity', :minSimilarity,
                                                'limit', :limit),
                -- true: more near pairs than were examined; a narrower filter (bbox, from/to, category) sees them all
                'truncated', (SELECT count(*) FROM near) >= :examine,
                'pairs', coalesce(json_agg(json_build_object(
                    'score', r.score,
                    'distanceMeters', round(CAST(r.meters AS numeric)),
                    'daysApart', r.days_apart,
                    'titleSimilarity', round(CAST(r.title_similarity AS numeric), 3),
                    'sharedPlaces', (SELECT coalesce(json_agg(n.display_name ORDER BY n.display_name), '[]')
                                     FROM place_name n WHERE n.token = ANY (r.places)),
                    'reasons', json_build_array(
                        'same category',
                        CASE WHEN r.meters < 1000 THEN round(CAST(r.meters AS numeric)) || ' m apart'
                             ELSE round(CAST(r.meters / 1000 AS numeric), 1) || ' km apart' END,
                        CASE WHEN r.days_apart = 0 THEN 'dates overlap' ELSE r.days_apart || ' days apart' END,
                        'titles ' || round(CAST(100 * r.title_similarity AS numeric)) || '% similar'
                            || CASE WHEN cardinality(r.places) > 0 THEN ' (both name the same place)' ELSE '' END),
                    'a', (SELECT {{FEATURE}} FROM incident i WHERE i.id = r.low_id),
                    'b', (SELECT {{FEATURE}} FROM incident i WHERE i.id = r.high_id))
                    ORDER BY r.score DESC, r.low_id, r.high_id), '[]')) AS text)
            FROM placed r""";

    /** Near pairs (same category, distance, days) whose titles are compared at most, per request. */
    static final int EXAMINED_PAIRS = 5_000;

    private final JdbcClient jdbc;

    CandidateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The answer of {@code GET /api/duplicates}: {@code {parameters, pairs: [{score, reasons, a, b, …}]}}. */
    String find(CandidateQuery q) {
        List<String> filters = new ArrayList<>();
        if (q.bbox() != null) {
            filters.add(FILTER_BBOX);
        }
        if (q.from() != null || q.to() != null) {
            filters.add(FILTER_PERIOD);
        }
        if (q.category() != null) {
            filters.add(FILTER_CATEGORY);
        }
        String sql = CANDIDATES.replace("{{FILTERS}}", String.join("", filters))
                .replace("{{FEATURE}}", IncidentFields.FEATURE_JSON);
        JdbcClient.StatementSpec statement = jdbc.sql(sql)
                .param("distance", q.distance()).param("days", q.days())
                .param("minSimilarity", q.minSimilarity()).param("limit", q.limit())
                .param("examine", EXAMINED_PAIRS);
        if (q.bbox() != null) {
            statement = statement.param("minLon", q.bbox().minLon()).param("minLat", q.bbox().minLat())
                    .param("maxLon", q.bbox().maxLon()).param("maxLat", q.bbox().maxLat());
        }
        if (q.from() != null || q.to() != null) {
            statement = statement.param("from", q.from(), java.sql.Types.DATE).param("to", q.to(), java.sql.Types.DATE);
        }
        if (q.category() != null) {
            statement = statement.param("category", q.category());
        }
        return statement.query(String.class).single();
    }
}
