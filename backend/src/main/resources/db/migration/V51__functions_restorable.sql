-- pg_restore evaluates a generated column's or an index expression's functions with an empty search_path, where an
-- unqualified ST_PointOnSurface does not exist: without a fixed search_path these functions make a backup that
-- cannot be restored (./mapper restore; README "Backups").
ALTER FUNCTION generalised_location(geometry) SET search_path = public, pg_temp;
ALTER FUNCTION gazetteer_key(text) SET search_path = public, pg_temp;
ALTER FUNCTION boundary_code_covering(geometry) SET search_path = public, pg_temp;
