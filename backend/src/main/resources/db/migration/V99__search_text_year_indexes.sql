-- A trigram index of search_text per calendar year of start_date, for the map's text search (issue 11 c: q= p95
-- < 300 ms with 8 clients at 1M).
--
-- An analyst's uncounted search (IncidentRepository.uncountedSql) reads the first limit + 1 matches in
-- (start_date, id) order from consecutive start-date ranges. Until now each range ANDed the trigram index's bitmap
-- of every match (~40k for "Kompong" at 1M) with a btree bitmap of the range's incidents (~120-150k). Building those
-- two bitmaps was most of the database's time: under load (8 clients), perf put 45% of PostgreSQL's CPU in
-- MultiExecBitmapAnd, 24% in tbm_add_tuples alone. The ranges now follow calendar years, and each year's range is
-- answered by that year's index, whose bitmap holds only that year's matches: at 1M, "Kompong" in 2016 took 6.0 ms
-- (3,953 matches in 3,384 pages) against 26-34 ms through the two bitmaps, a Khmer place name 10.8 ms against 17-28.
--
-- incident_search_year_indexes() makes the missing ones, one per year that has incidents
-- (incident_search_text_<year>_idx, WHERE start_date >= 'Y-01-01' AND start_date < 'Y+1-01-01'). It runs here, after
-- every migration (afterMigrate.sql, so a year that appeared since gets its index at the next start) and after
-- `./mapper generate`. A year without its index is still answered, with the same rows, through the two bitmaps:
-- the indexes only make it faster. The whole-table trigram index (V88) stays for every other text search.
-- Each index is built with a SHARE lock on incident (writes wait; at 1M about 2.5 s per year of 100k incidents).
CREATE FUNCTION incident_search_year_indexes() RETURNS integer
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    years date[];
    year_start date;
    made integer := 0;
BEGIN
    -- the years with incidents, one probe of incident_start_id_idx each (read before any index is made: CREATE INDEX
    -- refuses while a query of this session still reads incident)
    years := ARRAY(
        WITH RECURSIVE y(first) AS (
            SELECT CAST(date_trunc('year', min(start_date)) AS date) FROM incident
            UNION ALL
            SELECT (SELECT CAST(date_trunc('year', min(i.start_date)) AS date) FROM incident i
                    WHERE i.start_date >= CAST(y.first + interval '1 year' AS date))
            FROM y WHERE y.first IS NOT NULL
        )
        SELECT first FROM y WHERE first IS NOT NULL);
    FOREACH year_start IN ARRAY years LOOP
        IF to_regclass('public.incident_search_text_' || extract(year FROM year_start) || '_idx') IS NULL THEN
            EXECUTE format('CREATE INDEX %I ON incident USING gin (search_text gin_trgm_ops) '
                           'WHERE start_date >= DATE %L AND start_date < DATE %L',
                           'incident_search_text_' || extract(year FROM year_start) || '_idx',
                           year_start, CAST(year_start + interval '1 year' AS date));
            made := made + 1;
        END IF;
    END LOOP;
    RETURN made;
END $$;

SELECT incident_search_year_indexes();
