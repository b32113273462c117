-- A number that changes in the same transaction as every write that can change what a read of the incidents
-- answers, so a response derived from them can carry it in its ETag and a revalidation (If-None-Match) is
-- answered by reading this one row instead of rebuilding the response (vector tiles: TileController).
--
-- Readers read it BEFORE their query: a write committed in between makes the ETag older than the body, which only
-- costs one more full response later, never a stale 304. It is bumped by a statement-level trigger on every table
-- whose rows a tile, cluster or aggregate can depend on: incident (and so every summary kept from it), category
-- (keys, sensitivity), incident_rating (rating filters), boundary (viewers' generalised provinces and points) and
-- generalised_column (what viewers see). Coarse on purpose: any such write changes it, wherever it lands.
CREATE TABLE data_version (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL
);
INSERT INTO data_version VALUES (true, 1);

-- Writers take the incident summaries' advisory lock (V31) first, so every writer acquires the lock and then
-- this row in the same order (no deadlock between a category write and an incident write in two transactions).
CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incident_month_count_lock();
    UPDATE data_version SET version = version + 1;
    RETURN NULL;
END $$;
ALTER FUNCTION data_version_bump() SET search_path = public, pg_temp;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['incident', 'category', 'incident_rating', 'boundary', 'generalised_column'] LOOP
        EXECUTE format('CREATE TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()', t);
    END LOOP;
END $$;

GRANT SELECT ON data_version TO mapper_generalised;
