-- Map clusters read the grid summary as month edges (issue 11 b: uncached clusters at 1M, 16 clients).
--
-- incident_grid_row (V74) keeps one row per start month × end month: a country view of one year at level 7 reads
-- 25k rows (96k index entries visited; long-running compounds and border towns give a row per month pair), ~12 ms of
-- the 18 ms a request's query took, and the uncached p95 was 174–669 ms with 16 clients. Counting by edges, as
-- incident_month_edge (V71) does for provinces: with F <= T whole months,
--     n over [F, T] = Σ n of incidents starting in a month <= T  −  Σ n of incidents ending in a month < F
-- (one that ends before F started before T), and the same for the position sums (integers, so exact).
-- Each prefix is kept in two parts, so a read touches the months of one year and not all of history:
--     starting <= T = year rows of the years before T's year + month rows of T's year up to T
--     ending   <  F = year rows of the years before F's year + month rows of F's year before F
--
--   edge      's' start, 'e' end (an end 'infinity', still running, is never before a window: no 'e' row)
--   in_year   '-infinity' for a year row (month = the year's first day); the year's first day for a month row
--   month     first day of the month (month row) or of the year (year row) of the edge
--   the rest  as incident_grid_row: level, cell cx/cy, category, audience a/x/v, n and the position sums.
-- The key leads with (level, edge, in_year), then the cells: each of a view's four parts is one index range over
-- the bbox's columns, visiting only that part's rows (a year's months, or the years). The country view of 2022 now
-- sums ~2k rows (BENCHMARKS.md, "(b) uncached").
--
-- Kept by incident_grid_apply() from the same delta as incident_grid_row (same triggers, lock, transaction); tiles
-- still read incident_grid_row (month pairs), which stays. ClusterSummaryExactnessTest compares the table with one
-- computed from the incidents, and every answer with the per-incident path.
CREATE TABLE incident_grid_edge_row (
    level     smallint NOT NULL CHECK (level BETWEEN 3 AND 12),
    edge      char(1) NOT NULL CHECK (edge IN ('s', 'e')),
    in_year   date NOT NULL,
    cx        integer NOT NULL,
    cy        integer NOT NULL,
    category  text NOT NULL,
    month     date NOT NULL,
    audience  char(1) NOT NULL CHECK (audience IN ('a', 'x', 'v')),
    n         bigint NOT NULL CHECK (n >= 0),  -- 0 only until the same statement deletes the row
    sum_lon7  bigint NOT NULL,
    sum_lat7  bigint NOT NULL,
    CHECK (month <> DATE 'infinity'),
    PRIMARY KEY (level, edge, in_year, cx, cy, category, month, audience) INCLUDE (n, sum_lon7, sum_lat7)
);

-- V76's incident_grid_apply(), also applying its delta to incident_grid_edge_row.
CREATE OR REPLACE FUNCTION incident_grid_apply() RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS incident_grid_delta (
        level smallint, audience char(1), cx integer, cy integer, category text, start_month date, end_month date,
        n bigint, sum_lon7 bigint, sum_lat7 bigint) ON COMMIT DROP;
    TRUNCATE incident_grid_delta;
    INSERT INTO incident_grid_delta
    WITH finest AS (
        SELECT p.audience, CAST(floor(p.x / incident_grid_cell(12)) AS integer) AS cx,
               CAST(floor(p.y / incident_grid_cell(12)) AS integer) AS cy, m.category,
               CAST(date_trunc('month', m.start_date) AS date) AS start_month,
               incident_month_key_end(m.end_date) AS end_month,
               sum(m.sign) AS n, sum(m.sign * incident_grid_fixed7(p.x)) AS sum_lon7,
               sum(m.sign * incident_grid_fixed7(p.y)) AS sum_lat7
        FROM pg_temp.incident_grid_moved m
        JOIN category c ON c.key = m.category
        CROSS JOIN LATERAL (SELECT incident_grid_point(m.geom) AS point) r
        CROSS JOIN LATERAL (
            SELECT CASE WHEN m.sensitive OR c.sensitive THEN 'x' ELSE 'a' END, ST_X(r.point), ST_Y(r.point)
            UNION ALL
            SELECT 'v', ST_X(g.point), ST_Y(g.point)
            FROM (SELECT generalised_location(m.geom) AS point) g
            WHERE m.sensitive AND NOT c.sensitive) p(audience, x, y)
        GROUP BY 1, 2, 3, 4, 5, 6
    )
    SELECT l.level, f.audience, f.cx >> (12 - l.level), f.cy >> (12 - l.level), f.category, f.start_month,
           f.end_month, sum(f.n), sum(f.sum_lon7), sum(f.sum_lat7)
    FROM finest f CROSS JOIN generate_series(3, 12) AS l(level)
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(f.n) <> 0 OR sum(f.sum_lon7) <> 0 OR sum(f.sum_lat7) <> 0;

    IF NOT FOUND THEN
        RETURN;  -- nothing moved (e.g. an edit of a title)
    END IF;
    -- additions in key order, then the rest
    INSERT INTO incident_grid_row AS g
    SELECT * FROM incident_grid_delta d WHERE d.n > 0 ORDER BY 1, 3, 4, 5, 6, 7, 2
    ON CONFLICT (level, cx, cy, category, start_month, end_month, audience) DO UPDATE
        SET n = g.n + excluded.n, sum_lon7 = g.sum_lon7 + excluded.sum_lon7, sum_lat7 = g.sum_lat7 + excluded.sum_lat7;
    UPDATE incident_grid_row g
       SET n = g.n + d.n, sum_lon7 = g.sum_lon7 + d.sum_lon7, sum_lat7 = g.sum_lat7 + d.sum_lat7
      FROM incident_grid_delta d
     WHERE d.n <= 0 AND (g.level, g.audience, g.cx, g.cy, g.category, g.start_month, g.end_month)
         = (d.level, d.audience, d.cx, d.cy, d.category, d.start_month, d.end_month);
    DELETE FROM incident_grid_row g
     USING incident_grid_delta d
     WHERE d.n < 0 AND g.n = 0
       AND (g.level, g.audience, g.cx, g.cy, g.category, g.start_month, g.end_month)
         = (d.level, d.audience, d.cx, d.cy, d.category, d.start_month, d.end_month);
    -- the same delta as edges (V90): each (start, end) pair row adds its start month and year, and its end month and
    -- year unless it is still running ('infinity' is never before a window)
    CREATE TEMP TABLE IF NOT EXISTS incident_grid_edge_delta (
        level smallint, edge char(1), in_year date, cx integer, cy integer, category text, month date,
        audience char(1), n bigint, sum_lon7 bigint, sum_lat7 bigint) ON COMMIT DROP;
    TRUNCATE incident_grid_edge_delta;
    INSERT INTO incident_grid_edge_delta
    SELECT d.level, e.edge, e.in_year, d.cx, d.cy, d.category, e.month, d.audience,
           sum(d.n), sum(d.sum_lon7), sum(d.sum_lat7)
    FROM incident_grid_delta d
    CROSS JOIN LATERAL (SELECT CAST(date_trunc('year', d.start_month) AS date) AS start_year,
                               CAST(date_trunc('year', d.end_month) AS date) AS end_year) y
    CROSS JOIN LATERAL (VALUES ('s', DATE '-infinity', y.start_year), ('s', y.start_year, d.start_month),
                               ('e', DATE '-infinity', y.end_year), ('e', y.end_year, d.end_month))
         AS e(edge, in_year, month)
    WHERE e.edge = 's' OR d.end_month <> DATE 'infinity'
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(d.n) <> 0 OR sum(d.sum_lon7) <> 0 OR sum(d.sum_lat7) <> 0;
    INSERT INTO incident_grid_edge_row AS g
    SELECT * FROM incident_grid_edge_delta d WHERE d.n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (level, edge, in_year, cx, cy, category, month, audience) DO UPDATE
        SET n = g.n + excluded.n, sum_lon7 = g.sum_lon7 + excluded.sum_lon7, sum_lat7 = g.sum_lat7 + excluded.sum_lat7;
    UPDATE incident_grid_edge_row g
       SET n = g.n + d.n, sum_lon7 = g.sum_lon7 + d.sum_lon7, sum_lat7 = g.sum_lat7 + d.sum_lat7
      FROM incident_grid_edge_delta d
     WHERE d.n <= 0 AND (g.level, g.edge, g.in_year, g.cx, g.cy, g.category, g.month, g.audience)
         = (d.level, d.edge, d.in_year, d.cx, d.cy, d.category, d.month, d.audience);
    DELETE FROM incident_grid_edge_row g
     USING incident_grid_edge_delta d
     WHERE d.n < 0 AND g.n = 0
       AND (g.level, g.edge, g.in_year, g.cx, g.cy, g.category, g.month, g.audience)
         = (d.level, d.edge, d.in_year, d.cx, d.cy, d.category, d.month, d.audience);
END $$;

CREATE OR REPLACE FUNCTION incident_grid_rebuild() RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM incident_month_count_lock();
    TRUNCATE incident_grid_row, incident_grid_edge_row;
    PERFORM incident_grid_moved_table();
    INSERT INTO incident_grid_moved SELECT 1, category, sensitive, geom, start_date, end_date FROM incident;
    PERFORM incident_grid_apply();
END $$;

-- What is there already, from the month pairs (the same sums the triggers would have made).
INSERT INTO incident_grid_edge_row
SELECT g.level, e.edge, e.in_year, g.cx, g.cy, g.category, e.month, g.audience,
       sum(g.n), sum(g.sum_lon7), sum(g.sum_lat7)
FROM incident_grid_row g
CROSS JOIN LATERAL (SELECT CAST(date_trunc('year', g.start_month) AS date) AS start_year,
                           CAST(date_trunc('year', g.end_month) AS date) AS end_year) y
CROSS JOIN LATERAL (VALUES ('s', DATE '-infinity', y.start_year), ('s', y.start_year, g.start_month),
                           ('e', DATE '-infinity', y.end_year), ('e', y.end_year, g.end_month)) AS e(edge, in_year, month)
WHERE e.edge = 's' OR g.end_month <> DATE 'infinity'
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8;

-- What analysts count (a + x). No disclosure cells: the empty view has the columns of viewers' one, so the cluster
-- query is the same text on both search paths. mapper_generalised has no grant on either.
CREATE VIEW public.incident_grid_edge AS
SELECT level, edge, in_year, cx, cy, category, month, n, sum_lon7, sum_lat7
FROM incident_grid_edge_row
WHERE audience IN ('a', 'x');
CREATE VIEW public.incident_grid_disclosed AS
SELECT level, cx, cy, category, start_month, end_month, n, sum_lon7, sum_lat7, withheld
FROM public.incident_grid
WHERE false;

/*
 * V88's refresh_generalised_views (viewers' month counts of V86, search_text of V88), with generalised.incident_grid's
 * disclosure cells as their own view (generalised.incident_grid_disclosed, unchanged rows) and
 * generalised.incident_grid_edge (audiences a and v of incident_grid_edge_row). Run after every migration
 * (afterMigrate.sql).
 */
CREATE OR REPLACE FUNCTION refresh_generalised_views() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    readable text;
    counted  constant text := 'id, category, title, description, location_name, start_date, end_date, geom, '
                              || 'province, country, withheld, search_text';
BEGIN
    DROP VIEW IF EXISTS generalised.incident_grid;
    DROP VIEW IF EXISTS generalised.incident_grid_edge;
    DROP VIEW IF EXISTS generalised.incident_grid_disclosed;
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
    -- the disclosure cells of the sensitive categories (V77), one row per level, as viewers' grids add them
    CREATE VIEW generalised.incident_grid_disclosed AS
        SELECT CAST(l.level AS smallint) AS level,
               CAST(floor(ST_X(p.point) / incident_grid_cell(l.level)) AS integer) AS cx,
               CAST(floor(ST_Y(p.point) / incident_grid_cell(l.level)) AS integer) AS cy, c.category,
               c.month AS start_month, c.month AS end_month,
               CASE WHEN w.withheld THEN 0 ELSE c.n END AS n,
               CASE WHEN NOT w.withheld THEN c.n * incident_grid_fixed7(ST_X(p.point)) END AS sum_lon7,
               CASE WHEN NOT w.withheld THEN c.n * incident_grid_fixed7(ST_Y(p.point)) END AS sum_lat7,
               w.withheld
        FROM public.sensitive_cell_count c
        LEFT JOIN public.province_point p ON p.code = c.province
        CROSS JOIN LATERAL (SELECT visible_count(c.n, true) IS NULL AS withheld) w
        CROSS JOIN generate_series(3, 12) AS l(level)
        WHERE NOT category_listed_below_analyst(c.category);
    CREATE VIEW generalised.incident_grid AS
        SELECT g.level, g.cx, g.cy, g.category, g.start_month, g.end_month, g.n, g.sum_lon7, g.sum_lat7,
               false AS withheld
        FROM public.incident_grid_row g
        WHERE g.audience IN ('a', 'v')
        UNION ALL
        SELECT * FROM generalised.incident_grid_disclosed;
    -- viewers' edges (V90): audiences a and v; the disclosure cells come from incident_grid_disclosed
    CREATE VIEW generalised.incident_grid_edge AS
        SELECT g.level, g.edge, g.in_year, g.cx, g.cy, g.category, g.month, g.n, g.sum_lon7, g.sum_lat7
        FROM public.incident_grid_edge_row g
        WHERE g.audience IN ('a', 'v');
    GRANT SELECT ON generalised.incident, generalised.incident_source, generalised.counted_incident,
        generalised.incident_grid, generalised.counted_month, generalised.counted_edge, generalised.incident_grid_disclosed,
        generalised.incident_grid_edge TO mapper_generalised;
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
