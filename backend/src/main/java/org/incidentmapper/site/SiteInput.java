package org.incidentmapper.site;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

import org.incidentmapper.incident.GeometryCheck;
import org.locationtech.jts.geom.Geometry;

import tools.jackson.databind.JsonNode;

/**
 * A site as a client (the edit API) or the sample data gives it, a GeoJSON Feature, checked and made into a
 * {@link SiteRecord}; every problem is collected with the member at fault. The properties are those
 * {@code GET /api/sites/{id}} returns (server-set ones such as id, version, province and incidentCount are ignored).
 */
final class SiteInput {

    static final List<String> STATES = List.of("reported", "operating", "raided", "closed", "reopened");
    static final List<String> LOCATION_PRECISIONS = List.of("exact", "approximate", "town", "province", "country");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{3}");

    private SiteInput() {
    }

    /** The record, or null when problems were added. */
    static SiteRecord check(JsonNode feature, List<InputReader.Problem> problems) {
        int before = problems.size();
        if (feature == null || !feature.isObject() || !"Feature".equals(feature.path("type").asString(""))) {
            problems.add(new InputReader.Problem("type", "must be 'Feature': the body is a GeoJSON Feature"));
            return null;
        }
        InputReader p = new InputReader(feature.get("properties"), "", problems);
        String key = p.matching("key", KEY, "letters, digits, '.', '_' or '-' (at most 100)", 100, false);
        String kind = p.oneOf("kind", SiteFilter.KINDS, true);
        String name = p.text("name", 300, true);
        List<SiteRecord.Alias> aliases = p.list("aliases", 100, (element, path, list) -> {
            InputReader a = new InputReader(element, path, list);
            int n = list.size();
            String alias = a.text("name", 300, true);
            String language = a.matching("language", InputReader.LANGUAGE, "an ISO 639 code such as en, km, zh", 3,
                    false);
            return list.size() > n ? null : new SiteRecord.Alias(alias, language);
        });
        List<String> operators = p.list("operators", 50, InputReader.textItem(300));
        String country = p.matching("country", COUNTRY, "an ISO 3166-1 alpha-3 code such as KHM", 3, true);
        boolean sensitive = p.flag("sensitive");
        String precision = p.oneOf("locationPrecision", LOCATION_PRECISIONS, true);
        String description = p.text("description", 20000, false);
        List<SiteRecord.State> states = p.list("states", 200, (element, path, list) -> {
            InputReader s = new InputReader(element, path, list);
            int n = list.size();
            String state = s.oneOf("state", STATES, true);
            LocalDate start = s.date("startDate", true);
            String datePrecision = s.datePrecision("datePrecision", "startDate");
            String note = s.text("note", 5000, false);
            List<SiteRecord.Source> sources = s.list("sources", 50, InputReader.source());
            return list.size() > n ? null : new SiteRecord.State(state, start, datePrecision, note, sources);
        });
        String geometry = geometry(feature.get("geometry"), problems);
        return problems.size() > before ? null : new SiteRecord(key, kind, name, geometry, precision, country,
                sensitive, operators, description, aliases, states);
    }

    /** A Point or Polygon as stored (rounded, RFC 7946 winding), or null with a problem naming {@code geometry}. */
    private static String geometry(JsonNode geometry, List<InputReader.Problem> problems) {
        if (geometry == null || geometry.isNull()) {
            problems.add(new InputReader.Problem("geometry", "is missing: a site is a Point or a Polygon"));
            return null;
        }
        String type = geometry.path("type").asString("");
        if (!type.equals("Point") && !type.equals("Polygon")) {
            problems.add(new InputReader.Problem("geometry", "must be a Point or a Polygon, not '" + type + "'"));
            return null;
        }
        try {
            JsonNode stored = GeometryCheck.normalised(geometry);
            Geometry read = GeometryCheck.read(stored);
            if (read.isEmpty()) {
                problems.add(new InputReader.Problem("geometry", "is empty"));
                return null;
            }
            return stored.toString();
        } catch (GeometryCheck.BadGeometry e) {
            problems.add(new InputReader.Problem("geometry", e.getMessage()));
            return null;
        }
    }
}
