-- Vector tiles (TileController) carry data_version in their ETag, read BEFORE the tile's query (a write committed
-- in between makes the ETag older than the body, which only costs one more full response later, never a stale
-- 304), so a revalidation (If-None-Match) reads this one row instead of rebuilding the tile.
--
-- data_version and its bump function are counts' (V80), bumped on incident, incident_source, incident_rating,
-- boundary and category. A tile also depends on generalised_column (what viewers see), so that table bumps it too,
-- and viewers' tile requests read it on their own connection.
--
-- (Both V80 and the first version of this file created data_version; resolved when branch viewers merged main and
-- tiles: this file now adds only what V80 lacks.)
CREATE TRIGGER data_version_write AFTER INSERT OR UPDATE OR DELETE ON generalised_column
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON generalised_column
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
GRANT SELECT ON data_version TO mapper_generalised;
