package org.incidentmapper.site;

import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads sites as GeoJSON written by PostGIS (see {@link SiteSql}); a caller below analyst level reads the views. */
@Repository
class SiteRepository {

    private final NamedParameterJdbcTemplate jdbc;

    SiteRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The sites matching {@code filter}, by id, as a FeatureCollection with numberReturned. */
    String collection(SiteFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource("to", filter.to());
        String where = filter.sqlWhere(params);
        return jdbc.queryForObject("SELECT json_build_object('type', 'FeatureCollection', 'features', "
                + "coalesce(json_agg(f.feature ORDER BY f.id), '[]'), 'numberReturned', count(*))::text "
                + "FROM (SELECT s.id, " + SiteSql.LIST_FEATURE + " AS feature FROM site s WHERE " + where + ") f",
                params, String.class);
    }

    /** One site with its states, their sources and its incidents, and its version; empty when none has the id. */
    Optional<Versioned> find(long id) {
        return jdbc.query("SELECT " + SiteSql.DETAIL_FEATURE + "::text, s.version FROM site s WHERE s.id = :id",
                new MapSqlParameterSource("id", id).addValue("to", null),
                (row, n) -> new Versioned(row.getString(1), row.getInt(2))).stream().findFirst();
    }

    /** A Feature and the version of the record it shows. */
    record Versioned(String feature, int version) {

        /** The weak ETag of this version, {@code W/"3"}. */
        String etag() {
            return "W/\"" + version + "\"";
        }
    }
}
