-- A viewer's windowed provinces and timelines planned for their categories (issue 11 c: the viewers' choropleth was
-- the one province endpoint over 100 ms at 1M with 8 clients).
--
-- V96's two functions, with the same arguments, rows and disclosure rules, changed in two ways:
--   * The listed and sensitive categories are worked out first, as two arrays the plan is made for
--     (force_custom_plan). Before this, the plan had `category IN (SELECT key FROM category WHERE NOT sensitive)`.
--     The planner estimated that semi-join at 154 of 6,499 rows, so it sorted for a GroupAggregate instead of
--     hashing: 7.9 of the 11.3 ms at 1M for a three-year window.
--   * The edge counts are summed as int, not bigint. sum(bigint) is numeric arithmetic; sum(int) gives a bigint. One
--     edge row's n counts incidents of one key, far below 2^31.
-- At 1M rows (psql, three windows, before → after), counted_window took 9.6–10.7 → 5.8–6.3 ms and counted_timeline_edge
-- 11.9–12.4 → 9.7–10.1 ms. ViewerWindowTest and ViewerCountedMonthTest check both, as for V96.

CREATE OR REPLACE FUNCTION generalised.counted_window(from_month date, to_month date, categories text[], provinces text[],
                                           countries text[])
    RETURNS TABLE (province text, country char(3), category text, n bigint, first_start date, last_date date,
                   ongoing boolean, lo date, hi date, withheld boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    SET plan_cache_mode = force_custom_plan AS $$
#variable_conflict use_column
DECLARE
    -- the caller's categories (NULL: all) split into listed and sensitive, as values the plan is made for
    listed_keys text[] := ARRAY(SELECT c.key FROM category c
                                WHERE NOT c.sensitive AND (categories IS NULL OR c.key = ANY (categories)));
    sensitive_keys text[] := ARRAY(SELECT c.key FROM category c
                                   WHERE c.sensitive AND (categories IS NULL OR c.key = ANY (categories)));
BEGIN
    RETURN QUERY
    SELECT k.province_public, k.country, k.category, k.n, k.first_start, k.last_date, k.ongoing,
           CAST(date_trunc('month', k.first_start) AS date),
           CASE WHEN k.ongoing THEN DATE 'infinity' ELSE CAST(date_trunc('month', k.last_date) AS date) END, false
    FROM (SELECT w.province_public, w.country, w.category,
                 coalesce(sum(CAST(w.n AS int)) FILTER (WHERE w.edge = 's'), 0)
                      - coalesce(sum(CAST(w.n AS int)) FILTER (WHERE w.edge = 'e' AND w.month < from_month), 0) AS n,
                 min(w.first_start) FILTER (WHERE w.edge = 'e' AND w.month >= coalesce(from_month, DATE '-infinity'))
                     AS first_start,
                 greatest(CASE WHEN max(w.last_end) FILTER (WHERE w.edge = 's')
                                    >= coalesce(from_month, DATE '-infinity')
                               THEN max(w.last_end) FILTER (WHERE w.edge = 's') END,
                          max(w.last_running) FILTER (WHERE w.edge = 's')) AS last_date,
                 bool_or(w.last_running IS NOT NULL) FILTER (WHERE w.edge = 's') AS ongoing
          -- V93's five ranges of incident_window_edge (incident_window_count), each an index range of its key
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
          -- listed categories only: a sensitive category's rows hold true provinces (its cells come below)
          WHERE w.category = ANY (listed_keys)
            AND (provinces IS NULL OR w.province_public = ANY (provinces))
            AND (countries IS NULL OR w.country = ANY (countries))
          GROUP BY w.province_public, w.country, w.category) k
    WHERE k.n > 0
    UNION ALL
    -- as V93: one row per public province, country, sensitive category and withheld, from the cells in the window
    SELECT c.province, c.country, c.category, CAST(sum(CASE WHEN w.withheld THEN 0 ELSE c.n END) AS bigint),
           min(c.month), max(CAST(c.month + interval '1 month' AS date) - 1), false, min(c.month), max(c.month),
           w.withheld
    FROM sensitive_cell_count c
    -- visible_count(c.n, true) IS NULL with the viewers' threshold whoever runs it (V96)
    CROSS JOIN LATERAL (SELECT c.n > 0 AND c.n < coalesce(nullif(current_setting('mapper.min_count', true), '')::int, 11)
                               AS withheld) w
    WHERE c.category = ANY (sensitive_keys)
      AND c.month >= coalesce(from_month, DATE '-infinity') AND c.month <= coalesce(to_month, DATE 'infinity')
      AND (provinces IS NULL OR c.province = ANY (provinces))
      AND (countries IS NULL OR c.country = ANY (countries))
    GROUP BY c.province, c.country, c.category, w.withheld;
END $$;

CREATE OR REPLACE FUNCTION generalised.counted_timeline_edge(window_start date, window_end date, categories text[],
                                                  provinces text[], countries text[])
    RETURNS TABLE (province text, month date, starts bigint, first_start date, ends bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    SET plan_cache_mode = force_custom_plan AS $$
#variable_conflict use_column
DECLARE
    -- as in counted_window above
    listed_keys text[] := ARRAY(SELECT c.key FROM category c
                           WHERE NOT c.sensitive AND (categories IS NULL OR c.key = ANY (categories)));
    sensitive_keys text[] := ARRAY(SELECT c.key FROM category c
                           WHERE c.sensitive AND (categories IS NULL OR c.key = ANY (categories)));
BEGIN
    RETURN QUERY
    -- inlined into each range below (NOT MATERIALIZED), so each reads an index range, not the table
    WITH listed AS NOT MATERIALIZED (
        SELECT w.* FROM incident_window_edge w
        WHERE w.category = ANY (listed_keys)
          AND (provinces IS NULL OR w.province_public = ANY (provinces))
          AND (countries IS NULL OR w.country = ANY (countries))
    ), cells AS (
        SELECT c.province, c.category, c.month, c.n,
               c.n > 0 AND c.n < coalesce(nullif(current_setting('mapper.min_count', true), '')::int, 11) AS withheld
        FROM sensitive_cell_count c
        WHERE c.category = ANY (sensitive_keys)
          AND c.month >= window_start AND c.month <= coalesce(window_end, DATE 'infinity')
          AND (provinces IS NULL OR c.province = ANY (provinces))
          AND (countries IS NULL OR c.country = ANY (countries))
    ), left_out AS (
        SELECT l.province, l.category FROM cells l GROUP BY l.province, l.category
        HAVING sum(l.n) FILTER (WHERE NOT l.withheld) > 0
           AND sum(l.n) FILTER (WHERE NOT l.withheld)
               < coalesce(nullif(current_setting('mapper.min_count', true), '')::int, 11)
    ), shown_cells AS (
        SELECT c.province, c.month, c.n FROM cells c
        WHERE NOT c.withheld
          AND NOT EXISTS (SELECT 1 FROM left_out l WHERE l.province = c.province AND l.category = c.category)
    ), in_window AS (
        SELECT w.province_public AS province, w.month, CAST(w.n AS int) AS starts, w.first_start, 0 AS ends
        FROM listed w
        WHERE w.edge = 's'
          AND w.in_year BETWEEN CAST(date_trunc('year', window_start) AS date)
                            AND coalesce(CAST(date_trunc('year', window_end) AS date), DATE 'infinity')
          AND w.month BETWEEN window_start AND coalesce(window_end, DATE 'infinity')
        UNION ALL
        SELECT w.province_public, w.month, 0, NULL, CAST(w.n AS int)
        FROM listed w
        WHERE w.edge = 'e'
          AND w.in_year BETWEEN CAST(date_trunc('year', window_start) AS date)
                            AND coalesce(CAST(date_trunc('year', window_end) AS date), DATE 'infinity')
          AND w.month BETWEEN window_start AND coalesce(window_end, DATE 'infinity')
        UNION ALL
        SELECT c.province, c.month, CAST(c.n AS int), c.month, CAST(c.n AS int) FROM shown_cells c
    ), before AS (
        SELECT w.province_public AS province, w.edge, CAST(w.n AS int) AS n FROM listed w
        WHERE w.edge = 's' AND w.in_year = DATE '-infinity' AND w.month < CAST(date_trunc('year', window_start) AS date)
        UNION ALL
        SELECT w.province_public, w.edge, CAST(w.n AS int) FROM listed w
        WHERE w.edge = 's' AND w.in_year = CAST(date_trunc('year', window_start) AS date) AND w.month < window_start
        UNION ALL
        SELECT w.province_public AS province, w.edge, CAST(w.n AS int) AS n FROM listed w
        WHERE w.edge = 'e' AND w.in_year = DATE '-infinity' AND w.month < CAST(date_trunc('year', window_start) AS date)
        UNION ALL
        SELECT w.province_public, w.edge, CAST(w.n AS int) FROM listed w
        WHERE w.edge = 'e' AND w.in_year = CAST(date_trunc('year', window_start) AS date) AND w.month < window_start
    )
    SELECT nullif(province, ''), month, CAST(sum(starts) AS bigint), min(first_start), CAST(sum(ends) AS bigint)
    FROM in_window GROUP BY province, month
    UNION ALL
    SELECT nullif(province, ''), DATE '-infinity', CAST(coalesce(sum(n) FILTER (WHERE edge = 's'), 0) AS bigint), NULL,
           CAST(coalesce(sum(n) FILTER (WHERE edge = 'e'), 0) AS bigint)
    FROM before GROUP BY province;
END $$;
