-- What callers below analyst level (viewers, anonymous visitors) may see, decided in one place:
--   1. generalised_column: a decision for every column of incident and incident_source (an allow-list); the
--      generalised views are built from it and refuse to build while a column has none.
--   2. province_public / province_computed_public / outside_boundaries_public: the province a viewer sees, taken
--      from the generalised location of a sensitive incident, never from its true point.
--   3. The disclosure policy for sensitive categories (category.sensitive, e.g. hospital admissions): their
--      incidents are never listed below analyst level; they only enter aggregates through counted_incident, in
--      whole cells (category × country × public province × start month) of at least k incidents (visible_count).
-- README "Disclosure policy" is the user-facing statement of the same rules.

-- ---------------------------------------------------------------------------------------------------------------
-- 2. The province a viewer sees

ALTER TABLE incident ADD COLUMN province_public text;
ALTER TABLE incident ADD COLUMN province_computed_public text;
ALTER TABLE incident ADD COLUMN outside_boundaries_public boolean
    GENERATED ALWAYS AS (province_computed_public IS NULL) STORED;
CREATE INDEX incident_province_public_idx ON incident (province_public);

-- Runs after incident_province_1_given and _2_computed (triggers fire in name order), on every insert and update
-- (boundary replacement updates every row): a sensitive incident's public province is the boundary covering the
-- centre of its generalised cell, whatever province was given or computed from the true point; any other
-- incident's public province is its province.
CREATE FUNCTION incident_province_public() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.sensitive THEN
        NEW.province_computed_public := boundary_code_covering(generalised_location(NEW.geom));
        NEW.province_public := CASE WHEN NEW.location_precision = 'country' THEN NULL
                                    ELSE NEW.province_computed_public END;
    ELSE
        NEW.province_computed_public := NEW.province_computed;
        NEW.province_public := NEW.province;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER incident_province_3_public BEFORE INSERT OR UPDATE ON incident
    FOR EACH ROW EXECUTE FUNCTION incident_province_public();
UPDATE incident SET province_public = province;  -- fires the trigger on rows that exist already

-- ---------------------------------------------------------------------------------------------------------------
-- Thresholds fail closed: a session of the generalised role without mapper.min_count (a child process that forgot
-- it, say) gets k = 11, never 0.
CREATE OR REPLACE FUNCTION visible_count(n bigint, sensitive boolean) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN sensitive AND n > 0 AND n < coalesce(nullif(current_setting('mapper.min_count', true), '')::int,
                                                          CASE WHEN current_user = 'mapper_generalised' THEN 11 ELSE 0 END)
                THEN NULL ELSE n END
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- 1. The allow-list

/*
 * One row per column of incident and incident_source: what a caller below analyst level gets of it.
 *   pass      the value as it is (for every incident)
 *   replace   viewer_expression instead (SQL over alias i = public.incident, s = public.incident_source)
 *   withhold  NULL for every incident
 * A migration that adds a column adds its row here in the same file; refresh_generalised_views() refuses to build
 * the views while a column has none, so a new column is never passed through by default.
 */
CREATE TABLE generalised_column (
    relation          text NOT NULL CHECK (relation IN ('incident', 'incident_source')),
    column_name       text NOT NULL,
    decision          text NOT NULL CHECK (decision IN ('pass', 'replace', 'withhold')),
    viewer_expression text CHECK ((decision = 'replace') = (viewer_expression IS NOT NULL)),
    reason            text NOT NULL,
    PRIMARY KEY (relation, column_name)
);

