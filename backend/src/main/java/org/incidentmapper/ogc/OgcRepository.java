package org.incidentmapper.ogc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.incidentmapper.answer.AnswerCache;
import org.incidentmapper.security.Visibility;
import org.incidentmapper.incident.IncidentFilter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SQL of the OGC service. PostGIS writes every Feature; collections stream through a cursor. Reads go through
 * the app's DataSource, so a viewer reads the generalised views like everywhere else.
 */
@Repository
class OgcRepository {

    /**
     * One incident as a Feature with flat properties (every value a scalar, so QGIS and GDAL can save it to any
     * format): sources are counted and joined with " | " in source order, as the exports do; nationalities are
     * joined with ",". {@code %1$s} is the geometry expression in the output CRS, {@code %2$d} its decimals.
     */
    private static final String FEATURE = """
            json_build_object(
              'type', 'Feature',
              'id', i.id,
              'geometry', ST_AsGeoJSON(%1$s, %2$d)::json,
              'properties', json_build_object(
                'externalId', i.external_id, 'category', i.category, 'title', i.title, 'description', i.description,
                'startDate', i.start_date, 'endDate', i.end_date, 'datePrecision', i.date_precision,
                'locationName', i.location_name, 'locationPrecision', i.location_precision, 'country', i.country,
                'province', i.province, 'provinceSource', i.province_source,
                'outsideBoundaries', i.province_computed IS NULL, 'victimsCount', i.victims_count,
                'victimNationalities', array_to_string(i.victim_nationalities, ','), 'status', i.status,
                'sensitive', i.sensitive, 'createdBy', i.created_by,
                'sourceCount', src.n, 'sourceOutlets', src.outlets, 'sourceUrls', src.urls,
                'sourceDates', src.dates, 'sourceLanguages', src.languages,
                'createdAt', i.created_at, 'updatedAt', i.updated_at, 'version', i.version),
              'links', json_build_array(
                json_build_object('rel', 'self', 'type', 'application/geo+json', 'title', 'This feature',
                  'href', :base || '/ogc/collections/' || :collection || '/items/' || i.id),
                json_build_object('rel', 'alternate', 'type', 'text/html', 'title', 'On the map',
                  'href', :base || '/?from=' || i.start_date || '&to=' || coalesce(i.end_date, i.start_date)
                    || '#12/' || round(CAST(ST_Y(ST_PointOnSurface(i.geom)) AS numeric), 4)
                    || '/' || round(CAST(ST_X(ST_PointOnSurface(i.geom)) AS numeric), 4))))::text, i.id
            FROM incident i
            LEFT JOIN LATERAL (
              SELECT count(*) AS n,
                     string_agg(s.outlet, ' | ' ORDER BY s.position) AS outlets,
                     string_agg(coalesce(s.url, ''), ' | ' ORDER BY s.position) AS urls,
                     string_agg(coalesce(CAST(s.published_date AS text), ''), ' | ' ORDER BY s.position) AS dates,
                     string_agg(coalesce(s.language, ''), ' | ' ORDER BY s.position) AS languages
              FROM incident_source s WHERE s.incident_id = i.id) src ON TRUE""";

    private static final int FETCH_SIZE = 500;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    private final AnswerCache answers;

