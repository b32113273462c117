-- An incident may belong to a site (a raid on it, a victim held there); the site's page lists its incidents.
-- Field siteId of IncidentFields; what viewers get of it is decided in V63.
ALTER TABLE incident ADD COLUMN site_id bigint REFERENCES site (id) ON DELETE SET NULL;
CREATE INDEX incident_site_idx ON incident (site_id) WHERE site_id IS NOT NULL;