INSERT INTO generalised_column (relation, column_name, decision, viewer_expression, reason) VALUES
    ('incident', 'id', 'pass', NULL, 'a sequence number, derived from nothing'),
    ('incident', 'external_id', 'replace', 'CASE WHEN i.sensitive THEN NULL ELSE i.external_id END',
        'of a sensitive incident it may be a hash of its source URL, date and place (or a record number): withheld'),
    ('incident', 'category', 'pass', NULL, 'shown; sensitive categories are not listed at all (row filter)'),
    ('incident', 'title', 'pass', NULL, 'written to be shown'),
    ('incident', 'description', 'replace', 'CASE WHEN i.sensitive THEN NULL ELSE i.description END',
        'may name the place or the people'),
    ('incident', 'start_date', 'pass', NULL, 'shown'),
    ('incident', 'end_date', 'pass', NULL, 'shown'),
    ('incident', 'date_precision', 'pass', NULL, 'shown'),
    ('incident', 'geom', 'replace', 'i.geom_public', 'a sensitive incident is at the centre of its 0.25° cell'),
    ('incident', 'location_name', 'replace', 'CASE WHEN i.sensitive THEN NULL ELSE i.location_name END',
        'names the place'),
    ('incident', 'location_precision', 'replace',
        'CASE WHEN i.sensitive THEN ''approximate'' ELSE i.location_precision END', 'the cell is approximate'),
    ('incident', 'country', 'pass', NULL, 'given by the writer, not derived from the point'),
    ('incident', 'province', 'replace', 'i.province_public', 'of a sensitive incident: from its generalised cell'),
    ('incident', 'province_source', 'replace',
        'CASE WHEN NOT i.sensitive THEN i.province_source WHEN i.province_public IS NULL THEN ''none'' ELSE ''computed'' END',
        'a sensitive incident''s public province is always computed from its cell'),
    ('incident', 'province_computed', 'replace', 'i.province_computed_public',
        'outsideBoundaries is read from it: from the cell for a sensitive incident'),
    ('incident', 'victims_count', 'pass', NULL, 'shown'),
    ('incident', 'victim_nationalities', 'pass', NULL, 'shown'),
    ('incident', 'status', 'pass', NULL, 'shown'),
    ('incident', 'created_at', 'pass', NULL, 'shown'),
    ('incident', 'updated_at', 'pass', NULL, 'shown'),
    ('incident', 'version', 'pass', NULL, 'a counter'),
    ('incident', 'content_hash', 'withhold', NULL, 'a hash of every field, hidden ones included'),
    ('incident', 'sensitive', 'pass', NULL, 'tells the viewer the location is generalised'),
    ('incident', 'created_by', 'withhold', NULL, 'who records what is never shown below analyst level'),
    ('incident', 'geom_public', 'pass', NULL, 'public by construction'),
    ('incident', 'province_public', 'pass', NULL, 'public by construction'),
    ('incident', 'province_computed_public', 'pass', NULL, 'public by construction'),
    ('incident', 'outside_boundaries_public', 'pass', NULL, 'public by construction'),
    ('incident_source', 'incident_id', 'pass', NULL, 'the incident''s id'),
    ('incident_source', 'position', 'pass', NULL, 'order of sources'),
    ('incident_source', 'outlet', 'pass', NULL, 'the outlet, not the article'),
    ('incident_source', 'url', 'replace', 'CASE WHEN i.sensitive THEN NULL ELSE s.url END',
        'the article locates the incident'),
    ('incident_source', 'published_date', 'pass', NULL, 'shown'),
    ('incident_source', 'language', 'pass', NULL, 'shown');

