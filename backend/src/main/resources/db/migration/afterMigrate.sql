-- Flyway callback, after every migrate: keep the generalised views in step with the tables' columns.
SELECT refresh_generalised_views();
