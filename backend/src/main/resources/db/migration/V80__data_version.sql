-- One number that changes, in the writing transaction, with every write that can change an aggregate or a search
-- answer: a response cache keys its entries on it (read before the query it caches), so a committed write is never
-- answered from before it, and no time-to-live is guessed.
--
-- Bumped by statement triggers on every table those answers read: incident (counts, dates, provinces, text; the
-- summaries of V31/V71 and later are kept from it in the same transaction), incident_source and incident_rating
-- (rating filters), boundary (the choropleth's shapes and names, spread's names) and category (labels, colours,
-- sensitivity). TRUNCATE too, since it fires no row or statement trigger for DELETE.
--
-- Writers take V31's advisory lock before the row lock of the version row, in that order, whatever table they
-- write: an incident writer already holds it (V31's triggers), so two writers can never wait on each other in the
-- opposite order. Readers take no lock: under READ COMMITTED they see the old number until the writer commits.
CREATE TABLE data_version (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version  bigint NOT NULL
);
INSERT INTO data_version (version) VALUES (1);

CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incident_month_count_lock();
    -- the clock in microseconds (or one more, if two writes share one): a database restored from a backup goes
    -- back to that backup's number, and its next write still gets a number no answer was ever filed under
    UPDATE data_version SET version = greatest(version + 1, CAST(extract(epoch FROM clock_timestamp()) * 1e6 AS bigint));
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['incident', 'incident_source', 'incident_rating', 'boundary', 'category'] LOOP
        EXECUTE format('CREATE TRIGGER data_version_write AFTER INSERT OR UPDATE OR DELETE ON %I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()', t);
        EXECUTE format('CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON %I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()', t);
    END LOOP;
END $$;
