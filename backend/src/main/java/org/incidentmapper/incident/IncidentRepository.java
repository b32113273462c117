package org.incidentmapper.incident;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads incidents as GeoJSON written by PostGIS. Collections are streamed row by row through a server-side cursor,
 * so memory stays flat however many features match.
 */
@Repository
public class IncidentRepository {

    /**
     * One incident as an RFC 7946 Feature; alias {@code i} is the incident row. Also what the edit history keeps
     * as the before and after of a change. Generated from {@link IncidentFields} once, at class load.
     */
    public static final String FEATURE_JSON = IncidentFields.FEATURE_JSON;

    private static final int FETCH_SIZE = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    IncidentRepository(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        this.jdbc = new NamedParameterJdbcTemplate(template);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * Writes the incidents matching {@code filter}, at most {@code limit}, ordered by start date then id, as a
     * FeatureCollection with a {@code numberReturned} member.
     */
    public void writeCollection(IncidentFilter filter, int limit, OutputStream out) {
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit);
        writeCollection(filter, params, limit, out);
    }

    public void writeCollection(IncidentFilter filter, OutputStream out) {
        writeCollection(filter, new MapSqlParameterSource(), 0, out);
    }

    /**
     * The collection with {@code numberReturned} and {@code numberMatched} (OGC API Features): they differ only when
     * {@code limit} (0: none) cut the result, and only then is the extra count query run.
     */
    private void writeCollection(IncidentFilter filter, MapSqlParameterSource params, int limit, OutputStream out) {
        String where = filter.sqlWhere(params);
        String sql = "SELECT " + FEATURE_JSON + "::text FROM incident i WHERE " + where
                + " ORDER BY i.start_date, i.id" + (limit > 0 ? " LIMIT :limit" : "");
        long[] count = {0, 0};
        // a cursor (fetch size) needs a transaction; the template commits it when done
        readOnly.executeWithoutResult(status -> {
            write(out, "{\"type\":\"FeatureCollection\",\"features\":[");
            jdbc.query(sql, params, row -> {
                write(out, count[0]++ == 0 ? "" : ",");
                write(out, row.getString(1));
            });
            count[1] = limit > 0 && count[0] == limit
                    ? jdbc.queryForObject("SELECT count(*) FROM incident i WHERE " + where, params, Long.class)
                    : count[0];
        });
        write(out, "],\"numberReturned\":" + count[0] + ",\"numberMatched\":" + count[1] + "}");
    }

    /** Every province code a {@code province=} filter may name: the boundaries' and those given to incidents. */
    public Set<String> provinceCodes() {
        return Set.copyOf(jdbc.getJdbcTemplate().queryForList(
                "SELECT code FROM boundary UNION SELECT province FROM incident WHERE province IS NOT NULL", String.class));
    }

    /** One incident as a Feature, or empty when no incident has that id. */
    public Optional<String> findFeature(long id) {
        return jdbc.query("SELECT " + FEATURE_JSON + "::text FROM incident i WHERE i.id = :id",
                new MapSqlParameterSource("id", id), (row, n) -> row.getString(1)).stream().findFirst();
    }

    /** One incident as a Feature with its version (what an edit must name), or empty when none has that id. */
    public Optional<Versioned> findVersioned(long id) {
        return jdbc.query("SELECT " + FEATURE_JSON + "::text, i.version FROM incident i WHERE i.id = :id",
                new MapSqlParameterSource("id", id), (row, n) -> new Versioned(row.getString(1), row.getInt(2)))
                .stream().findFirst();
    }

    /** A Feature and the version of the incident it shows. */
    public record Versioned(String feature, int version) {

        /** The weak ETag of this version, {@code W/"3"}. */
        public String etag() {
            return "W/\"" + version + "\"";
        }
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
