-- Helpers for exports whose SQL ogr2ogr runs (org.incidentmapper.export).

-- value cut to at most max_bytes bytes of UTF-8, never inside a character: the limit of a DBF text field is in
-- bytes (254), and a cut through a Khmer or Chinese character would leave an invalid byte sequence.
CREATE FUNCTION export_cut(value text, max_bytes integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    bytes bytea;
    cut integer := max_bytes;
BEGIN
    IF octet_length(value) <= max_bytes THEN
        RETURN value;
    END IF;
    bytes := convert_to(value, 'UTF8');
    -- get_byte is 0-based, so byte cut is the first one left out; step back while it continues a character
    WHILE cut > 0 AND (get_byte(bytes, cut) & 192) = 128 LOOP
        cut := cut - 1;
    END LOOP;
    RETURN convert_from(substring(bytes FROM 1 FOR cut), 'UTF8');
END
$$;

-- value made safe for a spreadsheet cell: text beginning with =, +, -, @, a tab or a carriage return gets a leading
-- single quote, so Excel, LibreOffice and Google Sheets show it instead of running it as a formula.
CREATE FUNCTION export_csv_cell(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^[=+@\t\r-]' THEN '''' || value ELSE value END
$$;
