-- flat=true on the API (org.incidentmapper.export.FlatJson): properties whose every value is a scalar, so QGIS and
-- GDAL can write them to a GeoPackage or a shapefile (they refuse list and object fields). Generic over any object,
-- so whatever projection builds the properties, the flat form follows it. In the order of the input:
--   scalar (text, number, boolean, null)   kept as it is under its name
--   array of scalars                       one text, items joined with ';' (null item: empty); empty array: null
--   array of objects                       name_count (how many), then one text per key of the items, name_key,
--                                          items joined with ' | ' in array order (an item lacking it: empty);
--                                          an empty array named in object_lists: name_count 0 alone
--   object                                 each member flattened under name_member, recursively
-- e.g. {"victimNationalities": ["CHN","VNM"], "sources": [{"outlet": "A", "url": null}, {"outlet": "B", "url": "u"}],
--       "categories": {"raid": 2}}
--   → {"victimNationalities": "CHN;VNM", "sources_count": 2, "sources_outlet": "A | B", "sources_url": " | u",
--      "categories_raid": 2}
CREATE FUNCTION flat_entries(properties json, prefix text, object_lists text[]) RETURNS TABLE (name text, value json)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    member text;
    member_value json;
    item_key text;
BEGIN
    FOR member, member_value IN SELECT e.key, e.value FROM json_each(properties) e LOOP
        name := prefix || member;
        IF json_typeof(member_value) = 'object' THEN
            RETURN QUERY SELECT * FROM flat_entries(member_value, name || '_', object_lists);
        ELSIF json_typeof(member_value) = 'array' AND (member = ANY (object_lists) AND json_array_length(member_value) = 0
                OR EXISTS (SELECT 1 FROM json_array_elements(member_value) item WHERE json_typeof(item) = 'object')) THEN
            value := to_json(json_array_length(member_value));
            name := prefix || member || '_count';
            RETURN NEXT;
            -- the items' keys in the order they first appear
            FOR item_key IN
                SELECT k.key FROM json_array_elements(member_value) WITH ORDINALITY AS item(v, n),
                     LATERAL (SELECT key, row_number() OVER () AS m
                              FROM json_object_keys(CASE WHEN json_typeof(item.v) = 'object' THEN item.v ELSE '{}' END)
                                   AS key) k
                GROUP BY k.key ORDER BY min(item.n * 100000 + k.m)
            LOOP
                name := prefix || member || '_' || item_key;
                value := (SELECT to_json(string_agg(coalesce(item.v ->> item_key, ''), ' | ' ORDER BY item.n))
                          FROM json_array_elements(member_value) WITH ORDINALITY AS item(v, n));
                RETURN NEXT;
            END LOOP;
        ELSIF json_typeof(member_value) = 'array' THEN
            value := (SELECT to_json(string_agg(coalesce(item.v #>> '{}', ''), ';' ORDER BY item.n))
                      FROM json_array_elements(member_value) WITH ORDINALITY AS item(v, n));
            RETURN NEXT;
        ELSE
            value := member_value;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;

-- properties (a JSON object) with every value a scalar, as described above; null stays null. object_lists: the
-- members that hold lists of objects (known even when a list is empty).
CREATE FUNCTION flat_properties(properties json, object_lists text[] DEFAULT '{}') RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN properties IS NULL OR json_typeof(properties) <> 'object' THEN properties
                ELSE (SELECT coalesce(json_object_agg(e.name, e.value ORDER BY e.n), '{}')
                      FROM flat_entries(properties, '', object_lists) WITH ORDINALITY AS e(name, value, n)) END
$$;

-- feature (a GeoJSON Feature) with flat properties that start with its id, so the id is a field in GIS tools too.
CREATE FUNCTION flat_feature(feature json, object_lists text[] DEFAULT '{}') RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT json_build_object('type', 'Feature', 'id', feature -> 'id', 'geometry', feature -> 'geometry',
        'properties', (SELECT json_object_agg(e.name, e.value ORDER BY e.n)
                       FROM (SELECT 'id', feature -> 'id', 0
                             UNION ALL
                             SELECT f.name, f.value, f.n
                             FROM flat_entries(feature -> 'properties', '', object_lists) WITH ORDINALITY AS f(name, value, n)
                             WHERE f.name <> 'id') AS e(name, value, n)))
$$;
