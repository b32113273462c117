-- Each incident's best-supported rating (admiralty_best, V72) kept on write, so a rating filter or the rating of a
-- Feature is an index lookup instead of aggregating the sources per incident per request (at a million incidents
-- the filter "hide unconfirmed single-source reports" would otherwise aggregate a million source lists).
-- One row per incident that has sources; none: no rating. Statement-level triggers on incident_source keep it in
-- the writing transaction, whoever writes sources (the importer, the edit API, a merge of duplicates, plain SQL).
CREATE TABLE incident_rating (
    incident_id bigint PRIMARY KEY REFERENCES incident (id) ON DELETE CASCADE,
    rating      text NOT NULL CHECK (rating ~ '^[A-F][1-6]$')
);

-- Recomputes the rating of incidents ids from their sources as they are now.
CREATE FUNCTION incident_rating_recompute(ids bigint[]) RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM incident_rating r
     WHERE r.incident_id = ANY (ids)
       AND NOT EXISTS (SELECT 1 FROM incident_source s WHERE s.incident_id = r.incident_id);
    INSERT INTO incident_rating AS r (incident_id, rating)
    SELECT s.incident_id, admiralty_best(array_agg(s.reliability ORDER BY s.position),
                                         array_agg(s.credibility ORDER BY s.position),
                                         array_agg(s.outlet ORDER BY s.position))
      FROM incident_source s
     WHERE s.incident_id = ANY (ids)
     GROUP BY s.incident_id
     ORDER BY s.incident_id
        ON CONFLICT (incident_id) DO UPDATE SET rating = excluded.rating
     WHERE r.rating IS DISTINCT FROM excluded.rating;
END $$;

CREATE FUNCTION incident_rating_after_sources() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM incident_rating_recompute(ARRAY(SELECT DISTINCT incident_id FROM incident_source_added));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM incident_rating_recompute(ARRAY(SELECT DISTINCT incident_id FROM incident_source_removed));
    ELSE
        PERFORM incident_rating_recompute(ARRAY(SELECT incident_id FROM incident_source_added
                                                UNION SELECT incident_id FROM incident_source_removed));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER incident_rating_inserted AFTER INSERT ON incident_source
    REFERENCING NEW TABLE AS incident_source_added
    FOR EACH STATEMENT EXECUTE FUNCTION incident_rating_after_sources();
CREATE TRIGGER incident_rating_deleted AFTER DELETE ON incident_source
    REFERENCING OLD TABLE AS incident_source_removed
    FOR EACH STATEMENT EXECUTE FUNCTION incident_rating_after_sources();
CREATE TRIGGER incident_rating_updated AFTER UPDATE ON incident_source
    REFERENCING OLD TABLE AS incident_source_removed NEW TABLE AS incident_source_added
    FOR EACH STATEMENT EXECUTE FUNCTION incident_rating_after_sources();

INSERT INTO incident_rating (incident_id, rating)
SELECT s.incident_id, admiralty_best(array_agg(s.reliability ORDER BY s.position),
                                     array_agg(s.credibility ORDER BY s.position),
                                     array_agg(s.outlet ORDER BY s.position))
  FROM incident_source s GROUP BY s.incident_id;

-- Viewers read the ratings of the incidents they may list, and only while the allow-list (generalised_column, V15)
-- passes every column the rating is made of: the rating is then a function of values they see already, and a
-- decision to withhold one of those columns withholds the ratings too (no second rule).
CREATE VIEW generalised.incident_rating AS
    SELECT r.incident_id, r.rating
      FROM public.incident_rating r JOIN public.incident i ON i.id = r.incident_id
     WHERE category_listed_below_analyst(i.category)
       AND (SELECT count(*) FROM public.generalised_column d
             WHERE d.relation = 'incident_source' AND d.decision = 'pass'
               AND d.column_name IN ('reliability', 'credibility', 'outlet')) = 3;
GRANT SELECT ON generalised.incident_rating TO mapper_generalised;
