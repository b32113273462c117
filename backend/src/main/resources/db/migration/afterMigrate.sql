-- Flyway callback, after every migrate: keep the generalised views in step with the tables' columns.
-- Two instances starting at once both run this callback: one at a time (AdvisoryLock.AFTER_MIGRATE, until commit).
SELECT pg_advisory_xact_lock(5570952751942205440);
DO $$ BEGIN PERFORM refresh_generalised_views(); END $$;
DO $$ BEGIN PERFORM refresh_site_views(); END $$;
-- a trigram index for each year that has incidents and none yet (V99)
SELECT incident_search_year_indexes();
