-- A viewer's windowed provinces and timelines read incident_window_edge once, per public province (issue 11 c).
--
-- At 1M incidents a viewer's /api/provinces with a window spent ~12 ms of database CPU per request and its timeline
-- ~24 ms (analysts: less), so 8 clients queued past 100 ms on 2 cores:
--   provinces  generalised.counted_window (V93) ran incident_window_count over every key of every category (true
--              province included) and then summed its rows again per public province; a category filter was applied
--              only to its result (SECURITY DEFINER functions are not inlined), so category=raid,rescue cost the same.
--   timeline   generalised.counted_edge (V86) grouped every incident_month_edge row of the window per public key, read
--              twice (withheld cells, then the rest), and generalised.counted_before (V93) scanned all of
--              incident_window_edge (its OR of two ranges used no index: 62k rows for ~1.4k, ~20 ms).
-- The two functions below give what those gave, from index ranges of incident_window_edge read once, with the
-- caller's categories, public provinces and countries applied while reading (NULL: all).
--
-- What a viewer may see does not change (README "Disclosure policy", V15): both are SECURITY DEFINER because a
-- viewer may not read incident_window_edge or sensitive_cell_count, and so both must be as strict as the views:
--   * the listed categories' rows are summed per public province (province_public) and never grouped by, filtered
--     on or returned with the true province; a sensitive category's edges are never read from incident_window_edge
--     (its rows there hold true provinces and exact dates);
--   * a sensitive category is counted only from its disclosure cells (sensitive_cell_count: category × country ×
--     public province × start month), each withheld (n = 0, flagged) under the threshold, which inside SECURITY
--     DEFINER is mapper.min_count or else the viewers' default 11, never the owner's visible_count (which would pass
--     every cell when mapper.min_count is unset), exactly as generalised.counted_window (V93) does.

