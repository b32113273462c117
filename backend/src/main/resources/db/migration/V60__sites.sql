-- Sites (issue 14): a compound, casino or hospital as an entity with a geometry, names in any script, operators and
-- a lifecycle of dated, sourced states. Incidents link to a site (V62); relocations link two sites (V61); what
-- callers below analyst level see of them is decided in V63 (generalised_column), like incidents'.

CREATE TABLE site (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- stable text id of a site loaded from data/sites (its "key"); null for sites made in the app
    key                text UNIQUE CHECK (key ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    kind               text NOT NULL CHECK (kind IN ('compound', 'casino', 'hospital', 'other')),
    name               text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 300),
    -- a point, or the precinct's polygon
    geom               geometry(Geometry, 4326) NOT NULL
                       CHECK (GeometryType(geom) IN ('POINT', 'POLYGON') AND ST_IsValid(geom)),
    location_precision text NOT NULL
                       CHECK (location_precision IN ('exact', 'approximate', 'town', 'province', 'country')),
    country            char(3) NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
    -- computed by site_province() from the boundaries, never given
    province           text,
    -- the province a caller below analyst level sees: of a sensitive site, from its generalised cell
    province_public    text,
    sensitive          boolean NOT NULL DEFAULT false,
    operators          text[] NOT NULL DEFAULT '{}'
                       CHECK (array_position(operators, NULL) IS NULL AND cardinality(operators) <= 50),
    description        text CHECK (length(description) <= 20000),
    -- the geometry as shown below analyst level: a sensitive site at the centre of its 0.25° cell, never a polygon
    geom_public        geometry(Geometry, 4326)
                       GENERATED ALWAYS AS (CASE WHEN sensitive THEN generalised_location(geom) ELSE geom END) STORED,
    version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by         text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_geom_idx ON site USING gist (geom);
CREATE INDEX site_geom_public_idx ON site USING gist (geom_public);
CREATE INDEX site_province_idx ON site (province);

-- Province of a site, like an incident's computed one (V2, V6, V15): the boundary covering its point (a polygon's
-- representative point); none for a site placed at a country's point; a sensitive site's public province comes
-- from the centre of its generalised cell, never from its true point.
CREATE FUNCTION site_province() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    NEW.province := CASE WHEN NEW.location_precision = 'country' THEN NULL ELSE boundary_code_covering(NEW.geom) END;
    NEW.province_public := CASE WHEN NOT NEW.sensitive THEN NEW.province
                                WHEN NEW.location_precision = 'country' THEN NULL
                                ELSE boundary_code_covering(generalised_location(NEW.geom)) END;
    RETURN NEW;
END
$$;
CREATE TRIGGER site_province BEFORE INSERT OR UPDATE ON site FOR EACH ROW EXECUTE FUNCTION site_province();

-- A new boundary set recomputes every site's province (incidents: BoundaryImporter updates them itself).
CREATE FUNCTION site_province_after_boundaries() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE site SET geom = geom;
    RETURN NULL;
END
$$;
CREATE TRIGGER site_province_after_boundaries AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON boundary
    FOR EACH STATEMENT EXECUTE FUNCTION site_province_after_boundaries();

-- Other names of a site, in any script; searched through the gazetteer's normalisation (gazetteer_key), so
-- 金边, ភ្នំពេញ and Phnom Penh each find a site that lists them.
CREATE TABLE site_alias (
    site_id    bigint NOT NULL REFERENCES site (id) ON DELETE CASCADE,
    position   smallint NOT NULL,
    name       text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 300),
    language   text CHECK (language ~ '^[a-z]{2,3}$'),
    search_key text NOT NULL GENERATED ALWAYS AS (gazetteer_key(name)) STORED,
    PRIMARY KEY (site_id, position)
);
CREATE INDEX site_alias_search_key_idx ON site_alias (search_key);

-- The lifecycle: dated states, in time order by start_date (then id).
CREATE TABLE site_state (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id        bigint NOT NULL REFERENCES site (id) ON DELETE CASCADE,
    state          text NOT NULL CHECK (state IN ('reported', 'operating', 'raided', 'closed', 'reopened')),
    start_date     date NOT NULL,
    date_precision text NOT NULL CHECK (date_precision IN ('day', 'month', 'year')),
    note           text CHECK (length(note) <= 5000)
);
CREATE INDEX site_state_site_idx ON site_state (site_id, start_date, id);

-- Where a state was reported: the columns of incident_source, plus the Admiralty (NATO) rating of the source
-- (reliability A–F) and of the information (credibility 1–6), both unknown when null.
CREATE TABLE site_state_source (
    state_id       bigint NOT NULL REFERENCES site_state (id) ON DELETE CASCADE,
    position       smallint NOT NULL,
    outlet         text NOT NULL CHECK (btrim(outlet) <> ''),
    url            text CHECK (url ~* '^https?://'),
    published_date date,
    language       text CHECK (language ~ '^[a-z]{2,3}$'),
    reliability    char(1) CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    credibility    smallint CHECK (credibility BETWEEN 1 AND 6),
    PRIMARY KEY (state_id, position)
);

-- A site's lifecycle as one date range: from its first state's start to the start of a closing state that no
-- later state reopens (open-ended while operating); no states: always. A site is in a time window [from, to]
-- when this range overlaps it. (No fixed search_path: a viewer's call reads the generalised site_state.)
CREATE FUNCTION site_period(site_id bigint) RETURNS daterange
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN count(*) = 0 THEN daterange(NULL, NULL, '[]')
                ELSE daterange(min(st.start_date),
                               CASE WHEN (array_agg(st.state ORDER BY st.start_date DESC, st.id DESC))[1] = 'closed'
                                    THEN max(st.start_date) END, '[]') END
    FROM site_state st WHERE st.site_id = site_period.site_id
$$;
