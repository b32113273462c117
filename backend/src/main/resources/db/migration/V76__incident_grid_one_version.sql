-- Answers read from the grid summary are kept by the app's one answer cache (AnswerCache, keyed on data_version,
-- V80, which the same writes bump, and which grows with the clock so a restored database never reuses a number):
-- the summary's own version (V75) would repeat its numbers after a restore, so it goes, with its bump.
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
END $$;

CREATE OR REPLACE FUNCTION incident_grid_rebuild() RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM incident_month_count_lock();
    TRUNCATE incident_grid_row;
    PERFORM incident_grid_moved_table();
    INSERT INTO incident_grid_moved SELECT 1, category, sensitive, geom, start_date, end_date FROM incident;
    PERFORM incident_grid_apply();
END $$;


DROP TABLE incident_grid_version;
