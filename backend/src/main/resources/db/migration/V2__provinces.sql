-- Admin-1 boundaries and the province of every incident.
--
-- incident.province is what a writer gives; when a writer gives none, PostGIS fills it in from the boundaries.
-- province_source says which: 'given' (the writer set it: an explicit province wins, because the boundaries are
-- coarse near frontiers), 'computed' (the boundary covering the incident) or 'none' (none given and no boundary
-- covers it). province_computed is always the covering boundary, whatever was given; NULL means the incident lies
-- outside every boundary (flagged, never dropped).

-- Codes of provinces: ISO 3166-2 (KH-18), the extract's fallbacks (PH-X-PASAY) or an official set's own codes.
CREATE DOMAIN province_code AS text CHECK (VALUE ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$');

CREATE TABLE boundary (
    code         province_code PRIMARY KEY,
    name         text NOT NULL CHECK (btrim(name) <> ''),
    name_local   text,
    country      char(3) CHECK (country ~ '^[A-Z]{3}$'),  -- ISO 3166-1 alpha-3; null when the import gave none
    geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    boundary_set text NOT NULL,  -- where this set came from: a file name and what it is
    loaded_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX boundary_geom_idx ON boundary USING gist (geom);

ALTER TABLE incident DROP CONSTRAINT incident_province_check;
ALTER TABLE incident ALTER COLUMN province TYPE province_code;
ALTER TABLE incident ADD COLUMN province_source text;
ALTER TABLE incident ADD COLUMN province_computed text;
UPDATE incident SET province_source = CASE WHEN province IS NULL THEN 'none' ELSE 'given' END;
ALTER TABLE incident ALTER COLUMN province_source SET NOT NULL;
ALTER TABLE incident ADD CONSTRAINT incident_province_source_check
    CHECK (province_source IN ('given', 'computed', 'none') AND (province IS NULL) = (province_source = 'none'));

CREATE INDEX incident_province_idx ON incident (province);

-- The code of the boundary covering g: a point itself, a polygon by its representative point (ST_PointOnSurface,
-- always inside it). A point on a border shared by two boundaries is covered by both; the lower code wins.
CREATE FUNCTION boundary_code_covering(g geometry) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT b.code
    FROM boundary b
    WHERE ST_Covers(b.geom, CASE WHEN GeometryType(g) = 'POINT' THEN g ELSE ST_PointOnSurface(g) END)
    ORDER BY b.code
    LIMIT 1
$$;

-- Fires when a writer names province (INSERT, or UPDATE ... SET province = ...): a value is given, null asks for
-- the computed one. An UPDATE that does not mention province keeps what was there.
CREATE FUNCTION incident_province_given() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.province_source := CASE WHEN NEW.province IS NULL THEN 'none' ELSE 'given' END;
    RETURN NEW;
END
$$;

-- Runs after incident_province_given (triggers fire in name order): computes the covering boundary and, unless a
-- province was given, makes it the incident's province. UPDATE incident SET geom = geom recomputes.
CREATE FUNCTION incident_province_computed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.province_computed := boundary_code_covering(NEW.geom);
    IF NEW.province_source <> 'given' THEN
        NEW.province := NEW.province_computed;
        NEW.province_source := CASE WHEN NEW.province IS NULL THEN 'none' ELSE 'computed' END;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER incident_province_1_given BEFORE INSERT OR UPDATE OF province ON incident
    FOR EACH ROW EXECUTE FUNCTION incident_province_given();
CREATE TRIGGER incident_province_2_computed BEFORE INSERT OR UPDATE OF geom, province ON incident
    FOR EACH ROW EXECUTE FUNCTION incident_province_computed();
