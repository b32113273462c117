-- A viewer's timeline reads the window's months from incident_month_edge, as the analysts' does (issue 11 c).
--
-- V98's generalised.counted_timeline_edge read them from incident_window_edge's month rows: a start row and an end
-- row per key and month, for every month of the window's years (19.3k rows for a window of three and a half
-- years at 1M), where incident_month_edge has one row per key and month with both, and only the window's months
-- are read (~10k). Its month-led index (V97) now also carries province_public, the one column a viewer's timeline
-- groups by, so both timelines read it index-only. The rest of the function is V98's, with the same disclosure
-- rules: listed categories only (a sensitive category's rows hold true provinces and are never read here), summed
-- per public province, never grouped by, filtered on or returned with a true province; ViewerCountedMonthTest
-- compares it with the old functions and the per-incident path.
DROP INDEX incident_month_edge_month_idx;
CREATE INDEX incident_month_edge_month_idx ON incident_month_edge (month)
    INCLUDE (province, province_public, category, country, starts, first_start, ends);

CREATE OR REPLACE FUNCTION generalised.counted_timeline_edge(window_start date, window_end date, categories text[],
                                                  provinces text[], countries text[])
    RETURNS TABLE (province text, month date, starts bigint, first_start date, ends bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    SET plan_cache_mode = force_custom_plan AS $$
#variable_conflict use_column
DECLARE
    -- the caller's categories (NULL: all) split into listed and sensitive, as values the plan is made for (V98)
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
        -- the window's months from incident_month_edge (a key's starts and ends of a month in one row; first_start
        -- NULL when none starts), through its month-led index (made again above with province_public)
        SELECT e.province_public AS province, e.month, CAST(e.starts AS int) AS starts, e.first_start,
               CAST(e.ends AS int) AS ends
        FROM incident_month_edge e
        WHERE e.month BETWEEN window_start AND coalesce(window_end, DATE 'infinity')
          AND e.category = ANY (listed_keys)
          AND (provinces IS NULL OR e.province_public = ANY (provinces))
          AND (countries IS NULL OR e.country = ANY (countries))
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
