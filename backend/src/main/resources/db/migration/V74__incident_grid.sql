-- The grid summary for map clusters (and low-zoom tiles): one row per level × audience × grid cell × category ×
-- start month × end month, kept current by statement-level triggers on incident in the writing transaction (as
-- incident_month_count, V31, under the same advisory lock), so clusters at zoom <= 12 read a few thousand summary
-- rows instead of aggregating every matching incident per request (1.3–3.7 s at 1M incidents before).
--
--   level        3..12; a cell is incident_grid_cell(level) = 90 / 2^level degrees square, exactly the cluster cell
--                of map zoom `level` (ClusterController: 64 px of 256 px tiles). Cells nest: a coarser level is the
--                sum of a finer one.
--   cx, cy       floor(lon / cell), floor(lat / cell) of the incident's representative point: the point itself, or
--                ST_PointOnSurface of a polygon (incident_grid_point).
--   audience     'a' every role: an incident that is not sensitive, of a category listed below analyst level;
--                'x' analysts only: the true point of a sensitive incident, and every incident of a sensitive category;
--                'v' viewers only: a sensitive incident of a listed category, at generalised_location(geom) (the point
--                    viewers see; V7).
--                Analysts count a + x (public.incident_grid); viewers a + v (+ the disclosure cells of the sensitive
--                categories, schema generalised, V77..V79).
--   start_month, end_month  as in V31 ('infinity' while running): with a month-aligned window, whether an incident
--                overlaps it is decided by these two.
--   n, sum_lon7, sum_lat7   count and Σ round(lon·1e7), Σ round(lat·1e7) (incident_grid_fixed7): integers, so exact
--                under subtraction, and a cell's mean position Σ/n/1e7 is the same on every path.
-- No NULLs in the key; a row whose n reaches 0 is deleted by the same statement.
-- The split into a/x/v follows category.sensitive, which only migrations change: a migration that changes it must
-- call incident_grid_rebuild().
CREATE TABLE incident_grid_row (
    level       smallint NOT NULL CHECK (level BETWEEN 3 AND 12),
    audience    char(1) NOT NULL CHECK (audience IN ('a', 'x', 'v')),
    cx          integer NOT NULL,
    cy          integer NOT NULL,
    category    text NOT NULL,
    start_month date NOT NULL,
    end_month   date NOT NULL,
    n           bigint NOT NULL CHECK (n >= 0),  -- 0 only until the same statement deletes the row
    sum_lon7    bigint NOT NULL,
    sum_lat7    bigint NOT NULL,
    PRIMARY KEY (level, audience, cx, cy, category, start_month, end_month)
);

-- Degrees spanned by a cell of the level (= map zoom): 360° · 64 px / (256 px · 2^level), exact in double precision.
CREATE FUNCTION incident_grid_cell(level integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CAST(90 AS double precision) / CAST(1 << level AS double precision);

-- A coordinate in integer units of 1e-7 degrees (about 1 cm), the unit of sum_lon7/sum_lat7.
CREATE FUNCTION incident_grid_fixed7(degrees double precision) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CAST(round(degrees * CAST(10000000 AS double precision)) AS bigint);

-- The point that stands for an incident on the map's grid: itself, or a polygon's point on surface (clusters use the
-- same expression).
CREATE FUNCTION incident_grid_point(g geometry) RETURNS geometry
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN GeometryType(g) = 'POINT' THEN g ELSE ST_PointOnSurface(g) END;

-- Applies the incidents of temp table incident_grid_moved (sign +1 added, -1 removed; filled by the caller) to the
-- summary. Grouped once at level 12, then rolled up: floor(x / (c·2^k)) = floor(floor(x / c) / 2^k) holds in
-- floating point too (scaling by a power of two is exact), and cx >> k is that floor for negative cx as well.
CREATE FUNCTION incident_grid_apply() RETURNS void
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

    -- additions (ordered, so concurrent writers could never deadlock even without the lock), then the rest
    INSERT INTO incident_grid_row AS g
    SELECT * FROM incident_grid_delta d WHERE d.n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (level, audience, cx, cy, category, start_month, end_month) DO UPDATE
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

CREATE FUNCTION incident_grid_moved_table() RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS incident_grid_moved (
        sign integer, category text, sensitive boolean, geom geometry, start_date date, end_date date) ON COMMIT DROP;
    TRUNCATE incident_grid_moved;
END $$;

CREATE FUNCTION incident_grid_inserted() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM incident_month_count_lock();
    PERFORM incident_grid_moved_table();
    INSERT INTO incident_grid_moved SELECT 1, category, sensitive, geom, start_date, end_date FROM new_rows;
    PERFORM incident_grid_apply();
    RETURN NULL;
END $$;

CREATE FUNCTION incident_grid_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM incident_month_count_lock();
    PERFORM incident_grid_moved_table();
    INSERT INTO incident_grid_moved SELECT -1, category, sensitive, geom, start_date, end_date FROM old_rows;
    PERFORM incident_grid_apply();
    RETURN NULL;
END $$;

-- Only rows whose place (geometry, exactly, by its bytes), category, dates or sensitivity changed count; a
-- sensitivity flip moves the incident between audiences (a → x + v, or back). Old and new go through one delta, so
-- a change within one key nets out.
CREATE FUNCTION incident_grid_updated() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM incident_month_count_lock();
    PERFORM incident_grid_moved_table();
    INSERT INTO incident_grid_moved
    SELECT s.sign, s.category, s.sensitive, s.geom, s.start_date, s.end_date
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (-1, o.category, o.sensitive, o.geom, o.start_date, o.end_date),
                               (1, n.category, n.sensitive, n.geom, n.start_date, n.end_date))
         AS s(sign, category, sensitive, geom, start_date, end_date)
    WHERE (o.category, o.sensitive, o.start_date, o.end_date, ST_AsEWKB(o.geom))
          IS DISTINCT FROM (n.category, n.sensitive, n.start_date, n.end_date, ST_AsEWKB(n.geom));
    PERFORM incident_grid_apply();
    RETURN NULL;
END $$;

-- Named so they fire before incident_month_count_* (name order): both take the same lock first.
CREATE TRIGGER incident_grid_insert AFTER INSERT ON incident
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_grid_inserted();
CREATE TRIGGER incident_grid_update AFTER UPDATE ON incident
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_grid_updated();
CREATE TRIGGER incident_grid_delete AFTER DELETE ON incident
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_grid_deleted();

-- Rebuilds the whole summary from incident (the backfill below; and after a change of category.sensitive).
CREATE FUNCTION incident_grid_rebuild() RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM incident_month_count_lock();
    TRUNCATE incident_grid_row;
    PERFORM incident_grid_moved_table();
    INSERT INTO incident_grid_moved SELECT 1, category, sensitive, geom, start_date, end_date FROM incident;
    PERFORM incident_grid_apply();
END $$;

SELECT incident_grid_rebuild();

-- What analysts count: every incident at its true point. mapper_generalised has no grant on either (viewers read
-- generalised.incident_grid, audiences a and v).
CREATE VIEW public.incident_grid AS
SELECT level, cx, cy, category, start_month, end_month, n, sum_lon7, sum_lat7, false AS withheld
FROM incident_grid_row
WHERE audience IN ('a', 'x');
