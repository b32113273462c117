-- Viewers' province aggregates and category counts at 1M incidents (issue 11).
--
-- A viewer's /api/provinces, /timeline, /spread and /api/categories counted generalised.counted_incident row by
-- row: every listed incident through generalised.incident, whose row filter category_listed_below_analyst() runs a
-- subquery per row (1M of them), each row carrying every allow-listed column, then materialised and sorted: ~7 s
-- on a quiet machine, 30 s (the query timeout) under load. generalised.counted_month gives the same counts grouped
-- as incident_month_count (V31) is, for the filters those answer exactly (categories, provinces, countries, whole
-- months; ProvinceRepository.monthAligned):
--   listed categories  one row per public province ('' none) × country × category × start month × end month
--                      ('infinity' while running) of public.incident, province_public being what
--                      generalised.incident shows as province; only the columns the aggregates need, no function
--                      per row (the listed categories are one hashed subquery);
--   sensitive ones     one row per disclosure cell of sensitive_cell_count (V77), start and end month its month,
--                      n as visible_count passes it, else n = 0 and withheld: exactly counted_incident's second
--                      branch, summed.
-- Nothing in it is finer than generalised.counted_incident. Neither the view's tables nor the function is granted;
-- mapper_generalised reads the view (owned by the migrating role) only.

/*
 * V77's refresh_generalised_views, also building generalised.counted_month (above).
 * Run after every migration (afterMigrate.sql).
 */
CREATE OR REPLACE FUNCTION refresh_generalised_views() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    readable text;
    counted  constant text := 'id, category, title, description, location_name, start_date, end_date, geom, '
                              || 'province, country, withheld';
BEGIN
    DROP VIEW IF EXISTS generalised.incident_grid;
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
         || ' false FROM public.incident';
    EXECUTE 'CREATE VIEW generalised.counted_incident (' || counted || ') AS'
         || ' SELECT id, category, title, description, location_name, start_date, end_date, geom, province, country,'
         || ' false FROM generalised.incident'
         || ' UNION ALL'
         || ' SELECT NULL, c.category, NULL, NULL, NULL, c.month, CAST(c.month + interval ''1 month'' AS date) - 1,'
         || '   p.point, nullif(c.province, ''''), c.country, w.withheld'
         || ' FROM public.sensitive_cell_count c'
         || ' LEFT JOIN public.province_point p ON p.code = c.province'
         || ' CROSS JOIN LATERAL (SELECT visible_count(c.n, true) IS NULL AS withheld) w'
         || ' CROSS JOIN LATERAL generate_series(1, CASE WHEN w.withheld THEN 1 ELSE c.n END) AS copies'
         || ' WHERE NOT category_listed_below_analyst(c.category)';
    CREATE VIEW generalised.counted_month AS
        SELECT coalesce(i.province_public, '') AS province, i.country, i.category,
               CAST(date_trunc('month', i.start_date) AS date) AS start_month,
               coalesce(CAST(date_trunc('month', i.end_date) AS date), CAST('infinity' AS date)) AS end_month,
               count(*) AS n, min(i.start_date) AS first_start, max(coalesce(i.end_date, i.start_date)) AS last_date,
               false AS withheld
        FROM public.incident i
        WHERE i.category IN (SELECT c.key FROM public.category c WHERE NOT c.sensitive)
        GROUP BY 1, 2, 3, 4, 5
        UNION ALL
        SELECT c.province, c.country, c.category, c.month, c.month, CASE WHEN w.withheld THEN 0 ELSE c.n END,
               c.month, CAST(c.month + interval '1 month' AS date) - 1, w.withheld
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
        generalised.incident_grid, generalised.counted_month TO mapper_generalised;
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
