package org.incidentmapper.duplicate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.incidentmapper.audit.AuditLog;
import org.incidentmapper.incident.IncidentFields;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The statements of a merge, its undo and keeping a pair apart; callers hold the transaction and have locked the
 * incidents ({@link #lock}). Snapshots are taken by the SQL functions of migration V70 ({@code incident_row_snapshot},
 * {@code incident_sources_snapshot}, {@code incident_restore_row}), which read the columns from the catalogue, so a
 * column another feature adds to incident or incident_source is kept and restored without a change here.
 */
@Component
class MergeRepository {

    /**
     * The fields a survivor may take from the merged incident (Feature name → column). Identity (external id),
     * category, country, province and sensitivity are not offered: a merge joins reports of one event, it does not
     * move an incident elsewhere.
     */
    static final Map<String, String> TAKEABLE = java.util.stream.Stream.of(IncidentFields.TITLE,
                    IncidentFields.DESCRIPTION, IncidentFields.START_DATE, IncidentFields.END_DATE,
                    IncidentFields.DATE_PRECISION, IncidentFields.GEOMETRY, IncidentFields.LOCATION_NAME,
                    IncidentFields.LOCATION_PRECISION, IncidentFields.VICTIMS_COUNT,
                    IncidentFields.VICTIM_NATIONALITIES, IncidentFields.STATUS)
            .collect(Collectors.toMap(f -> f.json, f -> f.column, (a, b) -> a, java.util.LinkedHashMap::new));

    private static final String FEATURE = "CAST((" + IncidentFields.FEATURE_JSON + ") AS jsonb)";

    /** A locked incident as a merge needs it. */
    record Locked(long id, int version, String category) {
    }

    /** One row of incident_merge, as the undo needs it. */
    record Merge(long id, long survivorId, long mergedId, int survivorVersionAfter, boolean undone) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    MergeRepository(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Locks the live incidents among {@code ids} (in id order, so two merges cannot deadlock) until commit. */
    Map<Long, Locked> lock(long... ids) {
        return jdbc.sql("SELECT id, version, category FROM incident WHERE id IN (:ids) ORDER BY id FOR UPDATE")
                .param("ids", java.util.Arrays.stream(ids).boxed().toList())
                .query((row, n) -> new Locked(row.getLong(1), row.getInt(2), row.getString(3))).list().stream()
                .collect(Collectors.toMap(Locked::id, l -> l));
    }

    /** The live merge that took incident {@code id} out, if one did. */
    Optional<Long> mergedInto(long id) {
        return jdbc.sql("SELECT survivor_id FROM incident_merge WHERE merged_id = :id AND undone_at IS NULL")
                .param("id", id).query(Long.class).optional();
    }

    /**
     * Merges {@code merged} into {@code survivor} (both locked, same category): the survivor takes the fields named
     * in {@code take}, becomes sensitive when either was, gets the merged incident's sources after its own (a URL it
     * has already is not added twice) and a new version; the merged incident leaves table incident for the merge
     * record. History and audit record both. Returns the merge's id.
     */
    long merge(long survivor, long merged, List<String> take) {
        long mergeId = jdbc.sql("""
                INSERT INTO incident_merge (survivor_id, merged_id, merged_by, taken_fields, merged_row, merged_sources,
                    merged_feature, survivor_row_before, survivor_sources_before, survivor_version_after)
                SELECT :survivor, :merged, :actor, CAST(:take AS text[]), incident_row_snapshot(:merged),
                       incident_sources_snapshot(:merged), (SELECT {{FEATURE}} FROM incident i WHERE i.id = :merged),
                       incident_row_snapshot(:survivor), incident_sources_snapshot(:survivor), 0
                RETURNING id""".replace("{{FEATURE}}", FEATURE))
                .param("survivor", survivor).param("merged", merged).param("actor", AuditLog.actor())
                .param("take", "{" + String.join(",", take) + "}")
                .query(Long.class).single();
        String before = feature(survivor);
        String taken = take.stream().map(f -> TAKEABLE.get(f) + " = m." + TAKEABLE.get(f))
                .map(s -> s + ", ").collect(Collectors.joining());
        int version = jdbc.sql("UPDATE incident s SET " + taken + "sensitive = s.sensitive OR m.sensitive, "
                + "version = s.version + 1, updated_at = now() FROM incident m WHERE s.id = :survivor AND m.id = :merged "
                + "RETURNING s.version")
                .param("survivor", survivor).param("merged", merged).query(Integer.class).single();
        // the merged sources after the survivor's, in their order; a URL the survivor (or an earlier one) has is skipped
        jdbc.sql("""
                INSERT INTO incident_source
                SELECT r.* FROM incident_merge g,
                     LATERAL (SELECT coalesce(max(position), 0) AS last FROM incident_source WHERE incident_id = :survivor) l,
                     LATERAL jsonb_populate_recordset(NULL::incident_source, (
                         SELECT jsonb_agg(k.source || jsonb_build_object('incident_id', :survivor,
                                                                          'position', l.last + k.n) ORDER BY k.n)
                         FROM (SELECT u.source, row_number() OVER (ORDER BY u.ord) AS n
                               FROM (SELECT e.source, e.ord,
                                            row_number() OVER (PARTITION BY e.source ->> 'url' ORDER BY e.ord) AS copy
                                     FROM jsonb_array_elements(g.merged_sources) WITH ORDINALITY AS e(source, ord)) u
                               WHERE u.source ->> 'url' IS NULL
                                  OR (u.copy = 1 AND NOT EXISTS (SELECT 1 FROM incident_source o
                                                                  WHERE o.incident_id = :survivor
                                                                    AND o.url = u.source ->> 'url'))) k)) r
                WHERE g.id = :mergeId""")
                .param("survivor", survivor).param("mergeId", mergeId).update();
        jdbc.sql("UPDATE incident_merge SET survivor_version_after = :version WHERE id = :mergeId")
                .param("version", version).param("mergeId", mergeId).update();
        jdbc.sql("""
                INSERT INTO incident_history (incident_id, action, version, before, after)
                SELECT merged_id, 'merge', CAST(merged_row ->> 'version' AS integer), merged_feature, NULL
                FROM incident_merge WHERE id = :mergeId""").param("mergeId", mergeId).update();
        jdbc.sql("DELETE FROM incident WHERE id = :merged").param("merged", merged).update();
        String after = feature(survivor);
        history(survivor, version, before, after);
        audit.record("merge", "incident", Long.toString(survivor), before, after, detail(mergeId));
        return mergeId;
    }

    /** The merge {@code id}, locked until commit. */
    Optional<Merge> lockMerge(long id) {
        return jdbc.sql("""
                SELECT id, survivor_id, merged_id, survivor_version_after, undone_at IS NOT NULL
                FROM incident_merge WHERE id = :id FOR UPDATE""").param("id", id)
                .query((row, n) -> new Merge(row.getLong(1), row.getLong(2), row.getLong(3), row.getInt(4),
                        row.getBoolean(5)))
                .optional();
    }

    /** The incident that has the merged incident's external id now (re-imported since), if any. */
    Optional<Long> externalIdTaken(long mergeId) {
        return jdbc.sql("""
                SELECT i.id FROM incident_merge g JOIN incident i ON i.external_id = g.merged_row ->> 'external_id'
                WHERE g.id = :id""").param("id", mergeId).query(Long.class).optional();
    }

    /**
     * Undoes merge {@code m} (its survivor locked and at the version the merge left): the survivor gets back the
     * fields it took, its sensitivity and its sources as they were, with a new version; the merged incident comes
     * back exactly as it was (same id, fields, version, sources).
     */
    void undo(Merge m) {
        String before = feature(m.survivorId());
        String restored = java.util.stream.Stream.concat(TAKEABLE.values().stream(), java.util.stream.Stream.of("sensitive"))
                .collect(Collectors.joining(", "));
        int version = jdbc.sql("UPDATE incident s SET (" + restored + ") = (SELECT " + restored
                + " FROM jsonb_populate_record(NULL::incident, g.survivor_row_before)), version = s.version + 1, "
                + "updated_at = now() FROM incident_merge g WHERE g.id = :id AND s.id = g.survivor_id RETURNING s.version")
                .param("id", m.id()).query(Integer.class).single();
        jdbc.sql("DELETE FROM incident_source WHERE incident_id = :survivor").param("survivor", m.survivorId()).update();
        jdbc.sql("""
                INSERT INTO incident_source
                SELECT r.* FROM incident_merge g,
                     LATERAL jsonb_populate_recordset(NULL::incident_source, g.survivor_sources_before) r
                WHERE g.id = :id""").param("id", m.id()).update();
        jdbc.sql("SELECT incident_restore_row(merged_row) FROM incident_merge WHERE id = :id").param("id", m.id())
                .query(String.class).list();
        jdbc.sql("""
                INSERT INTO incident_source
                SELECT r.* FROM incident_merge g,
                     LATERAL jsonb_populate_recordset(NULL::incident_source, g.merged_sources) r
                WHERE g.id = :id""").param("id", m.id()).update();
        jdbc.sql("UPDATE incident_merge SET undone_at = now(), undone_by = :actor WHERE id = :id")
                .param("actor", AuditLog.actor()).param("id", m.id()).update();
        String mergedFeature = feature(m.mergedId());
        jdbc.sql("""
                INSERT INTO incident_history (incident_id, action, version, before, after)
                SELECT :merged, 'restore', i.version, NULL, CAST(:feature AS jsonb) FROM incident i WHERE i.id = :merged""")
                .param("merged", m.mergedId()).param("feature", mergedFeature).update();
        String after = feature(m.survivorId());
        history(m.survivorId(), version, before, after);
        audit.record("undo-merge", "incident", Long.toString(m.survivorId()), before, after, detail(m.id()));
        audit.record("restore", "incident", Long.toString(m.mergedId()), null, mergedFeature, detail(m.id()));
    }

    /** Records that {@code a} and {@code b} are different events; false when that was recorded already. */
    boolean keepApart(long a, long b) {
        int added = jdbc.sql("""
                INSERT INTO incident_kept_apart (low_id, high_id, decided_by) VALUES (:low, :high, :actor)
                ON CONFLICT DO NOTHING""")
                .param("low", Math.min(a, b)).param("high", Math.max(a, b)).param("actor", AuditLog.actor()).update();
        if (added > 0) {
            audit.record("keep-apart", "incident", Long.toString(Math.min(a, b)), null, null,
                    "{\"a\":" + Math.min(a, b) + ",\"b\":" + Math.max(a, b) + "}");
        }
        return added > 0;
    }

    /** The most recent merges, newest first, as JSON (for the review screen's undo list). */
    String recent(int limit) {
        return jdbc.sql("""
                SELECT CAST(coalesce(json_agg(json_build_object('id', g.id, 'survivorId', g.survivor_id,
                    'mergedId', g.merged_id, 'mergedAt', g.merged_at, 'mergedBy', g.merged_by,
                    'mergedTitle', g.merged_row ->> 'title', 'survivorTitle', s.title, 'takenFields', g.taken_fields,
                    'undoneAt', g.undone_at, 'undoneBy', g.undone_by) ORDER BY g.merged_at DESC, g.id DESC), '[]') AS text)
                FROM (SELECT * FROM incident_merge ORDER BY merged_at DESC, id DESC LIMIT :limit) g
                LEFT JOIN incident s ON s.id = g.survivor_id""").param("limit", limit).query(String.class).single();
    }

    /** Incident {@code id} as the API writes it (null when it is not in table incident). */
    String feature(long id) {
        return jdbc.sql("SELECT CAST(" + FEATURE + " AS text) FROM incident i WHERE i.id = :id").param("id", id)
                .query(String.class).optional().orElse(null);
    }

    private void history(long id, int version, String before, String after) {
        jdbc.sql("""
                INSERT INTO incident_history (incident_id, action, version, before, after)
                VALUES (:id, 'update', :version, CAST(:before AS jsonb), CAST(:after AS jsonb))""")
                .param("id", id).param("version", version).param("before", before).param("after", after).update();
    }

    private static String detail(long mergeId) {
        return "{\"merge\":" + mergeId + "}";
    }
}
