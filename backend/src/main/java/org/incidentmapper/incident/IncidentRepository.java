package org.incidentmapper.incident;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.answer.AnswerCache;
import org.incidentmapper.security.Visibility;
import org.incidentmapper.web.StreamWatch;
import org.incidentmapper.export.FlatJson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
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
     * as the before and after of a change. Polygons follow the right-hand rule of RFC 7946 §3.1.6 (exterior
     * counter-clockwise, holes clockwise) whatever their stored winding (IncidentFields.GEOMETRY). Generated from {@link IncidentFields} once, at class load.
     */
    public static final String FEATURE_JSON = IncidentFields.FEATURE_JSON;

    /**
     * What the map draws of an incident (view=map): no description, sources or bookkeeping, coordinates to 1 m;
     * the province for the results table's column and sort.
     * The popup fetches the whole Feature ({@code GET /api/incidents/{id}}) when it opens.
     * Text, the properties written by {@code row_to_json} of named columns, which writes compact JSON
     * ({@code {"category":...}}), where {@code json_build_object} puts a space around every colon and after every
     * comma: a search's 3,000 Features are ~10% fewer bytes and half the database's CPU to build (measured at 1M).
     * The Feature around them and the geometry are joined as text: the same bytes as {@code row_to_json} of the
     * whole Feature, without parsing every geometry's GeoJSON into {@code json} only to write it out again
     * (~5 of ~20 ms for 3,000 Features at 1M). Same members, same order; {@link #MAP_FEATURE_JSON} as json.
     */
    public static final String MAP_FEATURE_TEXT = """
            ('{"type":"Feature","id":' || i.id || ',"geometry":'
              || coalesce(ST_AsGeoJSON(%s, 5), 'null') || ',"properties":'
              || row_to_json((SELECT properties FROM (SELECT
                i.category AS category,
                i.title AS title,
                i.start_date AS "startDate",
                i.end_date AS "endDate",
                i.date_precision AS "datePrecision",
                i.location_precision AS "locationPrecision",
                i.province AS province,
                i.status AS status) properties)) || '}')""".formatted(IncidentFields.wound("i.geom"));

    /** {@link #MAP_FEATURE_TEXT} as json (what {@link FlatJson#feature} takes). */
    public static final String MAP_FEATURE_JSON = "CAST(" + MAP_FEATURE_TEXT + " AS json)";

    private static final Log log = LogFactory.getLog(IncidentRepository.class);
    // rows per cursor fetch: small enough that the first fetch (and so the first byte) comes quickly, large enough
    // that round trips stay a small share of a 100k-row stream; memory stays bounded by it
    private static final int FETCH_SIZE = 250;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final DataSource dataSource;
    private final int countCap;
    private final AnswerCache answers;

    IncidentRepository(DataSource dataSource, PlatformTransactionManager transactions,
            @Value("${mapper.api.query-timeout:30s}") Duration queryTimeout,
            @Value("${mapper.api.count-cap:100000}") int countCap, AnswerCache answers) {
        this.answers = answers;
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        template.setQueryTimeout((int) Math.max(1, queryTimeout.toSeconds()));
        this.jdbc = new NamedParameterJdbcTemplate(template);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.dataSource = dataSource;
        this.countCap = countCap;
    }

    /**
     * How a collection is written: which Feature shape, whether numberMatched is counted past the cap, and whether
     * the properties are flat ({@link FlatJson}: every value a scalar, for GIS tools).
     */
    public record Shape(boolean map, boolean exactCount, boolean flat) {
        public static final Shape FULL = new Shape(false, false, false);

        public Shape(boolean map, boolean exactCount) {
            this(map, exactCount, false);
        }
    }

    /**
     * Writes the incidents matching {@code filter}, at most {@code limit}, ordered by start date then id, as a
     * FeatureCollection with {@code numberReturned} and {@code numberMatched}.
     */
    public void writeCollection(IncidentFilter filter, int limit, Shape shape, OutputStream out) {
        if (filter.q() != null && shape.map() && limit > 0 && limit <= CACHED_SEARCH_LIMIT) {
            // a text search's page for the map (incident columns only) is kept until the data changes
            byte[] answer = answers.get("incidents", "limit=" + limit + "&shape=" + shape + "&"
                    + AnswerCache.key(filter), () -> {
                        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
                        writeCollection(filter, new MapSqlParameterSource("limit", limit), limit, shape, buffer);
                        return buffer.toByteArray();
                    }, bytes -> bytes.length);
            try {
                out.write(answer);
            } catch (IOException e) {
                log.info("Client went away from /api/incidents before its search answer was sent");
            }
            return;
        }
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit);
        writeCollection(filter, params, limit, shape, out);
    }

    /** Largest {@code limit} of a text search whose answer {@link AnswerCache} keeps (the map asks for 3,000). */
    static final int CACHED_SEARCH_LIMIT = 5000;

    public void writeCollection(IncidentFilter filter, int limit, OutputStream out) {
        writeCollection(filter, limit, Shape.FULL, out);
    }

    public void writeCollection(IncidentFilter filter, OutputStream out) {
        writeCollection(filter, false, out);
    }

    /** Every incident matching {@code filter}, with flat properties when {@code flat}. */
    public void writeCollection(IncidentFilter filter, boolean flat, OutputStream out) {
        writeCollection(filter, new MapSqlParameterSource(), 0, new Shape(false, false, flat), out);
    }

    /**
     * The collection with {@code numberReturned} and {@code numberMatched} (OGC API Features): they differ only when
     * {@code limit} (0: none) cut the result, and only then is the extra count query run. That count stops at
     * {@code mapper.api.count-cap} unless {@code shape.exactCount()}: past it, numberMatched is left out and
     * {@code numberMatchedMoreThan} says the cap (counting a million matches costs seconds, and the map only needs
     * to know that there are too many to draw). An analyst's text search for the map is not counted past its
     * limit unless {@code shape.exactCount()}: it reads one row more than {@code limit}, and when that row exists
     * writes {@code numberMatchedMoreThan} = {@code limit} ({@link #searchSql}). A client that goes away
     * mid-request has its query cancelled ({@link StreamWatch}) and costs one log line.
     */
    private void writeCollection(IncidentFilter filter, MapSqlParameterSource params, int limit, Shape shape,
            OutputStream out) {
        String where = filter.sqlWhere(params);
        String feature = shape.map() && !shape.flat() ? MAP_FEATURE_TEXT
                : FlatJson.feature(shape.map() ? MAP_FEATURE_JSON : FEATURE_JSON, shape.flat(), "sources");
        boolean search = filter.q() != null && limit > 0 && Visibility.current() == Visibility.FULL;
        boolean uncounted = search && shape.map() && !shape.exactCount();
        String sql = search
                ? searchSql(feature, where, params, limit, uncounted)
                : "SELECT " + feature + "::text, CAST(NULL AS bigint) FROM incident i WHERE "
                        + where + " ORDER BY i.start_date, i.id" + (limit > 0 ? " LIMIT :limit" : "");
        long started = System.nanoTime();
        long[] count = {0, 0};
        // a cursor (fetch size) needs a transaction; the template commits it when done
        try {
            readOnly.executeWithoutResult(status -> {
                // JIT would compile the whole plan before the first row (0.3-0.7 s at 1M rows, its cost estimate being
                // that of every row): a stream is row by row, so its first byte should not wait for that
                jdbc.getJdbcOperations().execute("SET LOCAL jit = off");
                try (StreamWatch watch = new StreamWatch(out, DataSourceUtils.getConnection(dataSource))) {
                    try {
                        watch.write("{\"type\":\"FeatureCollection\",\"features\":[");
                        long[] known = {-1};
                        boolean[] more = {false};
                        jdbc.query(sql, params, row -> {
                            if (count[0] == limit && limit > 0) {
                                more[0] = true; // the uncounted search's extra row: only says that more match
                                return;
                            }
                            watch.write(count[0]++ == 0 ? "" : ",");
                            // the text column's bytes as received (the connection's encoding is UTF-8)
                            watch.write(row.getBytes(1));
                            known[0] = row.getObject(2) == null ? -1 : row.getLong(2);
                            if (count[0] == 1) {
                                watch.flush(); // time to first byte = time to the first row
                            }
                        });
                        String matched;
                        if (uncounted) {
                            matched = more[0] ? ",\"numberMatchedMoreThan\":" + limit : ",\"numberMatched\":" + count[0];
                        } else {
                            count[1] = limit <= 0 || count[0] < limit ? count[0]
                                    : known[0] < 0 ? matched(where, params, shape.exactCount())
                                    : known[0] > countCap && !shape.exactCount() ? -1 : known[0];
                            matched = count[1] < 0 ? ",\"numberMatchedMoreThan\":" + countCap
                                    : ",\"numberMatched\":" + count[1];
                        }
                        watch.write("],\"numberReturned\":" + count[0] + matched + "}");
                    } catch (RuntimeException e) {
                        if (watch.clientGone()) {
                            throw new ClientGone();
                        }
                        throw e;
                    }
                }
            });
        } catch (ClientGone e) {
            log.info("Client went away from /api/incidents after " + (System.nanoTime() - started) / 1_000_000
                    + " ms and " + count[0] + " features; its query was cancelled");
        }
    }

    /**
     * An analyst's text search ({@code q=}, with any other filter) cut at {@code limit}: the same rows in the same
     * order as the plain query, through whichever of two plans is cheaper for how common the match is. A common
     * match is found soonest by reading incidents in (start_date, id) order until {@code limit} match (the planner
     * takes this path on its own, and at 1M it reads ~80,000 rows at random for a word in 4% of incidents); a rarer
     * one by collecting the matches through the trigram index (V88) and keeping the first {@code limit}.
     * The share of incidents matching is estimated from a sample of about {@value #SAMPLE_ROWS} rows; when it
     * predicts that the ordered read is cheaper, that read is tried on the first {@code probe} rows in order, and
     * it is the answer only if it found {@code limit} matches there (those are then the first {@code limit}
     * matches of all), else the trigram path runs. So the estimate decides the cost, never the answer.
     * <p>
     * Counted ({@code uncounted} false): the trigram path collects every match, and the second column is their
     * number (numberMatched without a second query) when it ran, else NULL.
     * <p>
     * Uncounted (the map's search): {@code limit + 1} rows, the last only saying that more match, second column
     * NULL. The trigram path then reads start dates in consecutive ranges, each a query of its own under one LIMIT
     * (an Append runs a range only when the ranges before it found too few): before the year of the sample's first
     * match, each calendar year from it to the year of the sample's date at 4 times the share of matches that
     * {@code limit + 1} rows are (at most {@value #SEARCH_YEARS} years), then the rest. A year's range is answered by
     * that year's trigram index (V99: its bitmap holds only that year's matches), so only they are fetched and
     * rechecked, and nothing counts the rest: at 1M, "Kompong" (39,620 matches) in 2016 reads 3,953 matches in 6 ms
     * (EXPLAIN ANALYZE, warm), where the whole-table trigram bitmap ANDed with a btree bitmap of a date range took
     * 26-34 ms, most of it building the two bitmaps. A year with no index of its own (one that appeared since the
     * last start) is read that slower way, with the same rows. The ranges cover every date and each is cut in
     * (start_date, id) order, so the rows are those of the plain query whatever the sample said.
     */
    private String searchSql(String feature, String where, MapSqlParameterSource params, int limit,
            boolean uncounted) {
        Sample sample = sample(where, params);
        params.addValue("probe", probe(sample, limit));
        if (!uncounted) {
            return """
                    WITH head AS MATERIALIZED (
                        SELECT i.id, i.start_date
                        FROM (SELECT * FROM incident ORDER BY start_date, id LIMIT :probe) i
                        WHERE %1$s ORDER BY i.start_date, i.id LIMIT :limit
                    ), found AS (
                        SELECT count(*) >= :limit AS enough FROM head
                    ), matches AS MATERIALIZED (
                        SELECT i.id, i.start_date FROM incident i WHERE NOT (SELECT enough FROM found) AND %1$s
                    ), picked AS (
                        SELECT id, start_date FROM head WHERE (SELECT enough FROM found)
                        UNION ALL
                        (SELECT id, start_date FROM matches ORDER BY start_date, id LIMIT :limit)
                    )
                    SELECT %2$s::text,
                           CASE WHEN NOT (SELECT enough FROM found) THEN (SELECT count(*) FROM matches) END
                    FROM picked p JOIN incident i ON i.id = p.id
                    ORDER BY p.start_date, p.id""".formatted(where, feature);
        }
        return uncountedSql(feature, where, params, limit, dateBounds(sample, limit + 1));
    }

    /**
     * The uncounted search of {@link #searchSql} with the start dates {@code bounds} ending its ranges. The bounds are
     * written into the SQL as date literals (ISO dates made here, never text from a request), so that every plan,
     * generic ones included, can prove that a year's range lies in that year's partial index (V99).
     */
    private static String uncountedSql(String feature, String where, MapSqlParameterSource params, int limit,
            List<LocalDate> bounds) {
        params.addValue("limitPlus", limit + 1);
        StringBuilder ranges = new StringBuilder();
        for (int r = 0; r <= bounds.size(); r++) {
            String range = (r > 0 ? " AND i.start_date >= " + dateLiteral(bounds.get(r - 1)) : "")
                    + (r < bounds.size() ? " AND i.start_date < " + dateLiteral(bounds.get(r)) : "");
            ranges.append(r == 0 ? "" : "\n        UNION ALL\n        ")
                    .append("(SELECT i.id, i.start_date FROM incident i WHERE %1$s".formatted(where)).append(range)
                    .append(" ORDER BY i.start_date, i.id LIMIT :limitPlus)");
        }
        return """
                WITH head AS MATERIALIZED (
                    SELECT i.id, i.start_date
                    FROM (SELECT * FROM incident ORDER BY start_date, id LIMIT :probe) i
                    WHERE %1$s ORDER BY i.start_date, i.id LIMIT :limitPlus
                ), found AS (
                    SELECT count(*) >= :limitPlus AS enough FROM head
                ), picked AS (
                    SELECT id, start_date FROM head WHERE (SELECT enough FROM found)
                    UNION ALL
                    (SELECT id, start_date FROM (
                        %3$s) ranges WHERE NOT (SELECT enough FROM found) LIMIT :limitPlus)
                )
                SELECT %2$s::text, CAST(NULL AS bigint)
                FROM picked p JOIN incident i ON i.id = p.id
                ORDER BY p.start_date, p.id""".formatted(where, feature, ranges);
    }

    /** A statement and its parameters. */
    record Statement(String sql, MapSqlParameterSource params) {
    }

    /**
     * An analyst's uncounted search for {@code filter}, selecting ids, when its ranges end at {@code bounds} and its
     * ordered read takes {@code probe} rows (for tests of its plans).
     */
    Statement uncountedSearchStatement(IncidentFilter filter, int limit, long probe, List<LocalDate> bounds) {
        MapSqlParameterSource params = new MapSqlParameterSource("probe", probe);
        return new Statement(uncountedSql("i.id", filter.sqlWhere(params), params, limit, bounds), params);
    }

    /**
     * The ids that statement answers (its {@code limit} rows and the one more): for tests that any bounds, however
     * far from the sample's, give the plain query's rows.
     */
    List<Long> uncountedSearchIds(IncidentFilter filter, int limit, long probe, List<LocalDate> bounds) {
        Statement search = uncountedSearchStatement(filter, limit, probe, bounds);
        return jdbc.query(search.sql(), search.params(), (row, n) -> Long.valueOf(row.getString(1)));
    }

    /** The start dates that would end an analyst's uncounted search's ranges (for tests that ranges are used). */
    List<LocalDate> searchDateBounds(IncidentFilter filter, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        return dateBounds(sample(filter.sqlWhere(params), params), limit + 1);
    }

    /** Most calendar years an uncounted search reads as ranges of their own before the rest ({@link #searchSql}). */
    static final int SEARCH_YEARS = 12;

    /**
     * The start dates that end the uncounted trigram path's ranges ({@link #searchSql}): 1 January of each year from
     * that of the sample's first match to the year after that of the sample's date at 4 times the share of matches
     * that {@code needed} rows are (its last match when that share is more than all); none (one range, every date)
     * when the sample found no match or 1.5 times that share would hold every match anyway.
     */
    static List<LocalDate> dateBounds(Sample sample, int needed) {
        List<LocalDate> dates = sample.matchingDates();
        double expected = sample.share() * sample.rows();
        List<LocalDate> bounds = new ArrayList<>();
        if (dates.isEmpty() || expected <= 0 || 1.5 * needed / expected >= 1) {
            return bounds;
        }
        double quantile = 4.0 * needed / expected;
        LocalDate last = quantile < 1 ? dates.get((int) (quantile * dates.size())) : dates.get(dates.size() - 1);
        int first = dates.get(0).getYear();
        int end = Math.min(last.getYear(), first + SEARCH_YEARS - 1);
        if (first < 1 || end + 1 > 9999) {
            return bounds; // beyond what a date literal can say: one range
        }
        for (int year = first; year <= end + 1; year++) {
            bounds.add(LocalDate.of(year, 1, 1));
        }
        return bounds;
    }

    /** {@code date} as an SQL date literal (an ISO date, as PostgreSQL reads it for years 1 to 9999). */
    private static String dateLiteral(LocalDate date) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new IllegalArgumentException("no range bound in year " + date.getYear());
        }
        return "DATE '" + date + "'";
    }

    /**
     * How many rows in (start_date, id) order a search reads before it gives up for the trigram path: 0 when the
     * sample says the trigram path is cheaper, else twice the rows expected to hold {@code limit} matches.
     */
    private static long probe(Sample sample, int limit) {
        double share = sample.share();
        // per row at 1M (measured): ~5.5 us to read in date order (random heap reads), ~2 us to collect and sort
        // a trigram match
        boolean ordered = share > 0 && limit / share * 5.5 < share * sample.rows() * 2.0;
        return ordered ? (long) Math.min(Math.ceil(2 * limit / share), Integer.MAX_VALUE) : 0L;
    }

    /** Whether an analyst's search for {@code filter} first reads incidents in order (for tests of both paths). */
    boolean searchReadsInOrder(IncidentFilter filter, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        return probe(sample(filter.sqlWhere(params), params), limit) > 0;
    }

    /** Rows a text search's sample reads: enough to tell a word in 1% of incidents from one in 10%. */
    private static final int SAMPLE_ROWS = 3000;

    /**
     * What a search's sample says: the share of incidents matching, the planner's row count of the table, and
     * the start dates of the sample's matching incidents in order.
     */
    record Sample(double share, double rows, List<LocalDate> matchingDates) {
    }

    /**
     * The {@link Sample} of whole pages (the same pages every time) for {@code where}: one statement, so one round
     * trip and one pooled connection.
     */
    private Sample sample(String where, MapSqlParameterSource params) {
        params.addValue("sampleRows", SAMPLE_ROWS);
        return jdbc.queryForObject("""
                WITH size AS (
                    SELECT greatest(reltuples, 0) AS rows FROM pg_class WHERE oid = CAST('public.incident' AS regclass)
                )
                SELECT coalesce(count(*) FILTER (WHERE %1$s) / CAST(nullif(count(*), 0) AS double precision), 0),
                       (SELECT rows FROM size),
                       coalesce(array_agg(i.start_date ORDER BY i.start_date) FILTER (WHERE %1$s), '{}')
                FROM public.incident i TABLESAMPLE SYSTEM ((
                    SELECT least(100, 100.0 * :sampleRows / greatest(rows, 1)) FROM size)) REPEATABLE (0)""".formatted(where),
                params, (row, n) -> {
                    List<LocalDate> dates = new ArrayList<>();
                    for (Object date : (Object[]) row.getArray(3).getArray()) {
                        dates.add(((java.sql.Date) date).toLocalDate());
                    }
                    return new Sample(row.getDouble(1), row.getDouble(2), dates);
                });
    }

    /** How many incidents match: exact, or -1 when more than the count cap and {@code exact} is false. */
    private long matched(String where, MapSqlParameterSource params, boolean exact) {
        if (exact) {
            return jdbc.queryForObject("SELECT count(*) FROM incident i WHERE " + where, params, Long.class);
        }
        params.addValue("countCap", countCap + 1);
        long n = jdbc.queryForObject("SELECT count(*) FROM (SELECT FROM incident i WHERE " + where
                + " LIMIT :countCap) capped", params, Long.class);
        return n > countCap ? -1 : n;
    }

    /** The client closed the connection while its collection was written. */
    private static final class ClientGone extends RuntimeException {
        ClientGone() {
            super(null, null, false, false);
        }
    }

    /**
     * Whether a {@code province=} filter may name {@code code}: a boundary's code or one given to an incident. Two
     * index probes (boundary's primary key, incident_province_idx, V93: province, start_date, id), never a scan of
     * the incidents.
     */
    public boolean isProvinceCode(String code) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM boundary WHERE code = :code)
                    OR EXISTS (SELECT 1 FROM incident WHERE province = :code)""",
                new MapSqlParameterSource("code", code), Boolean.class));
    }

    /** One incident as a Feature, or empty when no incident has that id. */
    public Optional<String> findFeature(long id) {
        return jdbc.query("SELECT " + FEATURE_JSON + "::text FROM incident i WHERE i.id = :id",
                new MapSqlParameterSource("id", id), (row, n) -> row.getString(1)).stream().findFirst();
    }

    /** One incident as a Feature with its version (what an edit must name), or empty when none has that id. */
    public Optional<Versioned> findVersioned(long id) {
        return findVersioned(id, false);
    }

    /** As {@link #findVersioned(long)}, with flat properties ({@link FlatJson}) when {@code flat}. */
    public Optional<Versioned> findVersioned(long id, boolean flat) {
        return jdbc.query("SELECT " + FlatJson.feature(FEATURE_JSON, flat, "sources")
                + "::text, i.version FROM incident i WHERE i.id = :id",
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

}
