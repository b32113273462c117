-- Windowed province aggregates read month edges as years and months (issue 11 c: a new window per request at 1M).
--
-- /api/provinces and /spread with a whole-month window [F, T] summed the month pairs of incident_month_count (V31)
-- that overlap it, per key: ~55k of 147k rows at 1M for a two-year window (~24 ms of CPU per request, analysts and
-- viewers alike), so 8 clients queued past 100 ms on 2 cores. As the grid does for clusters (V90), a key's incidents
-- overlapping [F, T] (F <= T) are counted from edges:
--     n          = incidents starting in a month <= T  −  incidents ending in a month < F
-- and its first and last dates from the same prefixes, exactly:
--     first_start = min start of the incidents ending in a month >= F (still running included): the earliest of
--                   them starts by T whenever n > 0, so it overlaps the window, and every overlapping one is among them
--     last_date   = the latest end of the incidents starting by T that ended, when that end is >= F (else none of
--                   those overlaps), or the latest start of those starting by T still running (their last_date is
--                   their start, V31), whichever is later
--     ongoing     = one starting by T is still running
-- Each prefix (or suffix) is kept in two parts, so a read touches one year's months and the year rows, not history:
--     starting <= T      = year rows of the years before T's year + month rows of T's year up to T
--     ending < F / >= F  = year rows of the other years + month rows of F's year, split at F; + the running row
--
--   edge          's' start, 'e' end
--   in_year       '-infinity' for a year row; the year's first day for a month row; 'infinity' for the row of the
--                 incidents still running ('e' only)
--   month         first day of the year (year row), of the month (month row), 'infinity' (running row)
--   key           as incident_month_count (V86): category, province_public, country, province ('' none)
--   n, first_start (min start_date), last_end (max end_date of those that ended, NULL none),
--   last_running  (max start_date of those still running, NULL none) of the incidents with that edge in that period
-- Kept in the writing transaction by V31's statement triggers: incident_month_edge_touch (run at the end of
-- incident_month_count_add/_remove) recomputes the rows its incidents touch from incident_month_count, which is
-- current for them by then. PrecomputedCountsTest compares the table with one computed from the incidents after
-- every kind of write, and the windowed answers with the per-incident path.
CREATE TABLE incident_window_edge (
    edge            char(1) NOT NULL CHECK (edge IN ('s', 'e')),
    in_year         date NOT NULL,
    month           date NOT NULL,
    category        text NOT NULL,
    province_public text NOT NULL,
    country         char(3) NOT NULL,
    province        text NOT NULL,
    n               bigint NOT NULL CHECK (n > 0),
    first_start     date NOT NULL,
    last_end        date,
    last_running    date,
    CHECK (edge = 'e' OR in_year <> DATE 'infinity'),
    PRIMARY KEY (edge, in_year, month, category, province_public, country, province)
        INCLUDE (n, first_start, last_end, last_running)
);
ALTER TABLE incident_window_edge SET (parallel_workers = 0);

-- The rows an incident of key (province, province_public, country, category) starting start_date and ending
-- end_date (NULL: running) has an edge in, each with the range [lo, hi] of the pairs' months (start month for 's',
-- end month for 'e') that make it up.
CREATE FUNCTION incident_window_edge_keys(start_date date, end_date date)
    RETURNS TABLE (edge char(1), in_year date, month date, lo date, hi date)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT e.edge, e.in_year, e.month, e.month,
           CASE WHEN e.month = DATE 'infinity' THEN e.month
                ELSE CAST(e.month + CASE WHEN e.in_year = DATE '-infinity' THEN interval '1 year'
                                         ELSE interval '1 month' END AS date) - 1 END
    FROM (SELECT CAST(date_trunc('month', start_date) AS date) AS sm, incident_month_key_end(end_date) AS em) m
    CROSS JOIN LATERAL (VALUES
        (CAST('s' AS char(1)), DATE '-infinity', CAST(date_trunc('year', m.sm) AS date)),
        ('s', CAST(date_trunc('year', m.sm) AS date), m.sm),
        ('e', DATE '-infinity', CASE WHEN m.em <> DATE 'infinity' THEN CAST(date_trunc('year', m.em) AS date) END),
        ('e', CASE WHEN m.em <> DATE 'infinity' THEN CAST(date_trunc('year', m.em) AS date) ELSE m.em END, m.em)
    ) AS e(edge, in_year, month)
    WHERE e.month IS NOT NULL
$$;

