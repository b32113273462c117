-- An incident placed only at its country's representative point (location_precision 'country', e.g. a place name
-- geocoded to "Myanmar") lies in some province by accident of where that point falls: it gets no computed province.
CREATE OR REPLACE FUNCTION incident_province_computed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.province_computed := boundary_code_covering(NEW.geom);
    IF NEW.province_source <> 'given' THEN
        NEW.province := CASE WHEN NEW.location_precision = 'country' THEN NULL ELSE NEW.province_computed END;
        NEW.province_source := CASE WHEN NEW.province IS NULL THEN 'none' ELSE 'computed' END;
    END IF;
    RETURN NEW;
END
$$;
