-- Indexes for the request paths, chosen by measurement at 1M synthetic incidents (BENCHMARKS.md, "indexes").
--
-- (start_date, id): the order of /api/incidents and exports, so a plan can walk the index and stream from the
-- first row instead of sorting every match first; also serves the first-incident lookup of /spread and the
-- recount of incident_month_count (V31) for the months an edit touches.
CREATE INDEX IF NOT EXISTS incident_start_id_idx ON incident (start_date, id);

-- q= is "ILIKE '%text%'" on title, description and location name. pg_trgm GIN indexes serve exactly that
-- predicate (the ILIKE is rechecked), in every script: trigrams are taken from characters, so Khmer, Thai and
-- Chinese text without spaces between words is found by any substring of three or more characters, as the
-- sequential scan found it. A 'simple' full-text configuration was rejected: its parser makes one token of a
-- run of Khmer, Thai or Chinese characters, so "西港" would not find "西港赌场" (it changes what q= means), and
-- it matches whole words only. Queries of one or two characters yield no trigram and fall back to a scan
-- (still correct). pg_trgm is created in V3 (by the superuser on a private cluster).
CREATE INDEX IF NOT EXISTS incident_title_trgm_idx ON incident USING gin (title gin_trgm_ops);
CREATE INDEX IF NOT EXISTS incident_description_trgm_idx ON incident USING gin (description gin_trgm_ops);
CREATE INDEX IF NOT EXISTS incident_location_name_trgm_idx ON incident USING gin (location_name gin_trgm_ops);
