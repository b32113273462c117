-- The disclosure cells of the sensitive categories, kept (issue 11: viewers' aggregates at 1M incidents).
--
-- The disclosure policy (V15, README "Disclosure policy") counts a sensitive category's incidents for viewers only in
-- cells of category × country × public province × start month; generalised.counted_incident aggregated those cells
-- from every incident of the category on every viewer request. sensitive_cell_count keeps the cells' sizes instead,
-- current in the writing transaction like incident_month_count (V31): statement-level triggers on incident, under
-- the same advisory lock (incident_month_count_lock), on every insert, update (including boundary replacement, which
-- rewrites every incident's province_public) and delete; a change to which categories are sensitive recounts.
-- province_point keeps each boundary's representative point (ST_PointOnSurface), where a viewer sees a cell.
--
-- Neither table is granted to mapper_generalised: a cell of 1..10 incidents is a hidden value. Viewers read them
-- only through generalised.counted_incident and generalised.incident_grid (refresh_generalised_views), which apply
-- visible_count. No NULLs in the key: province '' is none (the cell then has no point).
CREATE TABLE sensitive_cell_count (
    category text NOT NULL,
    country  char(3) NOT NULL,
    province text NOT NULL,
    month    date NOT NULL,   -- first day of the start dates' month
    n        bigint NOT NULL CHECK (n > 0),
    PRIMARY KEY (category, country, province, month)
);
CREATE INDEX sensitive_cell_count_month_idx ON sensitive_cell_count (month);

-- Adds the signed rows of temp table sensitive_cell_delta (category, country, province, month, n: +1 per incident
-- added, -1 per incident removed) to the counts; cells that reach 0 are deleted.
CREATE FUNCTION sensitive_cell_apply() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS sensitive_cell_sum (
        category text, country char(3), province text, month date, n bigint, was bigint) ON COMMIT DROP;
    TRUNCATE sensitive_cell_sum;
    INSERT INTO sensitive_cell_sum
    SELECT d.category, d.country, d.province, d.month, d.n, c.n
    FROM (SELECT category, country, province, month, sum(n) AS n FROM sensitive_cell_delta
          GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0) d
    LEFT JOIN sensitive_cell_count c
           ON (c.category, c.country, c.province, c.month) = (d.category, d.country, d.province, d.month);
    DELETE FROM sensitive_cell_count c USING sensitive_cell_sum d
    WHERE (c.category, c.country, c.province, c.month) = (d.category, d.country, d.province, d.month)
      AND d.was + d.n = 0;
    -- a count below 0 means the cells had drifted from incident: the CHECK refuses the write
    UPDATE sensitive_cell_count c SET n = d.was + d.n
    FROM sensitive_cell_sum d
    WHERE (c.category, c.country, c.province, c.month) = (d.category, d.country, d.province, d.month)
      AND d.was + d.n <> 0;
    INSERT INTO sensitive_cell_count (category, country, province, month, n)
    SELECT category, country, province, month, n FROM sensitive_cell_sum WHERE was IS NULL ORDER BY 1, 2, 3, 4;
END $$;

-- The temp table the triggers fill; transition tables are visible only in the trigger function itself.
CREATE FUNCTION sensitive_cell_delta_start() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM incident_month_count_lock();
    CREATE TEMP TABLE IF NOT EXISTS sensitive_cell_delta (
        category text, country char(3), province text, month date, n bigint) ON COMMIT DROP;
    TRUNCATE sensitive_cell_delta;
END $$;

CREATE FUNCTION sensitive_cell_count_inserted() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM sensitive_cell_delta_start();
    INSERT INTO sensitive_cell_delta
    SELECT category, country, coalesce(province_public, ''), CAST(date_trunc('month', start_date) AS date), count(*)
    FROM new_rows WHERE category IN (SELECT key FROM category WHERE sensitive) GROUP BY 1, 2, 3, 4;
    PERFORM sensitive_cell_apply();
    RETURN NULL;
END $$;

CREATE FUNCTION sensitive_cell_count_deleted() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM sensitive_cell_delta_start();
    INSERT INTO sensitive_cell_delta
    SELECT category, country, coalesce(province_public, ''), CAST(date_trunc('month', start_date) AS date), -count(*)
    FROM old_rows WHERE category IN (SELECT key FROM category WHERE sensitive) GROUP BY 1, 2, 3, 4;
    PERFORM sensitive_cell_apply();
    RETURN NULL;
END $$;

-- The difference of the two transition tables: rows whose key did not change cancel out, so a title edit or a
-- boundary replacement that leaves a public province as it was changes nothing.
CREATE FUNCTION sensitive_cell_count_updated() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM sensitive_cell_delta_start();
    INSERT INTO sensitive_cell_delta
    SELECT category, country, coalesce(province_public, ''), CAST(date_trunc('month', start_date) AS date), count(*)
    FROM new_rows WHERE category IN (SELECT key FROM category WHERE sensitive) GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT category, country, coalesce(province_public, ''), CAST(date_trunc('month', start_date) AS date), -count(*)
    FROM old_rows WHERE category IN (SELECT key FROM category WHERE sensitive) GROUP BY 1, 2, 3, 4;
    PERFORM sensitive_cell_apply();
    RETURN NULL;
END $$;

-- Recounts every cell from incident: after TRUNCATE, and when a category's sensitivity changes (migrations only).
CREATE FUNCTION sensitive_cell_count_recount() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM incident_month_count_lock();
    DELETE FROM sensitive_cell_count;
    INSERT INTO sensitive_cell_count (category, country, province, month, n)
    SELECT category, country, coalesce(province_public, ''), CAST(date_trunc('month', start_date) AS date), count(*)
    FROM incident WHERE category IN (SELECT key FROM category WHERE sensitive) GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4;
    RETURN NULL;
END $$;

CREATE TRIGGER sensitive_cell_count_insert AFTER INSERT ON incident
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sensitive_cell_count_inserted();
CREATE TRIGGER sensitive_cell_count_update AFTER UPDATE ON incident
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sensitive_cell_count_updated();
CREATE TRIGGER sensitive_cell_count_delete AFTER DELETE ON incident
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sensitive_cell_count_deleted();
CREATE TRIGGER sensitive_cell_count_truncate AFTER TRUNCATE ON incident
    FOR EACH STATEMENT EXECUTE FUNCTION sensitive_cell_count_recount();
CREATE TRIGGER sensitive_cell_count_categories AFTER INSERT OR DELETE OR UPDATE OF sensitive ON category
    FOR EACH STATEMENT EXECUTE FUNCTION sensitive_cell_count_recount();

-- What is there already.
INSERT INTO sensitive_cell_count (category, country, province, month, n)
SELECT category, country, coalesce(province_public, ''), CAST(date_trunc('month', start_date) AS date), count(*)
FROM incident WHERE category IN (SELECT key FROM category WHERE sensitive) GROUP BY 1, 2, 3, 4;

-- ---------------------------------------------------------------------------------------------------------------
-- The representative point of every boundary: where viewers see a province's disclosure cells (counted_incident,
-- incident_grid). Rebuilt whole on any change of boundary (a replacement is one DELETE and one INSERT; ~200 rows).
CREATE TABLE province_point (
    code  text PRIMARY KEY,
    point geometry(Point, 4326) NOT NULL
);

CREATE FUNCTION province_point_rebuild() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM province_point;
    INSERT INTO province_point (code, point) SELECT code, ST_PointOnSurface(geom) FROM boundary ORDER BY code;
    RETURN NULL;
END $$;
CREATE TRIGGER province_point_after_boundaries AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON boundary
    FOR EACH STATEMENT EXECUTE FUNCTION province_point_rebuild();
INSERT INTO province_point (code, point) SELECT code, ST_PointOnSurface(geom) FROM boundary;

-- ---------------------------------------------------------------------------------------------------------------
/*
 * V15's refresh_generalised_views, now also building generalised.incident_grid, and with generalised.counted_incident's
 * second branch read from the kept cells (the same rows as before: a cell of n >= k incidents gives n identical rows
 * at the province's representative point, a smaller one a single withheld row), without aggregating every incident
 * of a sensitive category per request.
 *
 * generalised.incident_grid: what viewers' clusters and low-zoom tiles sum instead of public.incident_grid (V74;
 * same columns, and an unqualified incident_grid resolves to it on a viewer's search path). Audiences 'a' and 'v' of
 * incident_grid_row (never 'x', the true points of sensitive incidents and every incident of a sensitive category),
 * plus each disclosure cell of sensitive_cell_count at every level 3..12, in the grid cell of its province's
 * representative point with start and end month its month: n and the sums as n incidents at that point when
 * visible_count passes it (n >= k), else one withheld row with n = 0 and NULL sums (no position, as the per-incident
 * path sums no withheld row). A cell without a province (or one without a boundary) has no point: cx, cy and the
 * sums are NULL, as the per-incident path's NULL geometry gives, so a bbox never counts it. So per filter of bbox cells, categories and whole months it sums to exactly what
 * counting generalised.counted_incident per cell gives.
 * Run after every migration (afterMigrate.sql).
 */
CREATE OR REPLACE FUNCTION refresh_generalised_views() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    readable text;
    counted  constant text := 'id, category, title, description, location_name, start_date, end_date, geom, '
                              || 'province, country, withheld';
BEGIN
    DROP VIEW IF EXISTS generalised.incident_grid;
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
        generalised.incident_grid TO mapper_generalised;
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
