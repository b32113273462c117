package org.incidentmapper.site;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.incidentmapper.audit.AuditLog;
import org.incidentmapper.web.Bbox;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads relocations as LineString Features written by PostGIS ({@link SiteSql#RELOCATION_FEATURE}; a caller below
 * analyst level reads the generalised sites, so an arc touching a sensitive site ends at its cell centre) and
 * writes them, audited.
 */
@Repository
class RelocationRepository {

    private static final String SNAPSHOT = """
            SELECT CAST(to_jsonb(r) || jsonb_build_object('sources', (SELECT coalesce(jsonb_agg(to_jsonb(src)
                ORDER BY src.position), '[]') FROM relocation_source src WHERE src.relocation_id = r.id)) AS text)
            FROM relocation r WHERE r.id = :id""";

    private final JdbcClient jdbc;
    private final AuditLog audit;

    RelocationRepository(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Relocations dated in [from, to] (either open), whose arc intersects {@code bbox} (null: anywhere), of these
     * kinds (empty: any), by date then id, as a FeatureCollection with numberReturned.
     */
    String collection(LocalDate from, LocalDate to, Bbox bbox, List<String> kinds) {
        MapSqlParameterSource params = new MapSqlParameterSource("from", from).addValue("to", to);
        StringBuilder where = new StringBuilder("""
                (CAST(:from AS date) IS NULL OR r.date >= CAST(:from AS date))
                AND (CAST(:to AS date) IS NULL OR r.date <= CAST(:to AS date))""");
        if (bbox != null) {
            params.addValue("minLon", bbox.minLon()).addValue("minLat", bbox.minLat())
                    .addValue("maxLon", bbox.maxLon()).addValue("maxLat", bbox.maxLat());
            where.append(" AND ST_Intersects(ST_MakeLine(").append(SiteSql.anchor("fs.geom")).append(", ")
                    .append(SiteSql.anchor("ts.geom"))
                    .append("), ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326))");
        }
        if (!kinds.isEmpty()) {
            params.addValue("kinds", kinds);
            where.append(" AND r.kind IN (:kinds)");
        }
        return jdbc.sql("SELECT json_build_object('type', 'FeatureCollection', 'features', "
                + "coalesce(json_agg(f.feature ORDER BY f.date, f.id), '[]'), 'numberReturned', count(*))::text "
                + "FROM (SELECT r.id, r.date, " + SiteSql.RELOCATION_FEATURE + " AS feature" + SiteSql.RELOCATION_FROM
                + " WHERE " + where + ") f").paramSource(params).query(String.class).single();
    }

    /** One relocation as a Feature with its version; empty when none has the id. */
    Optional<SiteRepository.Versioned> find(long id) {
        return jdbc.sql("SELECT " + SiteSql.RELOCATION_FEATURE + "::text, r.version" + SiteSql.RELOCATION_FROM
                + " WHERE r.id = :id").param("id", id)
                .query((row, n) -> new SiteRepository.Versioned(row.getString(1), row.getInt(2))).optional();
    }

    /** The ids among these that no site has. */
    List<Long> missingSites(long... ids) {
        return java.util.Arrays.stream(ids).distinct()
                .filter(id -> !jdbc.sql("SELECT EXISTS (SELECT 1 FROM site WHERE id = :id)").param("id", id)
                        .query(Boolean.class).single())
                .boxed().toList();
    }

    long create(RelocationRecord r) {
        long id = jdbc.sql("""
                INSERT INTO relocation (from_site_id, to_site_id, kind, date, date_precision, note, created_by)
                VALUES (:from, :to, :kind, :date, :precision, :note, :createdBy) RETURNING id""")
                .paramSource(params(r).addValue("createdBy", AuditLog.actor())).query(Long.class).single();
        SiteWriter.writeSources("relocation_source", "relocation_id", id, r.sources(), jdbc);
        audit.record("create", "relocation", Long.toString(id), null, snapshot(id), null);
        return id;
    }

    /** Replaces relocation {@code id} (locked by the caller at the version it expects), one version more. */
    void replace(long id, RelocationRecord r) {
        String before = snapshot(id);
        jdbc.sql("""
                UPDATE relocation SET from_site_id = :from, to_site_id = :to, kind = :kind, date = :date,
                    date_precision = :precision, note = :note, version = version + 1, updated_at = now()
                WHERE id = :id""").paramSource(params(r).addValue("id", id)).update();
        jdbc.sql("DELETE FROM relocation_source WHERE relocation_id = :id").param("id", id).update();
        SiteWriter.writeSources("relocation_source", "relocation_id", id, r.sources(), jdbc);
        audit.record("update", "relocation", Long.toString(id), before, snapshot(id), null);
    }

    void delete(long id) {
        String before = snapshot(id);
        jdbc.sql("DELETE FROM relocation WHERE id = :id").param("id", id).update();
        audit.record("delete", "relocation", Long.toString(id), before, null, null);
    }

    Optional<Integer> lockVersion(long id) {
        return jdbc.sql("SELECT version FROM relocation WHERE id = :id FOR UPDATE").param("id", id)
                .query(Integer.class).optional();
    }

    private static MapSqlParameterSource params(RelocationRecord r) {
        return new MapSqlParameterSource().addValue("from", r.fromSiteId()).addValue("to", r.toSiteId())
                .addValue("kind", r.kind()).addValue("date", r.date()).addValue("precision", r.datePrecision())
                .addValue("note", r.note());
    }

    private String snapshot(long id) {
        return jdbc.sql(SNAPSHOT).param("id", id).query(String.class).optional().orElse(null);
    }
}
