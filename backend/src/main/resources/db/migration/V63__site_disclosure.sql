-- What callers below analyst level see of sites, their aliases, states, sources and relocations: a decision per
-- column in the one allow-list, generalised_column (V15), from which refresh_site_views() builds the views of
-- schema generalised that shadow the tables for them (see V7). A sensitive site is generalised like a sensitive
-- incident: at the centre of its 0.25° cell (never a polygon), with no name, key, operators, description, aliases,
-- notes or source URLs that could locate it, and arcs touching it end at that cell centre (their geometry is built
-- from the generalised site). Incident counts per site go through visible_count.

ALTER TABLE generalised_column DROP CONSTRAINT generalised_column_relation_check;
ALTER TABLE generalised_column ADD CONSTRAINT generalised_column_relation_check CHECK (relation IN (
    'incident', 'incident_source', 'site', 'site_alias', 'site_state', 'site_state_source', 'relocation',
    'relocation_source'));

-- Aliases in the expressions: site (public.site), a (site_alias), st (site_state), src (site_state_source or
-- relocation_source), r (relocation), fs / ts (the relocation's from and to sites); i (incident) as in V15.
INSERT INTO generalised_column (relation, column_name, decision, viewer_expression, reason) VALUES
    ('incident', 'site_id', 'replace',
        'CASE WHEN i.sensitive OR EXISTS (SELECT 1 FROM public.site x WHERE x.id = i.site_id AND x.sensitive) '
        || 'THEN NULL ELSE i.site_id END',
        'a sensitive incident''s site would place it; an incident of a sensitive site would place the site'),
    ('site', 'id', 'pass', NULL, 'a sequence number, derived from nothing'),
    ('site', 'key', 'replace', 'CASE WHEN site.sensitive THEN NULL ELSE site.key END', 'may name the place'),
    ('site', 'kind', 'pass', NULL, 'shown'),
    ('site', 'name', 'replace',
        'CASE WHEN site.sensitive THEN initcap(site.kind) || '' (location withheld)'' ELSE site.name END',
        'a site''s name locates it'),
    ('site', 'geom', 'replace', 'site.geom_public', 'a sensitive site is at the centre of its 0.25° cell'),
    ('site', 'location_precision', 'replace',
        'CASE WHEN site.sensitive THEN ''approximate'' ELSE site.location_precision END', 'the cell is approximate'),
    ('site', 'country', 'pass', NULL, 'given by the writer, not derived from the point'),
    ('site', 'province', 'replace', 'site.province_public', 'of a sensitive site: from its generalised cell'),
    ('site', 'province_public', 'pass', NULL, 'public by construction'),
    ('site', 'sensitive', 'pass', NULL, 'tells the viewer the location is generalised'),
    ('site', 'operators', 'replace', 'CASE WHEN site.sensitive THEN CAST(''{}'' AS text[]) ELSE site.operators END',
        'a company name can be looked up to its premises'),
    ('site', 'description', 'replace', 'CASE WHEN site.sensitive THEN NULL ELSE site.description END',
        'may name the place or the people'),
    ('site', 'geom_public', 'pass', NULL, 'public by construction'),
    ('site', 'version', 'pass', NULL, 'a counter'),
    ('site', 'created_by', 'withhold', NULL, 'who records what is never shown below analyst level'),
    ('site', 'created_at', 'pass', NULL, 'shown'),
    ('site', 'updated_at', 'pass', NULL, 'shown'),
    ('site_alias', 'site_id', 'pass', NULL, 'the site''s id (aliases of sensitive sites are not listed)'),
    ('site_alias', 'position', 'pass', NULL, 'order of aliases'),
    ('site_alias', 'name', 'pass', NULL, 'shown (aliases of sensitive sites are not listed)'),
    ('site_alias', 'language', 'pass', NULL, 'shown'),
    ('site_alias', 'search_key', 'pass', NULL, 'the name, normalised'),
    ('site_state', 'id', 'pass', NULL, 'a sequence number'),
    ('site_state', 'site_id', 'pass', NULL, 'the site''s id'),
    ('site_state', 'state', 'pass', NULL, 'shown'),
    ('site_state', 'start_date', 'pass', NULL, 'shown'),
    ('site_state', 'date_precision', 'pass', NULL, 'shown'),
    ('site_state', 'note', 'replace', 'CASE WHEN site.sensitive THEN NULL ELSE st.note END',
        'may name the place or the people'),
    ('site_state_source', 'state_id', 'pass', NULL, 'the state''s id'),
    ('site_state_source', 'position', 'pass', NULL, 'order of sources'),
    ('site_state_source', 'outlet', 'pass', NULL, 'the outlet, not the article'),
    ('site_state_source', 'url', 'replace', 'CASE WHEN site.sensitive THEN NULL ELSE src.url END',
        'the article locates the site'),
    ('site_state_source', 'published_date', 'pass', NULL, 'shown'),
    ('site_state_source', 'language', 'pass', NULL, 'shown'),
    ('site_state_source', 'reliability', 'pass', NULL, 'a rating of the outlet'),
    ('site_state_source', 'credibility', 'pass', NULL, 'a rating of the information'),
    ('relocation', 'id', 'pass', NULL, 'a sequence number'),
    ('relocation', 'from_site_id', 'pass', NULL, 'the site''s id (the site itself is generalised)'),
    ('relocation', 'to_site_id', 'pass', NULL, 'the site''s id (the site itself is generalised)'),
    ('relocation', 'kind', 'pass', NULL, 'shown'),
    ('relocation', 'date', 'pass', NULL, 'shown'),
    ('relocation', 'date_precision', 'pass', NULL, 'shown'),
    ('relocation', 'note', 'replace', 'CASE WHEN fs.sensitive OR ts.sensitive THEN NULL ELSE r.note END',
        'may name a sensitive site''s place'),
    ('relocation', 'version', 'pass', NULL, 'a counter'),
    ('relocation', 'created_by', 'withhold', NULL, 'who records what is never shown below analyst level'),
    ('relocation', 'created_at', 'pass', NULL, 'shown'),
    ('relocation', 'updated_at', 'pass', NULL, 'shown'),
    ('relocation_source', 'relocation_id', 'pass', NULL, 'the relocation''s id'),
    ('relocation_source', 'position', 'pass', NULL, 'order of sources'),
    ('relocation_source', 'outlet', 'pass', NULL, 'the outlet, not the article'),
    ('relocation_source', 'url', 'replace', 'CASE WHEN fs.sensitive OR ts.sensitive THEN NULL ELSE src.url END',
        'the article locates a sensitive site'),
    ('relocation_source', 'published_date', 'pass', NULL, 'shown'),
    ('relocation_source', 'language', 'pass', NULL, 'shown'),
    ('relocation_source', 'reliability', 'pass', NULL, 'a rating of the outlet'),
    ('relocation_source', 'credibility', 'pass', NULL, 'a rating of the information');

/*
 * (Re)builds the views of sites for callers below analyst level from generalised_column (raises while a column of
 * the site tables has no decision, like refresh_generalised_views), and site_incident_count, the number of
 * incidents per site: for analysts as it is; for viewers through visible_count, with every incident counted and the
 * count withheld below the threshold when the site, or one of its incidents, is sensitive or of a sensitive
 * category. The views read only public tables, so refresh_generalised_views may drop and rebuild its own freely.
 * Run after every migration (afterMigrate.sql).
 */
CREATE FUNCTION refresh_site_views() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DROP VIEW IF EXISTS generalised.site, generalised.site_alias, generalised.site_state,
        generalised.site_state_source, generalised.relocation, generalised.relocation_source,
        generalised.site_incident_count, public.site_incident_count;
    EXECUTE 'CREATE VIEW generalised.site AS SELECT ' || generalised_select_list('site', 'site')
         || ' FROM public.site site';
    EXECUTE 'CREATE VIEW generalised.site_alias AS SELECT ' || generalised_select_list('site_alias', 'a')
         || ' FROM public.site_alias a JOIN public.site site ON site.id = a.site_id WHERE NOT site.sensitive';
    EXECUTE 'CREATE VIEW generalised.site_state AS SELECT ' || generalised_select_list('site_state', 'st')
         || ' FROM public.site_state st JOIN public.site site ON site.id = st.site_id';
    EXECUTE 'CREATE VIEW generalised.site_state_source AS SELECT '
         || generalised_select_list('site_state_source', 'src')
         || ' FROM public.site_state_source src JOIN public.site_state st ON st.id = src.state_id'
         || ' JOIN public.site site ON site.id = st.site_id';
    EXECUTE 'CREATE VIEW generalised.relocation AS SELECT ' || generalised_select_list('relocation', 'r')
         || ' FROM public.relocation r JOIN public.site fs ON fs.id = r.from_site_id'
         || ' JOIN public.site ts ON ts.id = r.to_site_id';
    EXECUTE 'CREATE VIEW generalised.relocation_source AS SELECT '
         || generalised_select_list('relocation_source', 'src')
         || ' FROM public.relocation_source src JOIN public.relocation r ON r.id = src.relocation_id'
         || ' JOIN public.site fs ON fs.id = r.from_site_id JOIN public.site ts ON ts.id = r.to_site_id';
    CREATE VIEW public.site_incident_count (site_id, n) AS
        SELECT i.site_id, count(*) FROM public.incident i WHERE i.site_id IS NOT NULL GROUP BY i.site_id;
    CREATE VIEW generalised.site_incident_count (site_id, n) AS
        SELECT i.site_id, visible_count(count(*), bool_or(site.sensitive OR i.sensitive
                                                          OR NOT category_listed_below_analyst(i.category)))
        FROM public.incident i JOIN public.site site ON site.id = i.site_id
        GROUP BY i.site_id;
    GRANT SELECT ON generalised.site, generalised.site_alias, generalised.site_state, generalised.site_state_source,
        generalised.relocation, generalised.relocation_source, generalised.site_incident_count TO mapper_generalised;
END $$;
