package org.incidentmapper.site;

import java.util.List;
import java.util.Optional;

import org.incidentmapper.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes sites and their aliases, states and state sources; every change is audited with the site as it was and as
 * it is (rows as PostgreSQL writes them). Callers own the transaction, so a failed write leaves nothing behind.
 * Lists are written as JSON and unpacked by PostgreSQL, values always bound.
 */
@Component
class SiteWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A site and its children as one JSON value, for the audit trail. */
    private static final String SNAPSHOT = """
            SELECT CAST(json_build_object('site', to_jsonb(s) - 'geom_public',
                'aliases', (SELECT coalesce(json_agg(to_jsonb(a) ORDER BY a.position), '[]') FROM site_alias a
                            WHERE a.site_id = s.id),
                'states', (SELECT coalesce(json_agg(to_jsonb(st) || jsonb_build_object('sources',
                               (SELECT coalesce(jsonb_agg(to_jsonb(src) ORDER BY src.position), '[]')
                                FROM site_state_source src WHERE src.state_id = st.id)) ORDER BY st.start_date, st.id),
                               '[]') FROM site_state st WHERE st.site_id = s.id)) AS text)
            FROM site s WHERE s.id = :id""";

    private final JdbcClient jdbc;
    private final AuditLog audit;

    SiteWriter(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Creates the site; its id. */
    long create(SiteRecord site) {
        long id = jdbc.sql("""
                INSERT INTO site (key, kind, name, geom, location_precision, country, sensitive, operators,
                                  description, created_by)
                VALUES (:key, :kind, :name, ST_SetSRID(ST_GeomFromGeoJSON(:geom), 4326), :precision, :country,
                        :sensitive, ARRAY(SELECT json_array_elements_text(CAST(:operators AS json))), :description,
                        :createdBy)
                RETURNING id""").paramSource(params(site).addValue("createdBy", AuditLog.actor()))
                .query(Long.class).single();
        writeChildren(id, site);
        audit.record("create", "site", Long.toString(id), null, snapshot(id), null);
        return id;
    }

    /** Replaces site {@code id} (locked by the caller at the version it expects), one version more. */
    void replace(long id, SiteRecord site) {
        String before = snapshot(id);
        jdbc.sql("""
                UPDATE site SET key = coalesce(:key, key), kind = :kind, name = :name,
                    geom = ST_SetSRID(ST_GeomFromGeoJSON(:geom), 4326), location_precision = :precision,
                    country = :country, sensitive = :sensitive,
                    operators = ARRAY(SELECT json_array_elements_text(CAST(:operators AS json))),
                    description = :description, version = version + 1, updated_at = now()
                WHERE id = :id""").paramSource(params(site).addValue("id", id)).update();
        jdbc.sql("DELETE FROM site_alias WHERE site_id = :id").param("id", id).update();
        jdbc.sql("DELETE FROM site_state WHERE site_id = :id").param("id", id).update();
        writeChildren(id, site);
        audit.record("update", "site", Long.toString(id), before, snapshot(id), null);
    }

    /** Deletes site {@code id} with its states and relocations; its incidents keep existing, unlinked. */
    void delete(long id) {
        String before = snapshot(id);
        jdbc.sql("DELETE FROM site WHERE id = :id").param("id", id).update();
        audit.record("delete", "site", Long.toString(id), before, null, null);
    }

    /** Locks site {@code id} until the transaction ends and says its version; empty when none has that id. */
    Optional<Integer> lockVersion(long id) {
        return jdbc.sql("SELECT version FROM site WHERE id = :id FOR UPDATE").param("id", id).query(Integer.class)
                .optional();
    }

    /** The site whose key is {@code key}, other than {@code exceptId} (null: any). */
    Optional<Long> idOfKey(String key, Long exceptId) {
        return jdbc.sql("SELECT id FROM site WHERE key = :key AND id IS DISTINCT FROM :except")
                .param("key", key).param("except", exceptId).query(Long.class).optional();
    }

    /** Links the incidents with these external ids to site {@code id}; the external ids no incident has. */
    List<String> linkIncidents(long id, List<String> externalIds) {
        String ids = JSON.writeValueAsString(externalIds);
        List<String> missing = jdbc.sql("""
                SELECT e FROM json_array_elements_text(CAST(:ids AS json)) AS e
                WHERE NOT EXISTS (SELECT 1 FROM incident i WHERE i.external_id = e)""")
                .param("ids", ids).query(String.class).list();
        jdbc.sql("""
                UPDATE incident SET site_id = :id
                WHERE external_id IN (SELECT json_array_elements_text(CAST(:ids AS json)))""")
                .param("id", id).param("ids", ids).update();
        return missing;
    }

    private void writeChildren(long id, SiteRecord site) {
        jdbc.sql("""
                INSERT INTO site_alias (site_id, position, name, language)
                SELECT :id, n, a ->> 'name', a ->> 'language'
                FROM json_array_elements(CAST(:aliases AS json)) WITH ORDINALITY AS x(a, n)""")
                .param("id", id).param("aliases", JSON.writeValueAsString(site.aliases())).update();
        for (SiteRecord.State state : site.states()) {
            long stateId = jdbc.sql("""
                    INSERT INTO site_state (site_id, state, start_date, date_precision, note)
                    VALUES (:id, :state, :start, :precision, :note) RETURNING id""")
                    .param("id", id).param("state", state.state()).param("start", state.startDate())
                    .param("precision", state.datePrecision()).param("note", state.note())
                    .query(Long.class).single();
            writeSources("site_state_source", "state_id", stateId, state.sources(), jdbc);
        }
    }

    /** Inserts {@code sources} in order under {@code ownerId}; {@code table} and {@code key} are constants. */
    static void writeSources(String table, String key, long ownerId, List<SiteRecord.Source> sources,
            JdbcClient jdbc) {
        jdbc.sql("INSERT INTO " + table + " (" + key + ", position, outlet, url, published_date, language, "
                + "reliability, credibility) SELECT :owner, n, s ->> 'outlet', s ->> 'url', "
                + "CAST(s ->> 'publishedDate' AS date), s ->> 'language', s ->> 'reliability', "
                + "CAST(s ->> 'credibility' AS smallint) "
                + "FROM json_array_elements(CAST(:sources AS json)) WITH ORDINALITY AS x(s, n)")
                .param("owner", ownerId).param("sources", JSON.writeValueAsString(sources)).update();
    }

    private static org.springframework.jdbc.core.namedparam.MapSqlParameterSource params(SiteRecord site) {
        return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("key", site.key()).addValue("kind", site.kind()).addValue("name", site.name())
                .addValue("geom", site.geometryGeoJson()).addValue("precision", site.locationPrecision())
                .addValue("country", site.country()).addValue("sensitive", site.sensitive())
                .addValue("operators", JSON.writeValueAsString(site.operators()))
                .addValue("description", site.description());
    }

    private String snapshot(long id) {
        return jdbc.sql(SNAPSHOT).param("id", id).query(String.class).optional().orElse(null);
    }
}