    OgcRepository(DataSource dataSource, PlatformTransactionManager transactions, AnswerCache answers) {
        this.answers = answers;
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        this.jdbc = new NamedParameterJdbcTemplate(template);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** The categories in display order: key and label. */
    List<String[]> categories() {
        // a sensitive category is not listed below analyst level (V15's one rule, category_listed_below_analyst)
        return jdbc.query("SELECT key, label FROM category WHERE current_user <> 'mapper_generalised' "
                + "OR category_listed_below_analyst(key) ORDER BY sort_order, key", Map.of(),
                (row, n) -> new String[] {row.getString(1), row.getString(2)});
    }

    /**
     * The spatial extent (lon/lat) and the first and last day of a collection's incidents, or nulls when empty:
     * exact (the box of every geometry, the earliest start and the latest end or start). An analyst's is computed
     * once per data version ({@link AnswerCache}), its days from incident_month_edge (V71) instead of the
     * incidents; a viewer's from the generalised incidents on every request, as the items are.
     */
    Extent extent(OgcCollection collection) {
        return answers.get("ogc-extent", collection.id(), () -> computeExtent(collection), e -> 256L);
    }

    private Extent computeExtent(OgcCollection collection) {
        MapSqlParameterSource params = new MapSqlParameterSource("category", collection.category());
        String where = collection.category() == null ? "" : " WHERE i.category = :category";
        boolean full = Visibility.current() == Visibility.FULL;
        String sql = collection.provinces()
                ? "SELECT ST_Extent(i.geom) AS e, NULL AS first, NULL AS last FROM boundary i"
                : full ? "SELECT (SELECT ST_Extent(i.geom) FROM incident i" + where + ") AS e,"
                        + " CAST(min(i.first_start) AS text) AS first, CAST(max(i.last_date) AS text) AS last"
                        + " FROM incident_month_edge i" + where
                : "SELECT ST_Extent(i.geom) AS e, CAST(min(i.start_date) AS text) AS first, "
                        + "CAST(max(coalesce(i.end_date, i.start_date)) AS text) AS last FROM incident i" + where;
        return jdbc.queryForObject("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), first, last FROM (" + sql
                + ") x", params, (row, n) -> new Extent(row.getObject(1) == null ? null
                        : new double[] {row.getDouble(1), row.getDouble(2), row.getDouble(3), row.getDouble(4)},
                        row.getString(5), row.getString(6)));
    }

    record Extent(double[] bbox, String first, String last) {
    }

    /** What an items request selects and how it is written. */
    record ItemsQuery(OgcCollection collection, IncidentFilter filter, Cql2 cql, OgcCrs filterCrs, OgcCrs crs,
            int limit, String after, String base) {
    }

    /** The outcome of writing a page of items: how many were written and the id to continue after (or null). */
    record Page(long returned, long matched, String nextAfter) {
    }

    /**
     * Writes the {@code features} array members of one page: incidents matching the query with an id above
     * {@code after}, in id order, at most {@code limit}. Paging by id (keyset) is stable under concurrent inserts:
     * a new incident gets a higher id, so no feature is skipped or repeated between pages.
     */
    Page writeIncidents(ItemsQuery query, OutputStream out) {
        MapSqlParameterSource params = params(query);
        String where = where(query, params);
        String sql = "SELECT " + FEATURE.formatted(query.crs().fromStorage("i.geom"), query.crs().digits())
                + " WHERE " + where + (query.after() == null ? "" : " AND i.id > :after")
                + " ORDER BY i.id LIMIT :limitPlusOne";
        return readOnly.execute(status -> {
            List<String> held = new ArrayList<>(1);
            long[] written = {0};
            String[] lastId = {null};
            jdbc.query(sql, params, row -> {
                if (written[0] == query.limit()) {
                    held.add(row.getString(1));
                    return;
                }
                write(out, written[0]++ == 0 ? "" : ",");
                write(out, row.getString(1));
                lastId[0] = row.getString(2);
            });
            long matched = jdbc.queryForObject("SELECT count(*) FROM incident i WHERE " + where, params, Long.class);
            return new Page(written[0], matched, held.isEmpty() ? null : lastId[0]);
        });
    }

    /** One incident of the collection as a Feature, or empty. */
    Optional<String> incident(ItemsQuery query, long id) {
        MapSqlParameterSource params = params(query).addValue("id", id);
        String sql = "SELECT " + FEATURE.formatted(query.crs().fromStorage("i.geom"), query.crs().digits())
                + " WHERE i.id = :id" + (query.collection().category() == null ? "" : " AND i.category = :category");
        return jdbc.query(sql, params, (row, n) -> row.getString(1)).stream().findFirst();
    }

    /**
     * Writes a page of provinces: boundaries intersecting the filter's bbox, in code order after {@code after},
     * each with the number of incidents matching the rest of the filter (the window), in total and per category.
     * They are counted from {@code counted_incident} through {@code visible_count}, as every other aggregate (V15):
     * a category a viewer may not count there is null, and left out of the total.
     */
    Page writeProvinces(ItemsQuery query, OutputStream out) {
        MapSqlParameterSource params = params(query);
        IncidentFilter window = new IncidentFilter(null, query.filter().from(), query.filter().to(),
                query.filter().categories(), query.filter().q(), List.of(), List.of(), query.filter().rating());
        String counted = window.sqlWhere(params);
        String box = query.filter().bbox() == null ? "TRUE"
                : "b.geom && ST_MakeEnvelope(:bMinLon, :bMinLat, :bMaxLon, :bMaxLat, 4326)";
        if (query.filter().bbox() != null) {
            params.addValue("bMinLon", query.filter().bbox().minLon()).addValue("bMinLat", query.filter().bbox().minLat())
                    .addValue("bMaxLon", query.filter().bbox().maxLon()).addValue("bMaxLat", query.filter().bbox().maxLat());
        }
        String codes = query.filter().provinces().isEmpty() ? "" : " AND b.code IN (:provinceCodes)";
        params.addValue("provinceCodes", query.filter().provinces());
        String countries = query.filter().countries().isEmpty() ? "" : " AND b.country IN (:countryCodes)";
        params.addValue("countryCodes", query.filter().countries());
        String where = box + codes + countries;
        String sql = """
                WITH counts AS (
                    SELECT i.province, i.category,
                           CASE WHEN count(*) FILTER (WHERE NOT i.withheld) = 0 THEN NULL
                                ELSE visible_count(count(*) FILTER (WHERE NOT i.withheld), bool_or(c.sensitive)) END AS n
                    FROM counted_incident i JOIN category c ON c.key = i.category
                    WHERE i.province IS NOT NULL AND %s
                    GROUP BY i.province, i.category
                )
                SELECT json_build_object(
                  'type', 'Feature', 'id', b.code,
                  'geometry', ST_AsGeoJSON(%s, %d)::json,
                  'properties', CAST(json_build_object('code', b.code, 'name', b.name, 'nameLocal', b.name_local,
                      'country', b.country,
                      'count', (SELECT coalesce(sum(n), 0) FROM counts WHERE counts.province = b.code)) AS jsonb)
                    || (SELECT jsonb_object_agg('count_' || k.key, CASE WHEN EXISTS (SELECT 1 FROM counts
                                WHERE counts.province = b.code AND counts.category = k.key)
                            THEN (SELECT n FROM counts WHERE counts.province = b.code AND counts.category = k.key)
                            ELSE 0 END)
                        FROM category k),
                  'links', json_build_array(json_build_object('rel', 'self', 'type', 'application/geo+json',
                      'href', :base || '/ogc/collections/provinces/items/' || b.code)))::text, b.code
                FROM boundary b
                WHERE %s %s
                ORDER BY b.code LIMIT :limitPlusOne""".formatted(counted, query.crs().fromStorage("b.geom"),
                query.crs().digits(), where, query.after() == null ? "" : "AND b.code > :afterCode");
        params.addValue("afterCode", query.after());
        return readOnly.execute(status -> {
            long[] written = {0};
            String[] lastCode = {null};
            boolean[] more = {false};
            jdbc.query(sql, params, row -> {
                if (written[0] == query.limit()) {
                    more[0] = true;
                    return;
                }
                write(out, written[0]++ == 0 ? "" : ",");
                write(out, row.getString(1));
                lastCode[0] = row.getString(2);
            });
            long matched = jdbc.queryForObject("SELECT count(*) FROM boundary b WHERE " + where, params, Long.class);
            return new Page(written[0], matched, more[0] ? lastCode[0] : null);
        });
    }

    private static MapSqlParameterSource params(ItemsQuery query) {
        return new MapSqlParameterSource("base", query.base())
                .addValue("collection", query.collection().id())
                .addValue("category", query.collection().category())
                .addValue("after", query.after() == null || query.collection().provinces() ? null
                        : Long.valueOf(query.after()))
                .addValue("limitPlusOne", query.limit() + 1);
    }

    private static String where(ItemsQuery query, MapSqlParameterSource params) {
        String where = query.filter().sqlWhere(params);
        if (query.collection().category() != null) {
            where += " AND i.category = :category";
        }
        if (query.cql() != null) {
            where += " AND " + Cql2Sql.where(query.cql(), params, query.filterCrs());
        }
        return where;
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