-- V93's generalised.counted_window(from_month, to_month) for the caller's key filters, the listed categories summed
-- per public province straight from incident_window_edge instead of per key by incident_window_count and then again.
-- The sums are the same: per public province, country and category, over its true-province keys,
--     n           = Σ starts by T − Σ ends before F (each key's is >= 0; a sum of 0 is left out, as V93 left out
--                   keys with 0 and then had nothing to sum)
--     first_start = min start of those ending in or after F: a key with n = 0 adds only incidents starting after T,
--                   later than the first start of a key with n > 0 (which starts by T), so the min is unchanged
--     last_date   = the latest end >= F of those starting by T, or the latest start of those running: a key with
--                   n = 0 has neither (all its incidents starting by T ended before F), so the max is unchanged
--     ongoing     = one starting by T still runs (again none in a key with n = 0)
-- ViewerCountedMonthTest compares both overloads, and the endpoint with the per-incident path.
CREATE FUNCTION generalised.counted_window(from_month date, to_month date, categories text[], provinces text[],
                                           countries text[])
    RETURNS TABLE (province text, country char(3), category text, n bigint, first_start date, last_date date,
                   ongoing boolean, lo date, hi date, withheld boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    -- planned for each call's values (see the top of this file)
    SET plan_cache_mode = force_custom_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT k.province_public, k.country, k.category, k.n, k.first_start, k.last_date, k.ongoing,
           CAST(date_trunc('month', k.first_start) AS date),
           CASE WHEN k.ongoing THEN DATE 'infinity' ELSE CAST(date_trunc('month', k.last_date) AS date) END, false
    FROM (SELECT w.province_public, w.country, w.category,
                 CAST(coalesce(sum(w.n) FILTER (WHERE w.edge = 's'), 0)
                      - coalesce(sum(w.n) FILTER (WHERE w.edge = 'e' AND w.month < from_month), 0) AS bigint) AS n,
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
          WHERE w.category IN (SELECT c.key FROM category c WHERE NOT c.sensitive)
            AND (categories IS NULL OR w.category = ANY (categories))
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
    -- visible_count(c.n, true) IS NULL with the viewers' threshold whoever runs it (see the top of this file)
    CROSS JOIN LATERAL (SELECT c.n > 0 AND c.n < coalesce(nullif(current_setting('mapper.min_count', true), '')::int, 11)
                               AS withheld) w
    WHERE c.category IN (SELECT k.key FROM category k WHERE k.sensitive)
      AND c.month >= coalesce(from_month, DATE '-infinity') AND c.month <= coalesce(to_month, DATE 'infinity')
      AND (categories IS NULL OR c.category = ANY (categories))
      AND (provinces IS NULL OR c.province = ANY (provinces))
      AND (countries IS NULL OR c.country = ANY (countries))
    GROUP BY c.province, c.country, c.category, w.withheld;
END $$;
REVOKE ALL ON FUNCTION generalised.counted_window(date, date, text[], text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION generalised.counted_window(date, date, text[], text[], text[]) TO mapper_generalised;

-- A viewer's timeline edges (ProvinceRepository.timelineEdges) for the window [window_start, window_end] (NULL: open
-- end; window_start the first day of a month, '0001-01-01' for an open start) and the caller's key filters, per
-- public province ('' none: NULL) and month, what the viewer branch summed from generalised.counted_edge (V86) and
-- generalised.counted_before (V93):
--   * each month of the window: incidents of the listed categories starting in it (starts, first_start) and ending
--     in it (ends; month 'infinity': still running, only with an open end), from incident_window_edge's month rows as
--     the analysts' timeline reads them, summed over the true provinces of each public province;
--   * each disclosure cell of a sensitive category in the window: starts = ends = n in its month, first_start its
--     first day, as counted_edge has it, but never a withheld cell (n under the threshold), and never any cell of a
--     public province whose cells of that category in the window count under the threshold together (as the
--     viewer branch left them out: visible_count of their sum; each shown cell has n >= threshold, so the rule
--     only bites should that ever change, and it is kept as strict);
--   * before the window one row per public province, month '-infinity': incidents of the listed categories that
--     started and that ended in a month before window_start (year rows of earlier years, month rows of its year);
--     the disclosure cells start and end in one month, so before the window they cancel out and are left out.
-- The timeline only sums these per province (starts, ends) and takes the first start of months with starts, so
-- summing keys and categories per province and month first gives the same answer from fewer rows.
CREATE FUNCTION generalised.counted_timeline_edge(window_start date, window_end date, categories text[],
                                                  provinces text[], countries text[])
    RETURNS TABLE (province text, month date, starts bigint, first_start date, ends bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    SET plan_cache_mode = force_custom_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    -- inlined into each range below (NOT MATERIALIZED), so each reads an index range, not the table
    WITH listed AS NOT MATERIALIZED (
        SELECT w.* FROM incident_window_edge w
        WHERE w.category IN (SELECT c.key FROM category c WHERE NOT c.sensitive)
          AND (categories IS NULL OR w.category = ANY (categories))
          AND (provinces IS NULL OR w.province_public = ANY (provinces))
          AND (countries IS NULL OR w.country = ANY (countries))
    ), cells AS (
        SELECT c.province, c.category, c.month, c.n,
               c.n > 0 AND c.n < coalesce(nullif(current_setting('mapper.min_count', true), '')::int, 11) AS withheld
        FROM sensitive_cell_count c
        WHERE c.category IN (SELECT k.key FROM category k WHERE k.sensitive)
          AND c.month >= window_start AND c.month <= coalesce(window_end, DATE 'infinity')
          AND (categories IS NULL OR c.category = ANY (categories))
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
        SELECT w.province_public AS province, w.month, w.n AS starts, w.first_start, 0 AS ends
        FROM listed w
        WHERE w.edge = 's'
          AND w.in_year BETWEEN CAST(date_trunc('year', window_start) AS date)
                            AND coalesce(CAST(date_trunc('year', window_end) AS date), DATE 'infinity')
          AND w.month BETWEEN window_start AND coalesce(window_end, DATE 'infinity')
        UNION ALL
        SELECT w.province_public, w.month, 0, NULL, w.n
        FROM listed w
        WHERE w.edge = 'e'
          AND w.in_year BETWEEN CAST(date_trunc('year', window_start) AS date)
                            AND coalesce(CAST(date_trunc('year', window_end) AS date), DATE 'infinity')
          AND w.month BETWEEN window_start AND coalesce(window_end, DATE 'infinity')
        UNION ALL
        SELECT c.province, c.month, c.n, c.month, c.n FROM shown_cells c
    ), before AS (
        SELECT w.province_public AS province, w.edge, w.n FROM listed w
        WHERE w.edge = 's' AND w.in_year = DATE '-infinity' AND w.month < CAST(date_trunc('year', window_start) AS date)
        UNION ALL
        SELECT w.province_public, w.edge, w.n FROM listed w
        WHERE w.edge = 's' AND w.in_year = CAST(date_trunc('year', window_start) AS date) AND w.month < window_start
        UNION ALL
        SELECT w.province_public AS province, w.edge, w.n FROM listed w
        WHERE w.edge = 'e' AND w.in_year = DATE '-infinity' AND w.month < CAST(date_trunc('year', window_start) AS date)
        UNION ALL
        SELECT w.province_public, w.edge, w.n FROM listed w
        WHERE w.edge = 'e' AND w.in_year = CAST(date_trunc('year', window_start) AS date) AND w.month < window_start
    )
    SELECT nullif(province, ''), month, CAST(sum(starts) AS bigint), min(first_start), CAST(sum(ends) AS bigint)
    FROM in_window GROUP BY province, month
    UNION ALL
    SELECT nullif(province, ''), DATE '-infinity', CAST(coalesce(sum(n) FILTER (WHERE edge = 's'), 0) AS bigint), NULL,
           CAST(coalesce(sum(n) FILTER (WHERE edge = 'e'), 0) AS bigint)
    FROM before GROUP BY province;
END $$;
REVOKE ALL ON FUNCTION generalised.counted_timeline_edge(date, date, text[], text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION generalised.counted_timeline_edge(date, date, text[], text[], text[]) TO mapper_generalised;
