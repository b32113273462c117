-- Incidents, their categories and sources. Geometry is EPSG:4326, lon/lat.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE category (
    key        text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]*$'),
    label      text NOT NULL,
    colour     text NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
    -- true: the incident lasts a period (a compound operating); false: a one-off event (a raid)
    is_period  boolean NOT NULL,
    sort_order int NOT NULL
);

INSERT INTO category (key, label, colour, is_period, sort_order) VALUES
    ('compound',           'Scam compound',       '#d62728', true,  1),
    ('hospital_admission', 'Hospital admission',  '#9467bd', false, 2),
    ('border_town',        'Border casino town',  '#ff7f0e', true,  3),
    ('raid',               'Raid or crackdown',   '#1f77b4', false, 4),
    ('rescue',             'Rescue or repatriation', '#2ca02c', false, 5);

CREATE TABLE incident (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id          text UNIQUE,
    category             text NOT NULL REFERENCES category (key),
    title                text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 500),
    description          text CHECK (length(description) <= 20000),
    start_date           date NOT NULL,
    end_date             date CHECK (end_date >= start_date),  -- null: still running
    date_precision       text NOT NULL CHECK (date_precision IN ('day', 'month', 'year')),
    geom                 geometry(Geometry, 4326) NOT NULL
                         CHECK (GeometryType(geom) IN ('POINT', 'POLYGON', 'MULTIPOLYGON') AND ST_IsValid(geom)),
    location_name        text,
    location_precision   text NOT NULL CHECK (location_precision IN ('exact', 'approximate', 'town', 'province')),
    country              char(3) NOT NULL CHECK (country ~ '^[A-Z]{3}$'),
    province             text CHECK (province ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'),
    victims_count        integer CHECK (victims_count >= 0),
    victim_nationalities char(3)[] NOT NULL DEFAULT '{}',
    status               text NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'verified', 'disputed')),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX incident_geom_idx ON incident USING gist (geom);
-- serves "period overlaps [from, to]": daterange(start_date, end_date, '[]') && daterange(from, to, '[]')
CREATE INDEX incident_period_idx ON incident USING gist (daterange(start_date, end_date, '[]'));
CREATE INDEX incident_category_idx ON incident (category);

CREATE TABLE incident_source (
    incident_id    bigint NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    position       smallint NOT NULL,
    outlet         text NOT NULL CHECK (btrim(outlet) <> ''),
    url            text CHECK (url ~* '^https?://'),
    published_date date,
    language       text CHECK (language ~ '^[a-z]{2,3}$'),
    PRIMARY KEY (incident_id, position)
);

-- Files of sample or reference data loaded once, so a restart does not load them again.
CREATE TABLE dataset_load (
    name      text PRIMARY KEY,
    sha256    text NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
