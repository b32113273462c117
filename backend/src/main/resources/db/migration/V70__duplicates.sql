-- Duplicates (issue 14 point 4): candidate pairs, merges that can be undone, pairs kept apart.
--
-- A merge moves the merged incident out of table incident (so every list, count, summary table, tile, export and
-- generalised view that reads incident forgets it through the triggers already there) and keeps it whole here: the
-- row as it was (every column, generated ones aside), its sources, and the survivor's row and sources before the
-- merge. Undo puts both back from these snapshots. No column is added to incident or incident_source.

CREATE TABLE incident_merge (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survivor_id            bigint NOT NULL,
    merged_id              bigint NOT NULL,
    merged_at              timestamptz NOT NULL DEFAULT now(),
    merged_by              text NOT NULL,
    -- the fields (Feature names) the survivor took from the merged incident
    taken_fields           text[] NOT NULL DEFAULT '{}',
    -- to_jsonb(row) of incident, geometry as hex EWKB (exact), and to_jsonb of each incident_source row by position
    merged_row             jsonb NOT NULL,
    merged_sources         jsonb NOT NULL,
    -- the merged incident as the API showed it (for people reading the record)
    merged_feature         jsonb NOT NULL,
    survivor_row_before    jsonb NOT NULL,
    survivor_sources_before jsonb NOT NULL,
    -- the survivor's version the merge left it at: undo refuses when it was edited since
    survivor_version_after integer NOT NULL,
    undone_at              timestamptz,
    undone_by              text,
    CHECK (survivor_id <> merged_id)
);
-- one live merge per merged incident (an undone one may be followed by another)
CREATE UNIQUE INDEX incident_merge_merged_live_idx ON incident_merge (merged_id) WHERE undone_at IS NULL;
CREATE INDEX incident_merge_survivor_idx ON incident_merge (survivor_id);
CREATE INDEX incident_merge_recent_idx ON incident_merge (merged_at DESC);

-- Pairs an analyst decided are different events: never proposed again. Lower id first.
CREATE TABLE incident_kept_apart (
    low_id     bigint NOT NULL,
    high_id    bigint NOT NULL,
    decided_at timestamptz NOT NULL DEFAULT now(),
    decided_by text NOT NULL,
    PRIMARY KEY (low_id, high_id),
    CHECK (low_id < high_id)
);

-- History of the merged incident: 'merge' when it leaves (before = its Feature), 'restore' when an undo brings it back.
ALTER TABLE incident_history DROP CONSTRAINT incident_history_action_check;
ALTER TABLE incident_history ADD CONSTRAINT incident_history_action_check
    CHECK (action IN ('create', 'update', 'delete', 'merge', 'restore'));

-- Place names near an incident are looked up for each title compared.
CREATE INDEX IF NOT EXISTS gazetteer_place_geom_idx ON gazetteer_place USING gist (geom);
-- Candidate pairs join each incident to those near it in space and time: one index for both (dense towns hold
-- thousands of incidents within 5 km, long-running compounds overlap every window; either alone reads thousands).
CREATE INDEX incident_geom_period_idx ON incident USING gist (geom, daterange(start_date, end_date, '[]'));

-- The word that stands for a place in a normalised title: its key in upper case when the key is a plain word
-- (the hand-made aliases: SIHANOUKVILLE), else G and 12 hex digits of its md5 (GeoNames keys hold spaces and ':').
CREATE FUNCTION duplicate_place_token(place_key text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = public, pg_temp
    RETURN CASE WHEN place_key ~ '^[a-z0-9_]+$' THEN upper(place_key) ELSE 'G' || upper(left(md5(place_key), 12)) END;

/*
 * A title as duplicate detection compares it: gazetteer_key() of the title (NFKC, lower case, no accents, no spaces
 * or punctuation) in which every gazetteer name of a place within about 100 km of the incident is replaced by that
 * place's token (duplicate_place_token) between spaces, longest names first. So "Raid in Sihanoukville" and "突袭西哈努克" near
 * Sihanoukville become "raidin SIHANOUKVILLE " and "突袭 SIHANOUKVILLE ", whose trigrams meet on the place. Latin
 * names shorter than 4 characters are ignored (they occur inside words); names in other scripts count from 2.
 */
CREATE FUNCTION duplicate_title_key(title text, g geometry) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = public, pg_temp AS $$
DECLARE
    base  constant text := gazetteer_key(title);
    key   text := base;
    place record;
BEGIN
    IF key IS NULL OR g IS NULL THEN
        RETURN key;
    END IF;
    FOR place IN
        SELECT s.search_key, s.token FROM (
            SELECT DISTINCT ON (p.search_key) p.search_key, duplicate_place_token(p.place_key) AS token
            FROM gazetteer_place p
            WHERE p.geom && ST_Expand(ST_Envelope(g), 1.0)
              AND length(p.search_key) >= CASE WHEN p.search_key ~ '^[ -~]*$' THEN 4 ELSE 2 END
              AND strpos(base, p.search_key) > 0
            ORDER BY p.search_key, (p.source = 'alias') DESC, p.place_key) s
        ORDER BY length(s.search_key) DESC, s.search_key
    LOOP
        key := replace(key, place.search_key, ' ' || place.token || ' ');
    END LOOP;
    RETURN key;
END $$;

-- The place tokens of a duplicate_title_key(), e.g. {SIHANOUKVILLE}.
CREATE FUNCTION duplicate_title_places(key text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = public, pg_temp
    RETURN ARRAY(SELECT DISTINCT m[1] FROM regexp_matches(key, ' ([A-Z0-9_]+) ', 'g') AS m ORDER BY 1);

/*
 * Puts an incident row back from its to_jsonb() snapshot (geometry as hex EWKB): same id and every stored column.
 * Generated columns are left to be generated; a province that was computed is computed again (given as NULL) so the
 * province triggers give it back its source 'computed'. The column list is read from the catalogue, so columns
 * added later are restored too.
 */
CREATE FUNCTION incident_restore_row(snapshot jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path = public, pg_temp AS $$
DECLARE
    columns text;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns
    FROM pg_attribute
    WHERE attrelid = 'public.incident'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
    EXECUTE 'INSERT INTO incident (' || columns || ') OVERRIDING SYSTEM VALUE SELECT ' || columns
         || ' FROM jsonb_populate_record(NULL::incident, $1)'
        USING CASE WHEN snapshot ->> 'province_source' = 'given' THEN snapshot
                   ELSE snapshot || '{"province": null}' END;
END $$;

-- The snapshot incident_restore_row() reads: the row with its geometry as hex EWKB (GeoJSON would round it).
CREATE FUNCTION incident_row_snapshot(id bigint) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path = public, pg_temp
    RETURN (SELECT to_jsonb(i) - 'geom_public' - 'outside_boundaries_public'
                   || jsonb_build_object('geom', encode(ST_AsEWKB(i.geom), 'hex'))
            FROM incident i WHERE i.id = incident_row_snapshot.id);

-- The sources of an incident as to_jsonb() rows in position order ('[]' when none).
CREATE FUNCTION incident_sources_snapshot(id bigint) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path = public, pg_temp
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.position), '[]')
            FROM incident_source s WHERE s.incident_id = incident_sources_snapshot.id);
