-- Flyway callback, after every migrate: keep the generalised views in step with the tables' columns.
DO $$ BEGIN PERFORM refresh_generalised_views(); END $$;
