-- Text search (q=) at 1M incidents (issue 11): one stored, lower-cased text per incident and one trigram index.
--
-- q= matched "title ILIKE p OR description ILIKE p OR location_name ILIKE p" through three trigram indexes (V30).
-- At 1M a word in 4% of incidents (40k matches) cost ~70 ms in the bitmap heap recheck alone: three ILIKEs per
-- row, each lower-casing its text and the pattern again. search_text is lower(title, description and place joined
-- by line breaks), stored, so the condition is "search_text LIKE lower(p)" (the same matches: in a multi-byte
-- encoding ILIKE lower-cases both sides with lower(); q= may not hold a line break, so no match spans two fields)
-- and the recheck is one byte-wise LIKE: 26-38 ms for the same 40k matches (measured side by side in one run).
-- The description and place indexes served only q= and go; the title one stays for CQL2 "title LIKE" (OGC).
-- Viewers: search_text is decided in the allow-list like every column; theirs holds only the text they are shown
-- (a sensitive incident's description and place are withheld from it), computed per row.
-- Adding a stored generated column rewrites the table (1M rows: minutes, once).
ALTER TABLE incident ADD COLUMN search_text text GENERATED ALWAYS AS (
    lower(title || E'\n' || coalesce(description, '') || E'\n' || coalesce(location_name, ''))) STORED;
CREATE INDEX incident_search_text_trgm_idx ON incident USING gin (search_text gin_trgm_ops);
DROP INDEX IF EXISTS incident_description_trgm_idx;
DROP INDEX IF EXISTS incident_location_name_trgm_idx;

INSERT INTO generalised_column (relation, column_name, decision, viewer_expression, reason) VALUES
    ('incident', 'search_text', 'replace',
     'lower(i.title || E''\n'' || coalesce(CASE WHEN i.sensitive THEN NULL ELSE i.description END, '''') || E''\n'''
     || ' || coalesce(CASE WHEN i.sensitive THEN NULL ELSE i.location_name END, ''''))',
     'what q= searches: of a sensitive incident, only the text shown');

/*
 * V86's refresh_generalised_views, with search_text in both counted_incident views (the clusters' and
 * provinces' per-incident paths filter them with q=). Run after every migration (afterMigrate.sql).
 */
CREATE OR REPLACE FUNCTION refresh_generalised_views() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    readable text;
    counted  constant text := 'id, category, title, description, location_name, start_date, end_date, geom, '
                              || 'province, country, withheld, search_text';
BEGIN
    DROP VIEW IF EXISTS generalised.incident_grid;
    DROP VIEW IF EXISTS generalised.counted_edge;
    DROP VIEW IF EXISTS generalised.counted_month;
    DROP VIEW IF EXISTS generalised.counted_incident;
    DROP VIEW IF EXISTS public.counted_incident;
    DROP VIEW IF EXISTS generalised.incident;
    DROP VIEW IF EXISTS generalised.incident_source;
    EXECUTE 'CREATE VIEW generalised.incident AS SELECT ' || generalised_select_list('incident', 'i')
         || ' FROM public.incident i WHERE category_listed_below_analyst(i.category)';
    EXECUTE 'CREATE VIEW generalised.incident_source AS SELECT ' || generalised_select_list('incident_source', 's')
         || ' FROM public.incident_source s JOIN public.incident i ON i.id = s.incident_id'
         || ' WHERE category_listed_below_analyst(i.category)';
    EXECUTE 'CREATE VIEW public.counted_incident (' || counted || ') AS'
         || ' SELECT id, category, title, description, location_name, start_date, end_date, geom, province, country,'
         || ' false, search_text FROM public.incident';
    EXECUTE 'CREATE VIEW generalised.counted_incident (' || counted || ') AS'
         || ' SELECT id, category, title, description, location_name, start_date, end_date, geom, province, country,'
         || ' false, search_text FROM generalised.incident'
         || ' UNION ALL'
         || ' SELECT NULL, c.category, NULL, NULL, NULL, c.month, CAST(c.month + interval ''1 month'' AS date) - 1,'
         || '   p.point, nullif(c.province, ''''), c.country, w.withheld, NULL'
         || ' FROM public.sensitive_cell_count c'
         || ' LEFT JOIN public.province_point p ON p.code = c.province'
         || ' CROSS JOIN LATERAL (SELECT visible_count(c.n, true) IS NULL AS withheld) w'
         || ' CROSS JOIN LATERAL generate_series(1, CASE WHEN w.withheld THEN 1 ELSE c.n END) AS copies'
         || ' WHERE NOT category_listed_below_analyst(c.category)';
    CREATE VIEW generalised.counted_month AS
        SELECT m.province_public AS province, m.country, m.category, m.start_month, m.end_month, sum(m.n) AS n,
               min(m.first_start) AS first_start, max(m.last_date) AS last_date, false AS withheld
        FROM public.incident_month_count m
        WHERE m.category IN (SELECT c.key FROM public.category c WHERE NOT c.sensitive)
        GROUP BY m.category, m.province_public, m.country, m.start_month, m.end_month
        UNION ALL
        SELECT c.province, c.country, c.category, c.month, c.month, CASE WHEN w.withheld THEN 0 ELSE c.n END,
               c.month, CAST(c.month + interval '1 month' AS date) - 1, w.withheld
        FROM public.sensitive_cell_count c
        CROSS JOIN LATERAL (SELECT visible_count(c.n, true) IS NULL AS withheld) w
        WHERE c.category IN (SELECT k.key FROM public.category k WHERE k.sensitive);
    CREATE VIEW generalised.counted_edge AS
        SELECT e.province_public AS province, e.country, e.category, e.month, sum(e.starts) AS starts,
               min(e.first_start) AS first_start, sum(e.ends) AS ends, max(e.last_date) AS last_date,
               false AS withheld
        FROM public.incident_month_edge e
        WHERE e.category IN (SELECT c.key FROM public.category c WHERE NOT c.sensitive)
        GROUP BY e.category, e.province_public, e.country, e.month
        UNION ALL
        SELECT c.province, c.country, c.category, c.month, CASE WHEN w.withheld THEN 0 ELSE c.n END, c.month,
               CASE WHEN w.withheld THEN 0 ELSE c.n END, CAST(c.month + interval '1 month' AS date) - 1, w.withheld
        FROM public.sensitive_cell_count c
        CROSS JOIN LATERAL (SELECT visible_count(c.n, true) IS NULL AS withheld) w
        WHERE c.category IN (SELECT k.key FROM public.category k WHERE k.sensitive);
    CREATE VIEW generalised.incident_grid AS
        SELECT g.level, g.cx, g.cy, g.category, g.start_month, g.end_month, g.n, g.sum_lon7, g.sum_lat7,
               false AS withheld
        FROM public.incident_grid_row g
        WHERE g.audience IN ('a', 'v')
        UNION ALL
        SELECT CAST(l.level AS smallint), CAST(floor(ST_X(p.point) / incident_grid_cell(l.level)) AS integer),
               CAST(floor(ST_Y(p.point) / incident_grid_cell(l.level)) AS integer), c.category, c.month, c.month,
               CASE WHEN w.withheld THEN 0 ELSE c.n END,
               CASE WHEN NOT w.withheld THEN c.n * incident_grid_fixed7(ST_X(p.point)) END,
               CASE WHEN NOT w.withheld THEN c.n * incident_grid_fixed7(ST_Y(p.point)) END,
               w.withheld
        FROM public.sensitive_cell_count c
        LEFT JOIN public.province_point p ON p.code = c.province
        CROSS JOIN LATERAL (SELECT visible_count(c.n, true) IS NULL AS withheld) w
        CROSS JOIN generate_series(3, 12) AS l(level)
        WHERE NOT category_listed_below_analyst(c.category);
    GRANT SELECT ON generalised.incident, generalised.incident_source, generalised.counted_incident,
        generalised.incident_grid, generalised.counted_month, generalised.counted_edge TO mapper_generalised;
    -- tables holding nothing sensitive are readable as they are
    FOR readable IN
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm')
           AND c.relname IN ('category', 'boundary', 'dataset_load', 'spatial_ref_sys', 'place', 'place_alias',
                             'gazetteer_place', 'gazetteer_alias', 'geonames_admin1_iso')
    LOOP
        EXECUTE format('GRANT SELECT ON public.%I TO mapper_generalised', readable);
    END LOOP;
END $$;
