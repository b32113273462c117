-- Viewers' province aggregates and category counts from kept counts (issue 11, point 3, for viewers).
--
-- generalised.counted_month (V85) grouped every listed incident of public.incident per request by province_public
-- (what a viewer sees as an incident's province): 2.7-12.9 s p95 with 8 clients at 1M incidents. Analysts read
-- incident_month_count (V31) and incident_month_edge (V71), kept by statement triggers, but keyed on the true
-- province, which a viewer must never see derived from for a sensitive incident. So both tables now also key on
-- province_public ('' none). For an incident that is not sensitive it equals province, so rows barely grow (1M
-- synthetic incidents: 144.5k -> 147.2k month pairs, 28.3k -> 31.0k edges). An analyst's reads sum over it as
-- before; a viewer's read it only through generalised.counted_month and generalised.counted_edge
-- (refresh_generalised_views below), which group by province_public and never expose province, so nothing a viewer
-- reads (counts, first or last dates) is split by a true province.
--
-- Kept by the same triggers: province_public is a transition column like the others, so an update that changes it
-- (boundary replacement rewrites every incident's province_public; toggling incident.sensitive; a move) moves the
-- incident's count between keys in the writing transaction.

ALTER TABLE incident_month_count DROP CONSTRAINT incident_month_count_pkey;
ALTER TABLE incident_month_edge DROP CONSTRAINT incident_month_edge_pkey;
TRUNCATE incident_month_count, incident_month_edge;
ALTER TABLE incident_month_count ADD COLUMN province_public text NOT NULL;
ALTER TABLE incident_month_edge ADD COLUMN province_public text NOT NULL;
-- province_public second: viewers' views group by (category, province_public, country, months) in key order
ALTER TABLE incident_month_count
    ADD PRIMARY KEY (category, province_public, country, start_month, end_month, province);
ALTER TABLE incident_month_edge ADD PRIMARY KEY (category, province_public, country, month, province);

-- Adds the rows of transition table "incident_month_added" to the counts.
CREATE OR REPLACE FUNCTION incident_month_count_add() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO incident_month_count AS c (province, province_public, country, category, start_month, end_month, n,
                                           first_start, last_date)
    SELECT coalesce(province, ''), coalesce(province_public, ''), country, category,
           CAST(date_trunc('month', start_date) AS date), incident_month_key_end(end_date), count(*), min(start_date),
           max(coalesce(end_date, start_date))
    FROM incident_month_added
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 4, 2, 3, 5, 6, 1
    ON CONFLICT (category, province_public, country, start_month, end_month, province) DO UPDATE
        SET n = c.n + excluded.n, first_start = least(c.first_start, excluded.first_start),
            last_date = greatest(c.last_date, excluded.last_date);
    PERFORM incident_month_edge_touch('pg_temp.incident_month_added');
END $$;

-- Takes the rows of "incident_month_removed" away: counts by subtraction, first and last date recomputed from what
-- remains in incident for the keys touched.
CREATE OR REPLACE FUNCTION incident_month_count_remove() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS incident_month_touched (
        province text, province_public text, country char(3), category text, start_month date, end_month date,
        n bigint) ON COMMIT DROP;
    TRUNCATE incident_month_touched;
    INSERT INTO incident_month_touched
    SELECT coalesce(province, ''), coalesce(province_public, ''), country, category,
           CAST(date_trunc('month', start_date) AS date), incident_month_key_end(end_date), count(*)
    FROM incident_month_removed GROUP BY 1, 2, 3, 4, 5, 6;
    ANALYZE incident_month_touched;

    UPDATE incident_month_count c SET n = c.n - t.n
    FROM incident_month_touched t
    WHERE (c.category, c.province_public, c.country, c.start_month, c.end_month, c.province)
        = (t.category, t.province_public, t.country, t.start_month, t.end_month, t.province);
    DELETE FROM incident_month_count WHERE n <= 0;

    UPDATE incident_month_count c SET first_start = r.first_start, last_date = r.last_date
    FROM (SELECT t.category, t.province_public, t.country, t.start_month, t.end_month, t.province,
                 min(i.start_date) AS first_start, max(coalesce(i.end_date, i.start_date)) AS last_date
          FROM incident_month_touched t
          JOIN incident i ON i.category = t.category AND coalesce(i.province, '') = t.province
               AND coalesce(i.province_public, '') = t.province_public
               AND i.country = t.country AND i.start_date >= t.start_month
               AND i.start_date < CAST(t.start_month + INTERVAL '1 month' AS date)
               AND incident_month_key_end(i.end_date) = t.end_month
          GROUP BY 1, 2, 3, 4, 5, 6) r
    WHERE (c.category, c.province_public, c.country, c.start_month, c.end_month, c.province)
        = (r.category, r.province_public, r.country, r.start_month, r.end_month, r.province);
    PERFORM incident_month_edge_touch('pg_temp.incident_month_removed');
END $$;

-- Recomputes the edge rows named in temp table incident_month_edge_touched from incident_month_count.
CREATE OR REPLACE FUNCTION incident_month_edge_refresh() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM incident_month_edge e USING incident_month_edge_touched t
    WHERE (e.category, e.province_public, e.country, e.month, e.province)
        = (t.category, t.province_public, t.country, t.month, t.province);
    INSERT INTO incident_month_edge (province, province_public, country, category, month, starts, first_start, ends,
                                     last_date)
    SELECT t.province, t.province_public, t.country, t.category, t.month, s.n, s.first_start, e.n, e.last_date
    FROM (SELECT DISTINCT province, province_public, country, category, month FROM incident_month_edge_touched) t
    CROSS JOIN LATERAL (SELECT coalesce(sum(c.n), 0) AS n, min(c.first_start) AS first_start
                        FROM incident_month_count c
                        WHERE (c.category, c.province_public, c.country, c.start_month, c.province)
                            = (t.category, t.province_public, t.country, t.month, t.province)) s
    CROSS JOIN LATERAL (SELECT coalesce(sum(c.n), 0) AS n, max(c.last_date) AS last_date
                        FROM incident_month_count c
                        WHERE (c.category, c.province_public, c.country, c.province)
                            = (t.category, t.province_public, t.country, t.province)
                          AND c.end_month = t.month) e
    WHERE s.n > 0 OR e.n > 0
    ORDER BY 4, 2, 3, 5, 1;
END $$;

CREATE OR REPLACE FUNCTION incident_month_edge_touch(source regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS incident_month_edge_touched (
        province text, province_public text, country char(3), category text, month date) ON COMMIT DROP;
    TRUNCATE incident_month_edge_touched;
    -- source has the transition columns (province, province_public, country, category, start_date, end_date)
    EXECUTE format($q$
        INSERT INTO incident_month_edge_touched
        SELECT coalesce(province, ''), coalesce(province_public, ''), country, category,
               CAST(date_trunc('month', start_date) AS date) FROM %1$s
        UNION
        SELECT coalesce(province, ''), coalesce(province_public, ''), country, category,
               incident_month_key_end(end_date) FROM %1$s$q$, source);
    PERFORM incident_month_edge_refresh();
END $$;

-- The triggers' temp tables gain province_public. They are dropped at commit, so a transaction that began before
-- this migration cannot hold the old shape; the CREATE ... IF NOT EXISTS below would keep it within this one.
DROP TABLE IF EXISTS pg_temp.incident_month_added, pg_temp.incident_month_removed, pg_temp.incident_month_touched,
    pg_temp.incident_month_edge_touched;

CREATE OR REPLACE FUNCTION incident_month_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incident_month_count_lock();
    CREATE TEMP TABLE IF NOT EXISTS incident_month_added (
        province text, province_public text, country char(3), category text, start_date date, end_date date)
        ON COMMIT DROP;
    TRUNCATE incident_month_added;
    INSERT INTO incident_month_added
    SELECT province, province_public, country, category, start_date, end_date FROM new_rows;
    PERFORM incident_month_count_add();
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION incident_month_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incident_month_count_lock();
    CREATE TEMP TABLE IF NOT EXISTS incident_month_removed (
        province text, province_public text, country char(3), category text, start_date date, end_date date)
        ON COMMIT DROP;
    TRUNCATE incident_month_removed;
    INSERT INTO incident_month_removed
    SELECT province, province_public, country, category, start_date, end_date FROM old_rows;
    PERFORM incident_month_count_remove();
    RETURN NULL;
END $$;

-- Only rows whose key or dates changed count; province_public is part of the key (a boundary replacement that
-- moves only sensitive incidents' public provinces moves only their counts).
CREATE OR REPLACE FUNCTION incident_month_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incident_month_count_lock();
    CREATE TEMP TABLE IF NOT EXISTS incident_month_added (
        province text, province_public text, country char(3), category text, start_date date, end_date date)
        ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS incident_month_removed (
        province text, province_public text, country char(3), category text, start_date date, end_date date)
        ON COMMIT DROP;
    TRUNCATE incident_month_added;
    TRUNCATE incident_month_removed;
    CREATE TEMP TABLE IF NOT EXISTS incident_month_changed (id bigint) ON COMMIT DROP;
    TRUNCATE incident_month_changed;
    INSERT INTO incident_month_changed
    SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.province, o.province_public, o.country, o.category, o.start_date, o.end_date)
          IS DISTINCT FROM (n.province, n.province_public, n.country, n.category, n.start_date, n.end_date);
    INSERT INTO incident_month_removed
    SELECT o.province, o.province_public, o.country, o.category, o.start_date, o.end_date
        FROM old_rows o JOIN incident_month_changed c ON c.id = o.id;
    INSERT INTO incident_month_added
    SELECT n.province, n.province_public, n.country, n.category, n.start_date, n.end_date
        FROM new_rows n JOIN incident_month_changed c ON c.id = n.id;
    -- add first: a row that moves within one key must not be deleted as empty on the way
    PERFORM incident_month_count_add();
    PERFORM incident_month_count_remove();
    RETURN NULL;
END $$;

-- What is there already.
INSERT INTO incident_month_count (province, province_public, country, category, start_month, end_month, n,
                                  first_start, last_date)
SELECT coalesce(province, ''), coalesce(province_public, ''), country, category,
       CAST(date_trunc('month', start_date) AS date), incident_month_key_end(end_date), count(*), min(start_date),
       max(coalesce(end_date, start_date))
FROM incident GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO incident_month_edge (province, province_public, country, category, month, starts, first_start, ends,
                                 last_date)
SELECT province, province_public, country, category, month, sum(starts), min(first_start), sum(ends), max(last_date)
FROM (SELECT province, province_public, country, category, start_month AS month, n AS starts, first_start,
             0 AS ends, CAST(NULL AS date) AS last_date
      FROM incident_month_count
      UNION ALL
      SELECT province, province_public, country, category, end_month, 0, NULL, n, last_date
      FROM incident_month_count) edges
GROUP BY 1, 2, 3, 4, 5;
ANALYZE incident_month_count;
ANALYZE incident_month_edge;

-- ---------------------------------------------------------------------------------------------------------------
/*
 * V85's refresh_generalised_views, with generalised.counted_month read from incident_month_count instead of
 * grouping public.incident per request, and generalised.counted_edge added:
 *   counted_month  one row per public province ('' none) × country × category × start month × end month
 *                  ('infinity' while running): the listed categories' rows of incident_month_count summed over the
 *                  true province (never shown, never grouped by); then, as in V85, one row per disclosure cell of
 *                  sensitive_cell_count (V77), n as visible_count passes it, else n = 0 and withheld.
 *   counted_edge   the same as month edges (V71): per public province × country × category × month, incidents of
 *                  the listed categories starting in it (starts, first_start) and ending in it (ends, last_date;
 *                  month 'infinity': still running); a disclosure cell is starts = ends = n (0 when withheld) in
 *                  its month, first_start its first day and last_date its last, as counted_incident dates it.
 * Both answer exactly what generalised.counted_incident answers for categories, provinces, countries and whole
 * months (ProvinceRepository), and nothing in them is finer than it. Neither the tables nor the functions are
 * granted; mapper_generalised reads the views (owned by the migrating role) only.
 * Run after every migration (afterMigrate.sql).
 */
CREATE OR REPLACE FUNCTION refresh_generalised_views() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    readable text;
    counted  constant text := 'id, category, title, description, location_name, start_date, end_date, geom, '
                              || 'province, country, withheld';
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
