-- Clusters at map zooms 13..15 are summed from the grid's month edges too (issue 11 e: the page's zoom to 14 over
-- Phnom Penh took 337-575 ms at 1M incidents).
--
-- Beyond zoom 12 every cluster request counted the incidents in view: ~65k over Phnom Penh at zoom 14 with a
-- 2016-2024 window, a bitmap heap scan computing each one's point (three processes, 120-160 ms, ~400 ms serial).
-- incident_grid_edge_row (V90) now also holds levels 13, 14 and 15 (cells of 90 / 2^level degrees, the cluster cells
-- of those zooms): the same request sums ~16k index-only rows. Zoom 16 and beyond still count the incidents: a
-- screen's view there holds 16 times fewer of them than at 14 (BENCHMARKS.md, "Session 6: zoom").
--
-- At these levels a cell holds few incidents, so the edges barely group them: levels 13..15 are 7.7M rows (1.2 GB
-- with the key) at 1M incidents, against 1.8M for levels 3..12. The month pairs (incident_grid_row), which only
-- tiles read (TileGrid.MAX_LEVEL 12), stay at levels 3..12.
--
-- incident_grid_apply() (V90's) groups the moved incidents at level 15 and rolls up to 3 (floor(x / (c·2^k)) =
-- floor(floor(x / c) / 2^k), V74), so levels 3..12 get the same rows as before; the pairs take levels <= 12 of the
-- delta, the edges all of it. refresh_generalised_views() (V90's) gives viewers the disclosure cells at levels
-- 3..15 in generalised.incident_grid_disclosed (the edges' levels) and at 3..12 in generalised.incident_grid (the
-- pairs'). ClusterSummaryExactnessTest compares the edges with fresh ones at every level and the answers at zooms
-- 13..15 with the per-incident path; ViewerClusterSummaryTest does so for viewers.
ALTER TABLE incident_grid_edge_row DROP CONSTRAINT incident_grid_edge_row_level_check;
ALTER TABLE incident_grid_edge_row ADD CONSTRAINT incident_grid_edge_row_level_check CHECK (level BETWEEN 3 AND 15);

-- V90's incident_grid_apply(), grouping at level 15 and keeping levels 13..15 of the edges.
CREATE OR REPLACE FUNCTION incident_grid_apply() RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS incident_grid_delta (
        level smallint, audience char(1), cx integer, cy integer, category text, start_month date, end_month date,
        n bigint, sum_lon7 bigint, sum_lat7 bigint) ON COMMIT DROP;
    TRUNCATE incident_grid_delta;
    INSERT INTO incident_grid_delta
    WITH finest AS (
        SELECT p.audience, CAST(floor(p.x / incident_grid_cell(15)) AS integer) AS cx,
               CAST(floor(p.y / incident_grid_cell(15)) AS integer) AS cy, m.category,
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
    SELECT l.level, f.audience, f.cx >> (15 - l.level), f.cy >> (15 - l.level), f.category, f.start_month,
           f.end_month, sum(f.n), sum(f.sum_lon7), sum(f.sum_lat7)
    FROM finest f CROSS JOIN generate_series(3, 15) AS l(level)
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(f.n) <> 0 OR sum(f.sum_lon7) <> 0 OR sum(f.sum_lat7) <> 0;

    IF NOT FOUND THEN
        RETURN;  -- nothing moved (e.g. an edit of a title)
    END IF;
    -- the month pairs (tiles) keep levels 3..12: additions in key order, then the rest
    INSERT INTO incident_grid_row AS g
    SELECT * FROM incident_grid_delta d WHERE d.n > 0 AND d.level <= 12 ORDER BY 1, 3, 4, 5, 6, 7, 2
    ON CONFLICT (level, cx, cy, category, start_month, end_month, audience) DO UPDATE
        SET n = g.n + excluded.n, sum_lon7 = g.sum_lon7 + excluded.sum_lon7, sum_lat7 = g.sum_lat7 + excluded.sum_lat7;
    UPDATE incident_grid_row g
       SET n = g.n + d.n, sum_lon7 = g.sum_lon7 + d.sum_lon7, sum_lat7 = g.sum_lat7 + d.sum_lat7
      FROM incident_grid_delta d
     WHERE d.n <= 0 AND d.level <= 12
       AND (g.level, g.audience, g.cx, g.cy, g.category, g.start_month, g.end_month)
         = (d.level, d.audience, d.cx, d.cy, d.category, d.start_month, d.end_month);
    DELETE FROM incident_grid_row g
     USING incident_grid_delta d
     WHERE d.n < 0 AND d.level <= 12 AND g.n = 0
       AND (g.level, g.audience, g.cx, g.cy, g.category, g.start_month, g.end_month)
         = (d.level, d.audience, d.cx, d.cy, d.category, d.start_month, d.end_month);
    -- the same delta as edges (V90), at levels 3..15: each (start, end) pair row adds its start month and year, and
    -- its end month and year unless it is still running ('infinity' is never before a window)
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

-- The edges of levels 13..15 of what is there, as the triggers would have made them: the incidents grouped as month
-- pairs at level 15 (V90's finest, from incident), rolled up to 13 and 14, then cut into edges (V90's backfill).
-- Their keys sort after every existing row's (level leads), so the index grows at its right end.
CREATE TEMP TABLE incident_grid_fine_pair AS
WITH finest AS (
    SELECT p.audience, CAST(floor(p.x / incident_grid_cell(15)) AS integer) AS cx,
           CAST(floor(p.y / incident_grid_cell(15)) AS integer) AS cy, i.category,
           CAST(date_trunc('month', i.start_date) AS date) AS start_month,
           incident_month_key_end(i.end_date) AS end_month,
           count(*) AS n, sum(incident_grid_fixed7(p.x)) AS sum_lon7, sum(incident_grid_fixed7(p.y)) AS sum_lat7
    FROM incident i
    JOIN category c ON c.key = i.category
    CROSS JOIN LATERAL (SELECT incident_grid_point(i.geom) AS point) r
    CROSS JOIN LATERAL (
        SELECT CASE WHEN i.sensitive OR c.sensitive THEN 'x' ELSE 'a' END, ST_X(r.point), ST_Y(r.point)
        UNION ALL
        SELECT 'v', ST_X(g.point), ST_Y(g.point)
        FROM (SELECT generalised_location(i.geom) AS point) g
        WHERE i.sensitive AND NOT c.sensitive) p(audience, x, y)
    GROUP BY 1, 2, 3, 4, 5, 6
)
SELECT l.level, f.audience, f.cx >> (15 - l.level) AS cx, f.cy >> (15 - l.level) AS cy, f.category, f.start_month,
       f.end_month, sum(f.n) AS n, sum(f.sum_lon7) AS sum_lon7, sum(f.sum_lat7) AS sum_lat7
FROM finest f CROSS JOIN generate_series(13, 15) AS l(level)
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO incident_grid_edge_row
SELECT g.level, e.edge, e.in_year, g.cx, g.cy, g.category, e.month, g.audience,
       sum(g.n), sum(g.sum_lon7), sum(g.sum_lat7)
FROM incident_grid_fine_pair g
CROSS JOIN LATERAL (SELECT CAST(date_trunc('year', g.start_month) AS date) AS start_year,
                           CAST(date_trunc('year', g.end_month) AS date) AS end_year) y
CROSS JOIN LATERAL (VALUES ('s', DATE '-infinity', y.start_year), ('s', y.start_year, g.start_month),
                           ('e', DATE '-infinity', y.end_year), ('e', y.end_year, g.end_month)) AS e(edge, in_year, month)
WHERE e.edge = 's' OR g.end_month <> DATE 'infinity'
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8;
DROP TABLE incident_grid_fine_pair;

/*
 * V90's refresh_generalised_views(), with the disclosure cells of generalised.incident_grid_disclosed at levels
 * 3..15 (the edges' levels) and those of generalised.incident_grid (the month pairs, tiles) at 3..12 as before.
 * Run after every migration (afterMigrate.sql).
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
    -- the disclosure cells of the sensitive categories (V77), one row per level, as viewers' grids add them: levels
    -- 3..15 as the edges (V92); generalised.incident_grid, the month pairs that tiles read, only to level 12
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
        CROSS JOIN generate_series(3, 15) AS l(level)
        WHERE NOT category_listed_below_analyst(c.category);
    CREATE VIEW generalised.incident_grid AS
        SELECT g.level, g.cx, g.cy, g.category, g.start_month, g.end_month, g.n, g.sum_lon7, g.sum_lat7,
               false AS withheld
        FROM public.incident_grid_row g
        WHERE g.audience IN ('a', 'v')
        UNION ALL
        SELECT * FROM generalised.incident_grid_disclosed WHERE level <= 12;
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
