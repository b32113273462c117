package org.incidentmapper.site;

/**
 * The SQL that writes sites and relocations as GeoJSON (PostGIS writes it; Java passes the text through). Every
 * statement reads the tables by their plain names, so a caller below analyst level reads the generalised views
 * that shadow them (V63): the generalisation of sensitive sites is decided there, never here.
 */
final class SiteSql {

    private SiteSql() {
    }

    /** Coordinates written with 6 decimals (about 0.1 m), as incidents'. */
    static final int DECIMALS = 6;

    /**
     * The names of site {@code s} and the names {@code q} stands for, both as gazetteer keys: {@code names.k} and
     * {@code wanted.k}. {@code q} stands for itself and for every other name of a gazetteer place (the hand-made
     * aliases, in any script) that has it as a name, so 金边 finds a site listed only as Phnom Penh.
     */
    static final String NAME_KEYS = """
            SELECT 1 FROM (SELECT gazetteer_key(s.name) AS k
                           UNION ALL SELECT a.search_key FROM site_alias a WHERE a.site_id = s.id) AS names,
                          (SELECT gazetteer_key(CAST(:q AS text)) AS k
                           UNION SELECT other.search_key FROM gazetteer_place given
                                 JOIN gazetteer_place other ON other.place_key = given.place_key
                                                           AND other.source = 'alias'
                           WHERE given.source = 'alias' AND given.search_key = gazetteer_key(CAST(:q AS text))) AS wanted
            WHERE wanted.k <> '' AND names.k <> ''""";

    /** The sources of a state or relocation, in order; {@code table} and {@code key} are constants of this class. */
    static String sources(String table, String key, String id) {
        return "coalesce((SELECT json_agg(json_build_object('outlet', src.outlet, 'url', src.url, "
                + "'publishedDate', src.published_date, 'language', src.language, 'reliability', src.reliability, "
                + "'credibility', src.credibility) ORDER BY src.position) FROM " + table + " src WHERE src." + key
                + " = " + id + "), '[]')";
    }

    /** A site's point for an arc: its point, or a polygon's centroid (a viewer's sensitive site: its cell centre). */
    static String anchor(String geom) {
        return "CASE WHEN GeometryType(" + geom + ") = 'POINT' THEN " + geom + " ELSE ST_Centroid(" + geom + ") END";
    }

    /**
     * The properties every site has in a list, alias {@code s}; {@code :to} (a date or null) picks the state in
     * force. incidentCount: 0 with no incidents; for viewers null when visible_count withholds it.
     */
    private static final String PROPERTIES = """
            'id', s.id,
            'key', s.key,
            'kind', s.kind,
            'name', s.name,
            'aliases', coalesce((SELECT json_agg(json_build_object('name', a.name, 'language', a.language)
                                                 ORDER BY a.position)
                                 FROM site_alias a WHERE a.site_id = s.id), '[]'),
            'operators', to_json(s.operators),
            'country', s.country,
            'province', s.province,
            'locationPrecision', s.location_precision,
            'sensitive', s.sensitive,
            'description', s.description,
            'state', (SELECT st.state FROM site_state st
                      WHERE st.site_id = s.id AND st.start_date <= coalesce(CAST(:to AS date), DATE 'infinity')
                      ORDER BY st.start_date DESC, st.id DESC LIMIT 1),
            'incidentCount', (SELECT CASE WHEN count(*) = 0 THEN 0 ELSE max(c.n) END
                              FROM site_incident_count c WHERE c.site_id = s.id),
            'version', s.version""";

    private static final String GEOMETRY = "ST_AsGeoJSON(ST_ForcePolygonCCW(s.geom), " + DECIMALS + ")::json";

    /** A site in a list: its states without notes or sources. */
    static final String LIST_FEATURE = "json_build_object('type', 'Feature', 'id', s.id, 'geometry', " + GEOMETRY
            + ", 'properties', json_build_object(" + PROPERTIES + """
            ,
            'states', coalesce((SELECT json_agg(json_build_object('state', st.state, 'startDate', st.start_date,
                                                                  'datePrecision', st.date_precision)
                                                ORDER BY st.start_date, st.id)
                                FROM site_state st WHERE st.site_id = s.id), '[]')))""";

    /** One site: its states with notes and sources, and its incidents (as the caller may list them), in time order. */
    static final String DETAIL_FEATURE = "json_build_object('type', 'Feature', 'id', s.id, 'geometry', " + GEOMETRY
            + ", 'properties', json_build_object(" + PROPERTIES + """
            ,
            'states', coalesce((SELECT json_agg(json_build_object('state', st.state, 'startDate', st.start_date,
                                                                  'datePrecision', st.date_precision, 'note', st.note,
                                                                  'sources', """ + sources("site_state_source",
            "state_id", "st.id") + """
            ) ORDER BY st.start_date, st.id)
                                FROM site_state st WHERE st.site_id = s.id), '[]'),
            'incidents', coalesce((SELECT json_agg(json_build_object('id', i.id, 'category', i.category,
                                                                     'title', i.title, 'startDate', i.start_date,
                                                                     'endDate', i.end_date)
                                                   ORDER BY i.start_date, i.id)
                                   FROM incident i WHERE i.site_id = s.id), '[]')))""";

    /** A relocation as a LineString from its first site's point to its second's; aliases r, fs, ts. */
    static final String RELOCATION_FEATURE = "json_build_object('type', 'Feature', 'id', r.id, 'geometry', "
            + "ST_AsGeoJSON(ST_MakeLine(" + anchor("fs.geom") + ", " + anchor("ts.geom") + "), " + DECIMALS
            + ")::json, 'properties', json_build_object('id', r.id, 'kind', r.kind, 'date', r.date, "
            + "'datePrecision', r.date_precision, 'fromSite', json_build_object('id', fs.id, 'name', fs.name), "
            + "'toSite', json_build_object('id', ts.id, 'name', ts.name), 'note', r.note, 'sources', "
            + sources("relocation_source", "relocation_id", "r.id") + ", 'version', r.version))";

    static final String RELOCATION_FROM = " FROM relocation r JOIN site fs ON fs.id = r.from_site_id"
            + " JOIN site ts ON ts.id = r.to_site_id";
}
