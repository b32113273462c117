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
import java.util.Optional;
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
    private static final List<IncidentFields> WRITTEN = IncidentFields.written();
    /**
     * One row per record of the batch: where it goes, what happens to it, its written fields, its sources, and its
     * content hash (and the hash it has when its province turns out to be an echo of the computed one, see
     * {@link #resolveEchoedProvinces}).
     */
    private static final String STAGE = "CREATE TEMP TABLE IF NOT EXISTS incident_stage (ord integer NOT NULL, "
            + "target_id bigint, action text, "
            + WRITTEN.stream().map(f -> f.column + " " + f.stageType).collect(Collectors.joining(", "))
            + ", province_source text, sources jsonb, content_hash text, content_hash_computed text"
            + ") ON COMMIT DELETE ROWS;\n"
            + "CREATE TEMP TABLE IF NOT EXISTS incident_stage_before (id bigint, before jsonb) ON COMMIT DELETE ROWS;\n"
            + "TRUNCATE incident_stage, incident_stage_before";
    private static final String COLUMNS = "ord, target_id, "
            + WRITTEN.stream().map(f -> f.column).collect(Collectors.joining(", "))
            + ", province_source, sources, content_hash, content_hash_computed";
    /**
     * The members of a staged source in the order its content hash has always been taken in (a new order would
     * make every unchanged record count as changed once); a new source field goes at the end.
     */
    static final List<SourceFields> SOURCE_HASH_ORDER = List.of(SourceFields.OUTLET, SourceFields.URL,
            SourceFields.LANGUAGE, SourceFields.PUBLISHED_DATE);
    private static final String FEATURE_JSONB = "(" + IncidentFields.FEATURE_JSON + ")::jsonb";
    /** An update keeps the current external id when the record has none (a PUT without one). */
    private static final String UPDATE_SET = WRITTEN.stream()
            .map(f -> f.column + " = " + (f == IncidentFields.EXTERNAL_ID ? "coalesce(s.external_id, i.external_id)"
                    : f.writeSql()))
            .collect(Collectors.joining(", "));
    private static final String INSERT_COLUMNS = WRITTEN.stream().map(f -> f.column)
            .collect(Collectors.joining(", "));
    private static final String INSERT_VALUES = WRITTEN.stream().map(IncidentFields::writeSql)
            .collect(Collectors.joining(", "));
    private static final String SOURCE_COLUMNS = SourceFields.properties().stream().map(f -> f.column)
            .collect(Collectors.joining(", "));
    private static final String SOURCE_VALUES = SourceFields.properties().stream()
            .map(f -> "CAST(e.source ->> '" + f.json + "' AS " + (f.type == IncidentFields.Type.DATE ? "date" : "text")
                    + ")")
            .collect(Collectors.joining(", "));

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final AuditLog audit;

    IncidentWriter(JdbcClient jdbc, DataSource dataSource, AuditLog audit) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.audit = audit;
    }

    /** Category key to whether it is a period; what {@link RecordValidator} needs. */
    public Map<String, Boolean> categories() {
        return jdbc.sql("SELECT key, is_period FROM category").query((row, n) -> Map.entry(row.getString(1),
                row.getBoolean(2))).list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Locks incident {@code id} until the caller's transaction ends and says its version; empty when no incident has
     * that id ({@link #wasDeleted} tells whether it had one).
     */
    Optional<Integer> lockVersion(long id) {
        return jdbc.sql("SELECT version FROM incident WHERE id = :id FOR UPDATE").param("id", id)
                .query(Integer.class).optional();
    }

    /** Whether incident {@code id} was deleted (it is in {@code incident_deleted}). */
    boolean wasDeleted(long id) {
        return jdbc.sql("SELECT count(*) FROM incident_deleted WHERE id = :id").param("id", id)
                .query(Long.class).single() > 0;
    }

    /** Whether a site has id {@code id} (what an incident's {@code siteId} may name). */
    public boolean siteExists(long id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM site WHERE id = :id)").param("id", id).query(Boolean.class)
                .single();
    }

    /** The live incident whose external id is {@code key}, other than {@code exceptId} (null: any). */
    Optional<Long> idOf(String key, Long exceptId) {
        return jdbc.sql("SELECT id FROM incident WHERE external_id = :key AND id IS DISTINCT FROM :except")
                .param("key", key).param("except", exceptId).query(Long.class).optional();
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
        String feature = jdbc.sql("INSERT INTO incident_deleted (id, external_id, version, feature) SELECT i.id, "
                + "i.external_id, i.version + 1, " + FEATURE_JSONB + " FROM incident i WHERE i.id = :id "
                + "RETURNING CAST(feature AS text)")
                .param("id", id).query(String.class).optional().orElse(null);
        if (feature == null) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO incident_history (incident_id, action, version, before, after)
                SELECT id, 'delete', version, feature, NULL FROM incident_deleted WHERE id = :id""")
                .param("id", id).update();
        audit.record("delete", "incident", Long.toString(id), feature, null, null);
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
        // existing incidents by identity (a replace names its id)
        jdbc.sql("""
                UPDATE incident_stage s SET target_id = i.id
                FROM incident i WHERE s.target_id IS NULL AND i.external_id = s.external_id""").update();
        resolveEchoedProvinces();
        // unchanged when their content hash is the same
        jdbc.sql("""
                UPDATE incident_stage s
                SET action = CASE WHEN i.content_hash = s.content_hash THEN 'unchanged' ELSE 'update' END
                FROM incident i WHERE i.id = s.target_id""").update();
        // new incidents get their ids here, so no join back on external_id is needed after the insert
        jdbc.sql("""
                UPDATE incident_stage SET action = 'create',
                    target_id = nextval(pg_get_serial_sequence('incident', 'id'))
                WHERE action IS NULL AND target_id IS NULL""").update();
        jdbc.sql("INSERT INTO incident_stage_before (id, before) SELECT i.id, " + FEATURE_JSONB
                + " FROM incident i JOIN incident_stage s ON s.target_id = i.id WHERE s.action = 'update'").update();
        jdbc.sql("UPDATE incident i SET " + UPDATE_SET + ", content_hash = s.content_hash, version = i.version + 1, "
                + "updated_at = now() FROM incident_stage s WHERE i.id = s.target_id AND s.action = 'update'").update();
        jdbc.sql("INSERT INTO incident (id, " + INSERT_COLUMNS + ", content_hash, created_by) OVERRIDING SYSTEM VALUE "
                + "SELECT s.target_id, " + INSERT_VALUES + ", s.content_hash, :createdBy "
                + "FROM incident_stage s WHERE s.action = 'create' ORDER BY s.ord")
                .param("createdBy", AuditLog.actor()).update();
        jdbc.sql("""
                DELETE FROM incident_source
                WHERE incident_id IN (SELECT target_id FROM incident_stage WHERE action = 'update')""").update();
        jdbc.sql("INSERT INTO incident_source (incident_id, position, " + SOURCE_COLUMNS + ") "
                + "SELECT s.target_id, e.n, " + SOURCE_VALUES
                + " FROM incident_stage s, jsonb_array_elements(s.sources) WITH ORDINALITY AS e(source, n)"
                + " WHERE s.action IN ('create', 'update')").update();
        jdbc.sql("INSERT INTO incident_history (incident_id, action, version, import_id, before, after) "
                + "SELECT i.id, s.action, i.version, :importId, b.before, " + FEATURE_JSONB
                + " FROM incident_stage s JOIN incident i ON i.id = s.target_id"
                + " LEFT JOIN incident_stage_before b ON b.id = i.id"
                + " WHERE s.action IN ('create', 'update') ORDER BY s.ord")
                .param("importId", importId).update();
        if (importId == null) {
            // an analyst's own edit: audited one by one (an import is audited as a whole, see ImportController)
            jdbc.sql("SELECT s.action, CAST(i.id AS text), CAST(b.before AS text), CAST(" + FEATURE_JSONB + " AS text)"
                    + " FROM incident_stage s JOIN incident i ON i.id = s.target_id"
                    + " LEFT JOIN incident_stage_before b ON b.id = i.id"
                    + " WHERE s.action IN ('create', 'update') ORDER BY s.ord")
                    .query((row, n) -> List.of(row.getString(1), row.getString(2), String.valueOf(row.getString(3)),
                            row.getString(4)))
                    .list()
                    .forEach(r -> audit.record(r.get(0), "incident", r.get(1), "null".equals(r.get(2)) ? null : r.get(2),
                            r.get(3), null));
        }
        List<Written> written = jdbc.sql("SELECT target_id, action FROM incident_stage ORDER BY ord")
                .query((row, n) -> new Written(row.getLong(1), Action.valueOf(row.getString(2).toUpperCase())))
                .list();
        return written; // the next batch empties the staging tables, or the commit does
    }

    /**
     * A record that says {@code provinceSource: computed} and gives the province the incident has as computed, or
     * the one the boundaries compute for its geometry, gives no province: it echoes what it read (GET then PUT,
     * export then import), and the province stays computed. Any other province is given.
     */
    private void resolveEchoedProvinces() {
        jdbc.sql("""
                UPDATE incident_stage s SET province = NULL, content_hash = s.content_hash_computed
                WHERE s.province_source = 'computed' AND s.province IS NOT NULL
                  AND (s.province = (SELECT i.province FROM incident i
                                     WHERE i.id = s.target_id AND i.province_source = 'computed')
                       OR s.province = boundary_code_covering(ST_SetSRID(ST_GeomFromGeoJSON(s.geom), 4326)))""")
                .update();
    }

    /**
     * The batch in COPY text format; each row's content hash is taken over its own text, once as given and once with
     * no province (the hash it has when its province is an echo of the computed one).
     */
    private static String stageRows(List<IncidentRecord> records, Long targetId) {
        StringBuilder out = new StringBuilder(records.size() * 400);
        StringBuilder content = new StringBuilder(400);
        StringBuilder computed = new StringBuilder(400);
        MessageDigest sha = sha256();
        int ord = 0;
        for (IncidentRecord r : records) {
            ArrayNode sources = JSON.createArrayNode();
            for (IncidentRecord.Source s : r.sources()) {
                ObjectNode source = sources.addObject();
                for (SourceFields f : SOURCE_HASH_ORDER) {
                    Object value = f.recordValue.apply(s);
                    source.put(f.json, value == null ? null : value.toString());
                }
            }
            content.setLength(0);
            computed.setLength(0);
            for (IncidentFields f : WRITTEN) {
                Object value = switch (f) {
                    case EXTERNAL_ID -> r.externalId() != null || targetId != null ? r.externalId() : derivedKey(r);
                    case VICTIM_NATIONALITIES -> "{" + String.join(",", r.victimNationalities()) + "}";
                    default -> f.valueOf(r);
                };
                content.append('\t');
                appendCopyValue(content, value);
                computed.append('\t');
                appendCopyValue(computed, f == IncidentFields.PROVINCE ? null : value);
            }
            int writtenLength = content.length();
            for (StringBuilder text : List.of(content, computed)) {
                text.append('\t');
                appendCopyValue(text, sources.toString());
            }
            out.append(++ord).append('\t');
            appendCopyValue(out, targetId);
            out.append(content, 0, writtenLength).append('\t');
            appendCopyValue(out, r.provinceSource());
            out.append(content, writtenLength, content.length())
                    .append('\t').append(hash(sha, content)).append('\t').append(hash(sha, computed)).append('\n');
        }
        return out.toString();
    }

    private static String hash(MessageDigest sha, CharSequence content) {
        return HexFormat.of().formatHex(sha.digest(content.toString().getBytes(StandardCharsets.UTF_8)));
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