-- The columns of one relation as the generalised view selects them, in table order; raises when one has no
-- decision (the message names the column and where to decide).
CREATE FUNCTION generalised_select_list(rel text, table_alias text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    undecided text;
    list      text;
BEGIN
    SELECT string_agg(a.attname, ', ' ORDER BY a.attnum) INTO undecided
      FROM pg_attribute a
     WHERE a.attrelid = ('public.' || rel)::regclass AND a.attnum > 0 AND NOT a.attisdropped
       AND NOT EXISTS (SELECT 1 FROM generalised_column d WHERE d.relation = rel
                                                            AND d.column_name = a.attname);
    IF undecided IS NOT NULL THEN
        RAISE EXCEPTION 'column(s) % of % have no generalisation decision', undecided, rel
            USING HINT = 'add a row to generalised_column (pass, replace or withhold) in the migration that adds it';
    END IF;
    SELECT string_agg(CASE d.decision
               WHEN 'pass' THEN table_alias || '.' || quote_ident(a.attname)
               WHEN 'replace' THEN '(' || d.viewer_expression || ') AS ' || quote_ident(a.attname)
               ELSE 'CAST(NULL AS ' || format_type(a.atttypid, a.atttypmod) || ') AS ' || quote_ident(a.attname) END,
               ', ' ORDER BY a.attnum) INTO list
      FROM pg_attribute a
      JOIN generalised_column d ON d.relation = rel AND d.column_name = a.attname
     WHERE a.attrelid = ('public.' || rel)::regclass AND a.attnum > 0 AND NOT a.attisdropped;
    RETURN list;
END $$;

-- Whether incidents of this category may be listed one by one below analyst level (not: a sensitive category).
CREATE FUNCTION category_listed_below_analyst(key text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT NOT coalesce((SELECT c.sensitive FROM public.category c WHERE c.key = category_listed_below_analyst.key), true)
$$;

/*
 * (Re)builds, from generalised_column and the disclosure policy:
 *   generalised.incident, generalised.incident_source  what viewers read instead of the tables: every column as
 *       decided, and only incidents of categories that may be listed (a sensitive category's are not);
 *   public.counted_incident, generalised.counted_incident  what aggregates count (categories, provinces, timeline,
 *       spread): for analysts every incident as it is; for viewers the listed ones as in generalised.incident plus
 *       the sensitive categories' incidents in cells (category × country × public province × start month): a cell
 *       of at least k incidents (visible_count) gives k identical rows (no id, no text, the month as their period,
 *       the province's representative point as geometry), a smaller one a single row marked withheld. Every filter
 *       therefore keeps or drops whole cells, so no count, difference of counts or date is finer than a cell.
 * Run after every migration (afterMigrate.sql).
 */
CREATE OR REPLACE FUNCTION refresh_generalised_views() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    readable text;
    counted  constant text := 'id, category, title, description, location_name, start_date, end_date, geom, '
                              || 'province, country, withheld';
BEGIN
    DROP VIEW IF EXISTS generalised.counted_incident;
    DROP VIEW IF EXISTS public.counted_incident;
    DROP VIEW IF EXISTS generalised.incident;
    DROP VIEW IF EXISTS generalised.incident_source;
    EXECUTE 'CREATE VIEW generalised.incident AS SELECT ' || generalised_select_list('incident', 'i')
         || ' FROM public.incident i WHERE category_listed_below_analyst(i.category)';
    EXECUTE 'CREATE VIEW generalised.incident_source AS SELECT ' || generalised_select_list('incident_source', 's')
         || ' FROM public.incident_source s JOIN public.incident i ON i.id = s.incident_id'
         || ' WHERE category_listed_below_analyst(i.category)';
    EXECUTE 'CREATE VIEW public.counted_incident (' || counted || ') AS'
         || ' SELECT id, category, title, description, location_name, start_date, end_date, geom, province, country,'
         || ' false FROM public.incident';
    EXECUTE 'CREATE VIEW generalised.counted_incident (' || counted || ') AS'
         || ' SELECT id, category, title, description, location_name, start_date, end_date, geom, province, country,'
         || ' false FROM generalised.incident'
         || ' UNION ALL'
         || ' SELECT NULL, c.category, NULL, NULL, NULL, c.month, CAST(c.month + interval ''1 month'' AS date) - 1,'
         || '   (SELECT ST_PointOnSurface(b.geom) FROM public.boundary b WHERE b.code = c.province),'
         || '   c.province, c.country, w.withheld'
         || ' FROM (SELECT i.category, i.country, i.province_public AS province,'
         || '         CAST(date_trunc(''month'', i.start_date) AS date) AS month, count(*) AS n'
         || '       FROM public.incident i WHERE NOT category_listed_below_analyst(i.category)'
         || '       GROUP BY 1, 2, 3, 4) c'
         || ' CROSS JOIN LATERAL (SELECT visible_count(c.n, true) IS NULL AS withheld) w'
         || ' CROSS JOIN LATERAL generate_series(1, CASE WHEN w.withheld THEN 1 ELSE c.n END) AS copies';
    GRANT SELECT ON generalised.incident, generalised.incident_source, generalised.counted_incident
        TO mapper_generalised;
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
