-- Viewers' windowed province aggregates (issue 11): /api/provinces and /spread with a whole-month window.
--
-- A viewer's rows per province and category came from generalised.counted_month (V86), a view that must group
-- incident_month_count by (public province, month pair) before anything else sees it: a view cannot take the
-- window, so every request grouped ~53k pairs (79 ms alone at 1M) and then summed them per province. This function
-- takes the window, filters the pairs first and sums them straight per public province, country and category,
-- plus the sensitive categories' disclosure cells in the window exactly as counted_month gives them (n = 0 and
-- withheld for a cell under the threshold, each withheld state a row of its own). It returns what summing
-- counted_month's rows in the window returns, so nothing finer than the view: never a true province, never a
-- count that visible_count would not pass (its threshold is mapper.min_count, 11 when unset, as for
-- mapper_generalised). SECURITY DEFINER because mapper_generalised reads no table; it may
-- execute only this.
--   from_month, to_month  the window's first and last month (NULL: open); a pair overlaps it when
--                         start_month <= to_month and end_month >= from_month ('infinity' while running)
CREATE FUNCTION generalised.counted_window(from_month date, to_month date)
    RETURNS TABLE (province text, country char(3), category text, n bigint, first_start date, last_date date,
                   ongoing boolean, lo date, hi date, withheld boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT m.province_public, m.country, m.category, CAST(sum(m.n) AS bigint), min(m.first_start),
           max(m.last_date), bool_or(m.end_month = DATE 'infinity'), min(m.start_month), max(m.end_month), false
    FROM public.incident_month_count m
    WHERE m.category IN (SELECT k.key FROM public.category k WHERE NOT k.sensitive)
      AND m.end_month >= coalesce(from_month, DATE '-infinity') AND m.start_month <= coalesce(to_month, DATE 'infinity')
    GROUP BY m.province_public, m.country, m.category
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