-- Recomputes the rows touched by the incidents of source (V86's transition columns: province, province_public,
-- country, category, start_date, end_date) from incident_month_count.
CREATE FUNCTION incident_window_edge_touch(source regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS incident_window_edge_touched (
        edge char(1), in_year date, month date, category text, province_public text, country char(3),
        province text, lo date, hi date) ON COMMIT DROP;
    TRUNCATE incident_window_edge_touched;
    EXECUTE format($q$
        INSERT INTO incident_window_edge_touched
        SELECT DISTINCT k.edge, k.in_year, k.month, s.category, coalesce(s.province_public, ''), s.country,
               coalesce(s.province, ''), k.lo, k.hi
        FROM %1$s s CROSS JOIN LATERAL incident_window_edge_keys(s.start_date, s.end_date) k$q$, source);
    ANALYZE incident_window_edge_touched;
    DELETE FROM incident_window_edge w USING incident_window_edge_touched t
    WHERE (w.edge, w.in_year, w.month, w.category, w.province_public, w.country, w.province)
        = (t.edge, t.in_year, t.month, t.category, t.province_public, t.country, t.province);
    INSERT INTO incident_window_edge
    SELECT t.edge, t.in_year, t.month, t.category, t.province_public, t.country, t.province, sum(c.n),
           min(c.first_start), max(c.last_date) FILTER (WHERE c.end_month <> DATE 'infinity'),
           max(c.last_date) FILTER (WHERE c.end_month = DATE 'infinity')
    FROM incident_window_edge_touched t
    JOIN incident_month_count c
      ON (c.category, c.province_public, c.country, c.province) = (t.category, t.province_public, t.country, t.province)
     AND c.start_month BETWEEN t.lo AND t.hi
    WHERE t.edge = 's'
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    UNION ALL
    SELECT t.edge, t.in_year, t.month, t.category, t.province_public, t.country, t.province, sum(c.n),
           min(c.first_start), max(c.last_date) FILTER (WHERE c.end_month <> DATE 'infinity'),
           max(c.last_date) FILTER (WHERE c.end_month = DATE 'infinity')
    FROM incident_window_edge_touched t
    JOIN incident_month_count c
      ON (c.category, c.province_public, c.country, c.province) = (t.category, t.province_public, t.country, t.province)
     AND c.end_month BETWEEN t.lo AND t.hi
    WHERE t.edge = 'e'
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ORDER BY 1, 2, 3, 4, 5, 6, 7;
END $$;

-- V86's incident_month_edge_touch, ending with the window edges of the same incidents.
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
    PERFORM incident_window_edge_touch(source);
END $$;

-- Per key (category, province, province_public, country) the incidents whose period overlaps the whole months
-- [from_month, to_month] (NULL: open; from_month <= to_month, as the API requires): n, first_start, last_date and
-- ongoing exactly as summing the overlapping month pairs of incident_month_count gives them (see the top of this
-- file), from ~45 rows per key instead of every pair. Keys with n = 0 are left out. Reads true provinces: not for
-- viewers (no grant; generalised.counted_window groups it by public province).
CREATE FUNCTION incident_window_count(from_month date, to_month date)
    RETURNS TABLE (category text, province text, province_public text, country char(3), n bigint, first_start date,
                   last_date date, ongoing boolean)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT k.category, k.province, k.province_public, k.country, k.n, k.first_start,
           greatest(CASE WHEN k.last_end >= coalesce(from_month, DATE '-infinity') THEN k.last_end END,
                    k.last_running),
           k.last_running IS NOT NULL
    FROM (SELECT w.category, w.province, w.province_public, w.country,
                 CAST(coalesce(sum(w.n) FILTER (WHERE w.edge = 's'), 0)
                      - coalesce(sum(w.n) FILTER (WHERE w.edge = 'e' AND w.month < from_month), 0) AS bigint) AS n,
                 min(w.first_start) FILTER (WHERE w.edge = 'e' AND w.month >= coalesce(from_month, DATE '-infinity'))
                     AS first_start,
                 max(w.last_end) FILTER (WHERE w.edge = 's') AS last_end,
                 max(w.last_running) FILTER (WHERE w.edge = 's') AS last_running
          FROM (SELECT * FROM incident_window_edge w
                WHERE w.edge = 's' AND w.in_year = DATE '-infinity'
                  AND w.month < coalesce(CAST(date_trunc('year', to_month) AS date), DATE 'infinity')
                UNION ALL
                SELECT * FROM incident_window_edge w
                WHERE w.edge = 's' AND w.in_year = CAST(date_trunc('year', to_month) AS date) AND w.month <= to_month
                UNION ALL
                SELECT * FROM incident_window_edge w
                WHERE w.edge = 'e' AND w.in_year = DATE '-infinity'
                  AND w.month IS DISTINCT FROM CAST(date_trunc('year', from_month) AS date)
                UNION ALL
                SELECT * FROM incident_window_edge w
                WHERE w.edge = 'e' AND w.in_year = CAST(date_trunc('year', from_month) AS date)
                UNION ALL
                SELECT * FROM incident_window_edge w
                WHERE w.edge = 'e' AND w.in_year = DATE 'infinity') w
          GROUP BY w.category, w.province, w.province_public, w.country) k
    WHERE k.n > 0
$$;
REVOKE ALL ON FUNCTION incident_window_count(date, date) FROM PUBLIC;

-- What is there already, from the month pairs (what the triggers would have made).
INSERT INTO incident_window_edge
SELECT k.edge, k.in_year, k.month, c.category, c.province_public, c.country, c.province, sum(c.n),
       min(c.first_start), max(c.last_date) FILTER (WHERE c.end_month <> DATE 'infinity'),
       max(c.last_date) FILTER (WHERE c.end_month = DATE 'infinity')
FROM incident_month_count c
CROSS JOIN LATERAL incident_window_edge_keys(c.start_month, CASE WHEN c.end_month <> DATE 'infinity' THEN c.end_month END) k
GROUP BY 1, 2, 3, 4, 5, 6, 7
ORDER BY 1, 2, 3, 4, 5, 6, 7;
ANALYZE incident_window_edge;

-- V89's generalised.counted_window (same arguments, same rows), its listed categories' part summed per public
-- province from incident_window_count instead of from every overlapping month pair: sums of n, min of first
-- starts, max of last dates and any ongoing over a public province's keys are what the pairs gave, and lo/hi follow
-- from them (lo the first start's month; hi 'infinity' while one runs, else the last end's month). Nothing finer
-- than before leaves it: never a true province, the disclosure cells exactly as in V89 (SECURITY DEFINER, its own
-- default threshold, since visible_count inside it would see the owner).
CREATE OR REPLACE FUNCTION generalised.counted_window(from_month date, to_month date)
    RETURNS TABLE (province text, country char(3), category text, n bigint, first_start date, last_date date,
                   ongoing boolean, lo date, hi date, withheld boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT m.province_public, m.country, m.category, m.n, m.first_start, m.last_date, m.ongoing,
           CAST(date_trunc('month', m.first_start) AS date),
           CASE WHEN m.ongoing THEN DATE 'infinity' ELSE CAST(date_trunc('month', m.last_date) AS date) END, false
    FROM (SELECT w.province_public, w.country, w.category, CAST(sum(w.n) AS bigint) AS n,
                 min(w.first_start) AS first_start, max(w.last_date) AS last_date, bool_or(w.ongoing) AS ongoing
          FROM public.incident_window_count(from_month, to_month) w
          WHERE w.category IN (SELECT k.key FROM public.category k WHERE NOT k.sensitive)
          GROUP BY w.province_public, w.country, w.category) m
    UNION ALL
    SELECT c.province, c.country, c.category, CAST(sum(CASE WHEN w.withheld THEN 0 ELSE c.n END) AS bigint),
           min(c.month), max(CAST(c.month + interval '1 month' AS date) - 1), false, min(c.month), max(c.month),
           w.withheld
    FROM public.sensitive_cell_count c
    -- visible_count(c.n, true) IS NULL, but with the viewers' default threshold whoever runs it: inside SECURITY
    -- DEFINER current_user is the owner, whose visible_count would pass every cell when mapper.min_count is unset
    CROSS JOIN LATERAL (SELECT c.n > 0 AND c.n < coalesce(nullif(current_setting('mapper.min_count', true), '')::int, 11)
                               AS withheld) w
    WHERE c.category IN (SELECT k.key FROM public.category k WHERE k.sensitive)
      AND c.month >= coalesce(from_month, DATE '-infinity') AND c.month <= coalesce(to_month, DATE 'infinity')
    GROUP BY c.province, c.country, c.category, w.withheld
$$;
REVOKE ALL ON FUNCTION generalised.counted_window(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION generalised.counted_window(date, date) TO mapper_generalised;

-- A viewer's timeline before its window: per public province, country and listed category, how many incidents
-- started and how many ended in a month before from_month (year rows of the earlier years and month rows of
-- from_month's year), what summing generalised.counted_edge's rows of those months gives for the listed categories
-- (the sensitive categories' disclosure cells start and end in one month, so before the window they cancel out and
-- are left out). Only sums of what counted_edge shows; never a true province. SECURITY DEFINER as counted_window.
CREATE FUNCTION generalised.counted_before(from_month date)
    RETURNS TABLE (province text, country char(3), category text, starts bigint, ends bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT w.province_public, w.country, w.category, CAST(coalesce(sum(w.n) FILTER (WHERE w.edge = 's'), 0) AS bigint),
           CAST(coalesce(sum(w.n) FILTER (WHERE w.edge = 'e'), 0) AS bigint)
    FROM public.incident_window_edge w
    WHERE w.category IN (SELECT k.key FROM public.category k WHERE NOT k.sensitive)
      AND ((w.in_year = DATE '-infinity' AND w.month < CAST(date_trunc('year', from_month) AS date))
           OR (w.in_year = CAST(date_trunc('year', from_month) AS date) AND w.month < from_month))
    GROUP BY w.province_public, w.country, w.category
$$;
REVOKE ALL ON FUNCTION generalised.counted_before(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION generalised.counted_before(date) TO mapper_generalised;

-- /spread looks up each province's first incident (province, start date = its first date, ORDER BY id LIMIT 1):
-- with an index on province alone the planner ANDed a bitmap of the whole province (~33k entries at 1M) with the
-- day's, ~1 ms per province and most of a windowed spread request. Both province indexes now also hold the start
-- date and id (they still serve province = / province IN as before), so the lookup is one index probe (0.03 ms).
DROP INDEX incident_province_idx;
CREATE INDEX incident_province_idx ON incident (province, start_date, id);
DROP INDEX incident_province_public_idx;
CREATE INDEX incident_province_public_idx ON incident (province_public, start_date, id);
