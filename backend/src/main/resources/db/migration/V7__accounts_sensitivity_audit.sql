-- Accounts and roles, sensitive incidents with their generalised view, and the append-only audit trail.

CREATE TABLE account (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9._@-]{3,64}$'),
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    enabled       boolean NOT NULL DEFAULT true,
    failed_logins integer NOT NULL DEFAULT 0,
    locked_until  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Bearer tokens for scripts; only a SHA-256 of each token is kept.
CREATE TABLE api_token (
    token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz
);

CREATE TABLE audit_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text NOT NULL,
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   text,
    before      jsonb,
    after       jsonb,
    detail      jsonb,
    remote_addr text
);
CREATE INDEX audit_event_at_idx ON audit_event (at);

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

-- Categories whose aggregates are suppressed below a threshold for viewers (victims in hospital).
ALTER TABLE category ADD COLUMN sensitive boolean NOT NULL DEFAULT false;
UPDATE category SET sensitive = true WHERE key = 'hospital_admission';

-- A sensitive incident is shown below analyst level at a generalised location: the centre of the 0.25° grid
-- cell (about 27 km) holding a point of it. Deterministic, so repeated requests cannot be averaged back.
CREATE FUNCTION generalised_location(g geometry) RETURNS geometry
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ST_SetSRID(ST_MakePoint(floor(ST_X(p) / 0.25) * 0.25 + 0.125, floor(ST_Y(p) / 0.25) * 0.25 + 0.125), 4326)
    FROM (SELECT ST_PointOnSurface(g) AS p) AS s
$$;

ALTER TABLE incident ADD COLUMN sensitive boolean NOT NULL DEFAULT false;
-- the account that created the incident; set by the server, never by a client
ALTER TABLE incident ADD COLUMN created_by text;
ALTER TABLE incident ADD COLUMN geom_public geometry(Geometry, 4326)
    GENERATED ALWAYS AS (CASE WHEN sensitive THEN generalised_location(geom) ELSE geom END) STORED;
CREATE INDEX incident_geom_public_idx ON incident USING gist (geom_public);

-- Requests below analyst level run as this role with search_path "generalised, public": the views of the
-- generalised schema shadow the tables of the same name, and the tables themselves are out of its reach.
-- On an external PostgreSQL whose app user may not create roles, a DBA runs the two statements beforehand:
--   CREATE ROLE mapper_generalised NOLOGIN; GRANT mapper_generalised TO <app user>;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mapper_generalised') THEN
        CREATE ROLE mapper_generalised NOLOGIN;
    END IF;
    IF NOT pg_has_role(current_user, 'mapper_generalised', 'MEMBER') THEN
        GRANT mapper_generalised TO CURRENT_USER;
    END IF;
END $$;
CREATE SCHEMA generalised;
GRANT USAGE ON SCHEMA generalised TO mapper_generalised;
GRANT USAGE ON SCHEMA public TO mapper_generalised;
-- what viewers export is audited too; they may add events but never read them
GRANT INSERT ON audit_event TO mapper_generalised;

/*
 * (Re)builds the generalised views from the current columns of incident and incident_source, so a column added
 * later is passed through as it is. The columns that reveal a sensitive incident are replaced here, and only here:
 * geometry, description, location name and precision, source URLs; and who created an incident is never shown
 * below analyst level. Run after every migration (afterMigrate.sql).
 */
CREATE FUNCTION refresh_generalised_views() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    incident_columns text;
    source_columns   text;
    readable         text;
BEGIN
    SELECT string_agg(CASE attname
               WHEN 'geom' THEN 'i.geom_public AS geom'
               WHEN 'description' THEN 'CASE WHEN i.sensitive THEN NULL ELSE i.description END AS description'
               WHEN 'location_name' THEN 'CASE WHEN i.sensitive THEN NULL ELSE i.location_name END AS location_name'
               WHEN 'location_precision'
                   THEN 'CASE WHEN i.sensitive THEN ''approximate'' ELSE i.location_precision END AS location_precision'
               WHEN 'created_by' THEN 'CAST(NULL AS text) AS created_by'
               ELSE 'i.' || quote_ident(attname) END, ', ' ORDER BY attnum)
      INTO incident_columns
      FROM pg_attribute
     WHERE attrelid = 'public.incident'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'geom_public';
    SELECT string_agg(CASE attname
               WHEN 'url' THEN 'CASE WHEN i.sensitive THEN NULL ELSE s.url END AS url'
               ELSE 's.' || quote_ident(attname) END, ', ' ORDER BY attnum)
      INTO source_columns
      FROM pg_attribute
     WHERE attrelid = 'public.incident_source'::regclass AND attnum > 0 AND NOT attisdropped;
    DROP VIEW IF EXISTS generalised.incident;
    DROP VIEW IF EXISTS generalised.incident_source;
    EXECUTE 'CREATE VIEW generalised.incident AS SELECT ' || incident_columns || ' FROM public.incident i';
    EXECUTE 'CREATE VIEW generalised.incident_source AS SELECT ' || source_columns
         || ' FROM public.incident_source s JOIN public.incident i ON i.id = s.incident_id';
    GRANT SELECT ON generalised.incident, generalised.incident_source TO mapper_generalised;
    -- tables holding nothing sensitive are readable as they are
    FOR readable IN
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm')
           AND c.relname IN ('category', 'boundary', 'dataset_load', 'spatial_ref_sys', 'place', 'place_alias',
                             'gazetteer_place', 'gazetteer_alias', 'geonames_admin1_iso')
    LOOP
        EXECUTE format('GRANT SELECT ON public.%I TO mapper_generalised', readable);
    END LOOP;
END $$;

-- An aggregate count as the caller may see it: for a sensitive category, a count below the threshold in the
-- session setting mapper.min_count (set for generalised callers, see Visibility) is withheld as NULL, so a single
-- victim cannot be singled out. With no threshold set, every count is shown.
CREATE FUNCTION visible_count(n bigint, sensitive boolean) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN sensitive AND n > 0 AND n < coalesce(nullif(current_setting('mapper.min_count', true), '')::int, 0)
                THEN NULL ELSE n END
$$;
