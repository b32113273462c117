-- Editing incidents (versions, history, deleted incidents kept aside) and the gazetteer used to geocode place names.

-- ---------------------------------------------------------------------------------------------------------------
-- Editing

-- Optimistic locking: every update adds one; an edit names the version it started from.
ALTER TABLE incident ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
-- Hash of the record as last written (properties, geometry, sources): a re-import of an unchanged row is a no-op.
ALTER TABLE incident ADD COLUMN content_hash text;
-- An incident placed by a country name only (e.g. "repatriated from Myanmar").
ALTER TABLE incident DROP CONSTRAINT incident_location_precision_check;
ALTER TABLE incident ADD CONSTRAINT incident_location_precision_check
    CHECK (location_precision IN ('exact', 'approximate', 'town', 'province', 'country'));

-- Deleted incidents leave the incident table, so every query FROM incident sees live incidents only. Their last
-- state is kept here as the Feature the API returned, and in incident_history.
CREATE TABLE incident_deleted (
    id          bigint PRIMARY KEY,
    external_id text,
    version     integer NOT NULL,
    deleted_at  timestamptz NOT NULL DEFAULT now(),
    feature     jsonb NOT NULL
);
CREATE INDEX incident_deleted_external_id_idx ON incident_deleted (external_id);

-- One row per create, update or delete: the Feature before and after (null before a create, after a delete).
-- Who made the change is for the accounts issue: it adds a changed_by column.
CREATE TABLE incident_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id bigint NOT NULL,
    action      text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    version     integer NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    import_id   bigint,
    before      jsonb,
    after       jsonb
);
CREATE INDEX incident_history_incident_idx ON incident_history (incident_id, id);

-- Reports of imports, kept so the rejected rows can be downloaded later.
CREATE TABLE import_report (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at   timestamptz NOT NULL DEFAULT now(),
    file_name    text,
    format       text NOT NULL CHECK (format IN ('csv', 'geojson')),
    mode         text NOT NULL CHECK (mode IN ('all-or-nothing', 'accept-valid')),
    committed    boolean NOT NULL,
    report       jsonb NOT NULL,
    rejected_csv text
);

-- ---------------------------------------------------------------------------------------------------------------
-- Gazetteer

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The search key of a place name: NFKC, lower case, accents removed, spaces and punctuation dropped, so that
-- O'Smach, O Smach, o’smach and OSMACH are one key. Scripts without case or accents (Khmer, Thai, Chinese) pass
-- through unchanged apart from spaces and punctuation.
CREATE FUNCTION gazetteer_key(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, normalize(name, NFKC))),
                          '[[:space:]''’‘`´.,_/()"“”·:;!?&+-]+', '', 'g');

-- GeoNames admin1 codes of Cambodia → ISO 3166-2 (data/gazetteer/README.md); other countries have no mapping yet.
CREATE TABLE geonames_admin1_iso (
    country char(3) NOT NULL,
    admin1  text NOT NULL,
    iso     text NOT NULL,
    name    text NOT NULL,
    PRIMARY KEY (country, admin1)
);
INSERT INTO geonames_admin1_iso (country, admin1, iso, name) VALUES
    ('KHM', '25', 'KH-1', 'Banteay Meanchey'), ('KHM', '29', 'KH-2', 'Battambang'),
    ('KHM', '02', 'KH-3', 'Kampong Cham'),     ('KHM', '03', 'KH-4', 'Kampong Chhnang'),
    ('KHM', '04', 'KH-5', 'Kampong Speu'),     ('KHM', '05', 'KH-6', 'Kampong Thom'),
    ('KHM', '21', 'KH-7', 'Kampot'),           ('KHM', '07', 'KH-8', 'Kandal'),
    ('KHM', '08', 'KH-9', 'Koh Kong'),         ('KHM', '09', 'KH-10', 'Kratie'),
    ('KHM', '10', 'KH-11', 'Mondulkiri'),      ('KHM', '22', 'KH-12', 'Phnom Penh'),
    ('KHM', '13', 'KH-13', 'Preah Vihear'),    ('KHM', '14', 'KH-14', 'Prey Veng'),
    ('KHM', '12', 'KH-15', 'Pursat'),          ('KHM', '23', 'KH-16', 'Ratanakiri'),
    ('KHM', '24', 'KH-17', 'Siem Reap'),       ('KHM', '28', 'KH-18', 'Preah Sihanouk'),
    ('KHM', '17', 'KH-19', 'Stung Treng'),     ('KHM', '18', 'KH-20', 'Svay Rieng'),
    ('KHM', '19', 'KH-21', 'Takeo'),           ('KHM', '27', 'KH-22', 'Oddar Meanchey'),
    ('KHM', '26', 'KH-23', 'Kep'),             ('KHM', '30', 'KH-24', 'Pailin'),
    ('KHM', '31', 'KH-25', 'Tbong Khmum');

-- Every name of every place: the hand-made aliases (source 'alias') and the GeoNames populated places ('geonames').
-- Loaded from data/gazetteer by GazetteerLoader; reloaded when those files change.
CREATE TABLE gazetteer_place (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text NOT NULL CHECK (source IN ('alias', 'geonames')),
    place_key    text NOT NULL,  -- groups the names of one place
    display_name text NOT NULL,  -- the place's usual name (first alias of its key; the GeoNames name)
    name         text NOT NULL,  -- this name, as written
    search_key   text NOT NULL,  -- gazetteer_key(name)
    script       text,
    lang         text,
    country      char(3) NOT NULL,
    province     text,           -- ISO 3166-2 where known
    precision    text NOT NULL CHECK (precision IN ('town', 'province', 'country')),
    note         text,
    geom         geometry(Point, 4326) NOT NULL
);
CREATE INDEX gazetteer_place_search_key_idx ON gazetteer_place (search_key text_pattern_ops);
CREATE INDEX gazetteer_place_search_trgm_idx ON gazetteer_place USING gin (search_key gin_trgm_ops);
