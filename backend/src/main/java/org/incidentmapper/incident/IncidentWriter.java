package org.incidentmapper.incident;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.incidentmapper.audit.AuditLog;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes validated incidents, a batch at a time, the one way every write goes (import, sample data, the edit API):
 * the batch is COPYed into a session-local staging table, then a few set-based statements create, update and
 * record history for all of it. A record's identity is its external id, or when it has none a stable hash of its
 * first source URL, start date and place, so writing the same records again updates them in place. A record whose
 * content is unchanged since it was last written is left alone (no new version, no history).
 *
 * <p>Every create, update and delete adds a row to {@code incident_history} with the Feature before and after.
 * A deleted incident moves to {@code incident_deleted}, so queries over {@code incident} see live incidents only.
 * Callers own the transaction: a batch written inside an import's transaction is undone with it.
 */
@Component
public class IncidentWriter {

    /** What happened to one record of a batch. */
    public enum Action { CREATE, UPDATE, UNCHANGED }

    /** The incident a record became and what happened to it. */
    public record Written(long id, Action action) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STAGE = """
            CREATE TEMP TABLE IF NOT EXISTS incident_stage (
                ord integer NOT NULL, target_id bigint, action text, external_id text, category text, title text,
                description text, start_date date, end_date date, date_precision text, geometry text,
                location_name text, location_precision text, country text, province text, victims_count integer,
                victim_nationalities text, status text, sensitive boolean, sources jsonb, content_hash text
            ) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS incident_stage_before (id bigint, before jsonb) ON COMMIT DELETE ROWS;
            TRUNCATE incident_stage, incident_stage_before""";
    private static final String COLUMNS = "ord, target_id, external_id, category, title, description, start_date, "
            + "end_date, date_precision, geometry, location_name, location_precision, country, province, "
            + "victims_count, victim_nationalities, status, sensitive, sources, content_hash";
    private static final String FEATURE_JSONB = "(" + IncidentRepository.FEATURE_JSON + ")::jsonb";

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    IncidentWriter(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** Category key to whether it is a period; what {@link RecordValidator} needs. */
    public Map<String, Boolean> categories() {
        return jdbc.sql("SELECT key, is_period FROM category").query((row, n) -> Map.entry(row.getString(1),
                row.getBoolean(2))).list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Creates or updates every record by its identity; {@code importId} (may be null) goes into the history. */
    @Transactional
    public List<Written> write(List<IncidentRecord> records, Long importId) {
        Set<String> seen = new HashSet<>();
        for (IncidentRecord r : records) {
            if (!seen.add(identity(r))) {
                throw new IllegalArgumentException("two records of one batch have the identity " + identity(r));
            }
        }
        return writeBatch(records, null, importId);
    }

    /** Replaces incident {@code id} by {@code record} (whose null external id keeps the current one). */
    @Transactional
    public Written replace(long id, IncidentRecord record) {
        return writeBatch(List.of(record), id, null).get(0);
    }

    /** Moves incident {@code id} to {@code incident_deleted}, with a history row; false when there is none. */
    @Transactional
    public boolean delete(long id) {
        int moved = jdbc.sql("INSERT INTO incident_deleted (id, external_id, version, feature) SELECT i.id, "
                + "i.external_id, i.version + 1, " + FEATURE_JSONB + " FROM incident i WHERE i.id = :id")
                .param("id", id).update();
        if (moved == 0) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO incident_history (incident_id, action, version, before, after)
                SELECT id, 'delete', version, feature, NULL FROM incident_deleted WHERE id = :id""")
                .param("id", id).update();
        jdbc.sql("""
                INSERT INTO audit_event (actor, action, entity, entity_id, before, remote_addr)
                SELECT :actor, 'delete', 'incident', CAST(id AS text), feature, :addr FROM incident_deleted WHERE id = :id""")
                .param("id", id).param("actor", AuditLog.actor()).param("addr", AuditLog.remoteAddress()).update();
        jdbc.sql("DELETE FROM incident WHERE id = :id").param("id", id).update();
        return true;
    }

    private List<Written> writeBatch(List<IncidentRecord> records, Long targetId, Long importId) {
        if (records.isEmpty()) {
            return List.of();
        }
        jdbc.sql(STAGE).update();
        copy("COPY incident_stage (" + COLUMNS + ") FROM STDIN", stageRows(records, targetId));
        jdbc.sql("ANALYZE incident_stage").update(); // a temp table has no statistics otherwise
        // existing incidents, by id (a replace) or by identity: unchanged when their content hash is the same
        jdbc.sql("""
                UPDATE incident_stage s
                SET action = CASE WHEN i.content_hash = s.content_hash THEN 'unchanged' ELSE 'update' END
                FROM incident i WHERE i.id = s.target_id""").update();
        jdbc.sql("""
                UPDATE incident_stage s SET target_id = i.id,
                    action = CASE WHEN i.content_hash = s.content_hash THEN 'unchanged' ELSE 'update' END
                FROM incident i WHERE s.target_id IS NULL AND i.external_id = s.external_id""").update();
        // new incidents get their ids here, so no join back on external_id is needed after the insert
        jdbc.sql("""
                UPDATE incident_stage SET action = 'create',
                    target_id = nextval(pg_get_serial_sequence('incident', 'id'))
                WHERE action IS NULL AND target_id IS NULL""").update();
        jdbc.sql("INSERT INTO incident_stage_before (id, before) SELECT i.id, " + FEATURE_JSONB
                + " FROM incident i JOIN incident_stage s ON s.target_id = i.id WHERE s.action = 'update'").update();
        jdbc.sql("""
                UPDATE incident i SET
                    external_id = coalesce(s.external_id, i.external_id), category = s.category, title = s.title,
                    description = s.description, start_date = s.start_date, end_date = s.end_date,
                    date_precision = s.date_precision, geom = ST_SetSRID(ST_GeomFromGeoJSON(s.geometry), 4326),
                    location_name = s.location_name, location_precision = s.location_precision,
                    country = s.country, province = s.province, victims_count = s.victims_count,
                    victim_nationalities = CAST(s.victim_nationalities AS char(3)[]), status = s.status,
                    sensitive = s.sensitive, content_hash = s.content_hash, version = i.version + 1,
                    updated_at = now()
                FROM incident_stage s
                WHERE i.id = s.target_id AND s.action = 'update'""").update();
        jdbc.sql("""
                INSERT INTO incident (id, external_id, category, title, description, start_date, end_date,
                    date_precision, geom, location_name, location_precision, country, province, victims_count,
                    victim_nationalities, status, sensitive, content_hash, created_by)
                OVERRIDING SYSTEM VALUE
                SELECT s.target_id, s.external_id, s.category, s.title, s.description, s.start_date, s.end_date,
                    s.date_precision, ST_SetSRID(ST_GeomFromGeoJSON(s.geometry), 4326), s.location_name,
                    s.location_precision, s.country, s.province, s.victims_count,
                    CAST(s.victim_nationalities AS char(3)[]), s.status, s.sensitive, s.content_hash, :createdBy
                FROM incident_stage s WHERE s.action = 'create' ORDER BY s.ord""")
                .param("createdBy", AuditLog.actor()).update();
        jdbc.sql("""
                DELETE FROM incident_source
                WHERE incident_id IN (SELECT target_id FROM incident_stage WHERE action = 'update')""").update();
        jdbc.sql("""
                INSERT INTO incident_source (incident_id, position, outlet, url, published_date, language)
                SELECT s.target_id, e.n, e.source ->> 'outlet', e.source ->> 'url',
                       CAST(e.source ->> 'publishedDate' AS date), e.source ->> 'language'
                FROM incident_stage s, jsonb_array_elements(s.sources) WITH ORDINALITY AS e(source, n)
                WHERE s.action IN ('create', 'update')""").update();
        jdbc.sql("INSERT INTO incident_history (incident_id, action, version, import_id, before, after) "
                + "SELECT i.id, s.action, i.version, :importId, b.before, " + FEATURE_JSONB
                + " FROM incident_stage s JOIN incident i ON i.id = s.target_id"
                + " LEFT JOIN incident_stage_before b ON b.id = i.id"
                + " WHERE s.action IN ('create', 'update') ORDER BY s.ord")
                .param("importId", importId).update();
        if (importId == null) {
            // an analyst's own edit: audited one by one (an import is audited as a whole, see ImportController)
            jdbc.sql("INSERT INTO audit_event (actor, action, entity, entity_id, before, after, remote_addr) "
                    + "SELECT :actor, s.action, 'incident', CAST(i.id AS text), b.before, " + FEATURE_JSONB + ", :addr"
                    + " FROM incident_stage s JOIN incident i ON i.id = s.target_id"
                    + " LEFT JOIN incident_stage_before b ON b.id = i.id"
                    + " WHERE s.action IN ('create', 'update') ORDER BY s.ord")
                    .param("actor", AuditLog.actor()).param("addr", AuditLog.remoteAddress()).update();
        }
        List<Written> written = jdbc.sql("SELECT target_id, action FROM incident_stage ORDER BY ord")
                .query((row, n) -> new Written(row.getLong(1), Action.valueOf(row.getString(2).toUpperCase())))
                .list();
        return written; // the next batch empties the staging tables, or the commit does
    }

    /** The batch in COPY text format; each row's content hash is taken over its own text. */
    private static String stageRows(List<IncidentRecord> records, Long targetId) {
        StringBuilder out = new StringBuilder(records.size() * 400);
        StringBuilder content = new StringBuilder(400);
        MessageDigest sha = sha256();
        int ord = 0;
        for (IncidentRecord r : records) {
            String externalId = r.externalId() != null || targetId != null ? r.externalId() : derivedKey(r);
            ArrayNode sources = JSON.createArrayNode();
            for (IncidentRecord.Source s : r.sources()) {
                ObjectNode source = sources.addObject();
                source.put("outlet", s.outlet()).put("url", s.url()).put("language", s.language())
                        .put("publishedDate", s.publishedDate() == null ? null : s.publishedDate().toString());
            }
            Object[] values = {externalId, r.category(), r.title(), r.description(), r.startDate(), r.endDate(),
                r.datePrecision(), r.geometryGeoJson(), r.locationName(), r.locationPrecision(), r.country(),
                r.province(), r.victimsCount(), "{" + String.join(",", r.victimNationalities()) + "}", r.status(),
                r.sensitive(), sources.toString()};
            content.setLength(0);
            for (Object value : values) {
                content.append('\t');
                appendCopyValue(content, value);
            }
            String hash = HexFormat.of().formatHex(sha.digest(content.toString().getBytes(StandardCharsets.UTF_8)));
            out.append(++ord).append('\t');
            appendCopyValue(out, targetId);
            out.append(content).append('\t').append(hash).append('\n');
        }
        return out.toString();
    }

    private static void appendCopyValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        String text = value.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    private void copy(String sql, String rows) {
        var connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows));
        } catch (SQLException e) {
            throw new org.springframework.dao.DataAccessResourceFailureException("COPY into incident_stage failed: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** What identifies a record across imports: its external id, else {@link #derivedKey}. */
    public static String identity(IncidentRecord r) {
        return r.externalId() != null ? r.externalId() : derivedKey(r);
    }

    /** Identity of a record without an external id: its first source URL, start date and place. */
    static String derivedKey(IncidentRecord r) {
        String url = r.sources().isEmpty() ? "" : String.valueOf(r.sources().get(0).url());
        String place = r.locationName() != null ? r.locationName() : r.geometryGeoJson();
        byte[] hash = sha256().digest((url + "\n" + r.startDate() + "\n" + place).getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(hash, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
