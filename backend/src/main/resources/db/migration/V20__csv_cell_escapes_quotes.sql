-- A CSV cell the export escaped is unescaped by the importer (a leading ' before =, +, -, @, a tab or a carriage
-- return is dropped). So that this is exact, a cell that itself begins with ' is escaped too: '' + the rest.
CREATE OR REPLACE FUNCTION export_csv_cell(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^[=+@\t\r''-]' THEN '''' || value ELSE value END
$$;
