-- Month edges of incident_month_count (V31) for timelines: one row per province × country × category × month with
-- how many incidents start in that month and how many end in it. A timeline is a running sum (+starts, -ends), so
-- it reads one row per key and month (28k rows at 1M synthetic incidents) instead of one per start/end month pair
-- (144k: compounds get random end months). Category counts and, without a time window, the choropleth and spread
-- read it too; with a window they keep reading incident_month_count, which knows the first/last dates of the
-- incidents overlapping it.
--
-- Kept current in the same transaction: V31's add/remove functions (run by its statement triggers) end by
-- recomputing the edge rows of the months they touched from incident_month_count, so the two never disagree.
-- No NULLs in the key (as in V31): province '' is none; month 'infinity' holds the incidents still running.
CREATE TABLE incident_month_edge (
    province    text NOT NULL,
    country     char(3) NOT NULL,
    category    text NOT NULL,
    month       date NOT NULL,
    starts      bigint NOT NULL CHECK (starts >= 0),  -- incidents whose start_date is in month
    first_start date,                                 -- min(start_date) of those; NULL when starts = 0
    ends        bigint NOT NULL CHECK (ends >= 0),    -- incidents whose end_date is in month ('infinity': none)
    last_date   date,                                 -- max(coalesce(end_date, start_date)) of those; NULL when ends = 0
    PRIMARY KEY (category, province, country, month),
    CHECK (starts > 0 OR ends > 0)
);

-- Recomputes the edge rows named in temp table incident_month_edge_touched (filled by the caller) from
-- incident_month_count, which is already current for them.
CREATE FUNCTION incident_month_edge_refresh() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM incident_month_edge e USING incident_month_edge_touched t
    WHERE (e.category, e.province, e.country, e.month) = (t.category, t.province, t.country, t.month);
    INSERT INTO incident_month_edge (province, country, category, month, starts, first_start, ends, last_date)
    SELECT t.province, t.country, t.category, t.month, s.n, s.first_start, e.n, e.last_date
    FROM (SELECT DISTINCT province, country, category, month FROM incident_month_edge_touched) t
    CROSS JOIN LATERAL (SELECT coalesce(sum(c.n), 0) AS n, min(c.first_start) AS first_start
                        FROM incident_month_count c
                        WHERE (c.category, c.province, c.country, c.start_month) = (t.category, t.province, t.country, t.month)) s
    CROSS JOIN LATERAL (SELECT coalesce(sum(c.n), 0) AS n, max(c.last_date) AS last_date
                        FROM incident_month_count c
                        WHERE (c.category, c.province, c.country) = (t.category, t.province, t.country)
                          AND c.end_month = t.month) e
    WHERE s.n > 0 OR e.n > 0
    ORDER BY 3, 1, 2, 4;
END $$;

CREATE FUNCTION incident_month_edge_touch(source regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS incident_month_edge_touched (
        province text, country char(3), category text, month date) ON COMMIT DROP;
    TRUNCATE incident_month_edge_touched;
    -- source has V31's transition columns (province, country, category, start_date, end_date)
    EXECUTE format($q$
        INSERT INTO incident_month_edge_touched
        SELECT coalesce(province, ''), country, category, CAST(date_trunc('month', start_date) AS date) FROM %1$s
        UNION
        SELECT coalesce(province, ''), country, category, incident_month_key_end(end_date) FROM %1$s$q$, source);
    PERFORM incident_month_edge_refresh();
END $$;

-- V31's functions, each now ending with the edge rows of what it touched.
CREATE OR REPLACE FUNCTION incident_month_count_add() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO incident_month_count AS c (province, country, category, start_month, end_month, n, first_start, last_date)
    SELECT coalesce(province, ''), country, category, CAST(date_trunc('month', start_date) AS date),
           incident_month_key_end(end_date), count(*), min(start_date), max(coalesce(end_date, start_date))
    FROM incident_month_added
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (category, province, country, start_month, end_month) DO UPDATE
        SET n = c.n + excluded.n, first_start = least(c.first_start, excluded.first_start),
            last_date = greatest(c.last_date, excluded.last_date);
    PERFORM incident_month_edge_touch('pg_temp.incident_month_added');
END $$;

CREATE OR REPLACE FUNCTION incident_month_count_remove() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS incident_month_touched (
        province text, country char(3), category text, start_month date, end_month date, n bigint) ON COMMIT DROP;
    TRUNCATE incident_month_touched;
    INSERT INTO incident_month_touched
    SELECT coalesce(province, ''), country, category, CAST(date_trunc('month', start_date) AS date),
           incident_month_key_end(end_date), count(*)
    FROM incident_month_removed GROUP BY 1, 2, 3, 4, 5;
    ANALYZE incident_month_touched;

    UPDATE incident_month_count c SET n = c.n - t.n
    FROM incident_month_touched t
    WHERE (c.category, c.province, c.country, c.start_month, c.end_month)
        = (t.category, t.province, t.country, t.start_month, t.end_month);
    DELETE FROM incident_month_count WHERE n <= 0;

    UPDATE incident_month_count c SET first_start = r.first_start, last_date = r.last_date
    FROM (SELECT t.category, t.province, t.country, t.start_month, t.end_month,
                 min(i.start_date) AS first_start, max(coalesce(i.end_date, i.start_date)) AS last_date
          FROM incident_month_touched t
          JOIN incident i ON i.category = t.category AND coalesce(i.province, '') = t.province
               AND i.country = t.country AND i.start_date >= t.start_month
               AND i.start_date < CAST(t.start_month + INTERVAL '1 month' AS date)
               AND incident_month_key_end(i.end_date) = t.end_month
          GROUP BY 1, 2, 3, 4, 5) r
    WHERE (c.category, c.province, c.country, c.start_month, c.end_month)
        = (r.category, r.province, r.country, r.start_month, r.end_month);
    PERFORM incident_month_edge_touch('pg_temp.incident_month_removed');
END $$;

-- What is there already.
INSERT INTO incident_month_edge (province, country, category, month, starts, first_start, ends, last_date)
SELECT province, country, category, month, sum(starts), min(first_start), sum(ends), max(last_date)
FROM (SELECT province, country, category, start_month AS month, n AS starts, first_start, 0 AS ends,
             CAST(NULL AS date) AS last_date
      FROM incident_month_count
      UNION ALL
      SELECT province, country, category, end_month, 0, NULL, n, last_date FROM incident_month_count) edges
GROUP BY 1, 2, 3, 4;
