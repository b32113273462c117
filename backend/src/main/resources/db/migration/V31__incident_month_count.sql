-- Precomputed counts for the province and category endpoints: one row per province × country × category ×
-- start month × end month, kept current by statement-level triggers on incident in the writing transaction, so
-- /api/provinces, /timeline, /spread and /api/categories read this small table instead of aggregating every
-- incident per request (8–20 s at 1M incidents before).
--
-- The key holds both months because timelines count an incident in every period its [start, end] overlaps: with
-- month-aligned windows (what the map asks for), "overlaps" is decided exactly by the two months. Day-precise
-- windows, bbox and q filters are answered from incident itself (ProvinceRepository decides).
-- No NULLs in the key, so the key is a plain equality: province '' is none, end_month 'infinity' is still running.
CREATE TABLE incident_month_count (
    province    text NOT NULL,
    country     char(3) NOT NULL,
    category    text NOT NULL,
    start_month date NOT NULL,
    end_month   date NOT NULL,
    n           bigint NOT NULL CHECK (n >= 0),  -- 0 only until the same statement deletes the row
    first_start date NOT NULL,  -- min(start_date)
    last_date   date NOT NULL,  -- max(coalesce(end_date, start_date)); rows are either all running or none
    PRIMARY KEY (category, province, country, start_month, end_month)
);

-- An incident's row key, as the rows of a transition table give it.
CREATE FUNCTION incident_month_key_end(end_date date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(CAST(date_trunc('month', end_date) AS date), DATE 'infinity');

-- Adds the rows of transition table "added" (a temp name bound by the caller) to the counts.
CREATE FUNCTION incident_month_count_add() RETURNS void LANGUAGE plpgsql AS $$
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
END $$;

-- Takes the rows of "incident_month_removed" away: counts by subtraction, first and last date recomputed from
-- what remains in incident for the keys touched (set-based; one pass for a mass delete).
CREATE FUNCTION incident_month_count_remove() RETURNS void LANGUAGE plpgsql AS $$
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
END $$;

-- Writers of incident take turns on the counts (until commit), so a recount never misses a concurrent
-- transaction's rows: under READ COMMITTED each statement below sees everything committed before the lock.
CREATE FUNCTION incident_month_count_lock() RETURNS void LANGUAGE sql
    RETURN pg_advisory_xact_lock(hashtext('incident_month_count'));

CREATE FUNCTION incident_month_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incident_month_count_lock();
    CREATE TEMP TABLE IF NOT EXISTS incident_month_added (
        province text, country char(3), category text, start_date date, end_date date) ON COMMIT DROP;
    TRUNCATE incident_month_added;
    INSERT INTO incident_month_added SELECT province, country, category, start_date, end_date FROM new_rows;
    PERFORM incident_month_count_add();
    RETURN NULL;
END $$;

CREATE FUNCTION incident_month_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incident_month_count_lock();
    CREATE TEMP TABLE IF NOT EXISTS incident_month_removed (
        province text, country char(3), category text, start_date date, end_date date) ON COMMIT DROP;
    TRUNCATE incident_month_removed;
    INSERT INTO incident_month_removed SELECT province, country, category, start_date, end_date FROM old_rows;
    PERFORM incident_month_count_remove();
    RETURN NULL;
END $$;

-- Only rows whose key or dates changed count (an edit of a title, or a boundary replacement that leaves a
-- province as it was, touches nothing).
CREATE FUNCTION incident_month_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incident_month_count_lock();
    CREATE TEMP TABLE IF NOT EXISTS incident_month_added (
        province text, country char(3), category text, start_date date, end_date date) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS incident_month_removed (
        province text, country char(3), category text, start_date date, end_date date) ON COMMIT DROP;
    TRUNCATE incident_month_added;
    TRUNCATE incident_month_removed;
    CREATE TEMP TABLE IF NOT EXISTS incident_month_changed (id bigint) ON COMMIT DROP;
    TRUNCATE incident_month_changed;
    INSERT INTO incident_month_changed
    SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.province, o.country, o.category, o.start_date, o.end_date)
          IS DISTINCT FROM (n.province, n.country, n.category, n.start_date, n.end_date);
    INSERT INTO incident_month_removed SELECT o.province, o.country, o.category, o.start_date, o.end_date
        FROM old_rows o JOIN incident_month_changed c ON c.id = o.id;
    INSERT INTO incident_month_added SELECT n.province, n.country, n.category, n.start_date, n.end_date
        FROM new_rows n JOIN incident_month_changed c ON c.id = n.id;
    -- add first: a row that moves within one key must not be deleted as empty on the way
    PERFORM incident_month_count_add();
    PERFORM incident_month_count_remove();
    RETURN NULL;
END $$;

CREATE TRIGGER incident_month_count_insert AFTER INSERT ON incident
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_month_count_inserted();
CREATE TRIGGER incident_month_count_update AFTER UPDATE ON incident
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incident_month_count_updated();
CREATE TRIGGER incident_month_count_delete AFTER DELETE ON incident
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_month_count_deleted();

-- What is there already.
INSERT INTO incident_month_count (province, country, category, start_month, end_month, n, first_start, last_date)
SELECT coalesce(province, ''), country, category, CAST(date_trunc('month', start_date) AS date),
       incident_month_key_end(end_date), count(*), min(start_date), max(coalesce(end_date, start_date))
FROM incident GROUP BY 1, 2, 3, 4, 5;

