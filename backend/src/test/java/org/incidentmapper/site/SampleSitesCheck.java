package org.incidentmapper.site;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.operation.valid.IsValidOp;

import tools.jackson.databind.JsonNode;

/**
 * What is wrong with a sample sites file and its relocations file (the "sites contract" of data/sites/), as a list of
 * sentences naming the site or relocation at fault; empty when both are honest and well formed. Honest means: every
 * site has a state, every state and relocation rests on at least one source with an http(s) address, a credibility of
 * 1 ("confirmed by other sources") rests on at least two outlets, every linked incident exists in the sample
 * incidents and is linked by one site only (an incident has one {@code site_id}), and a site that links incidents
 * is drawn exactly where and as precisely as one of them is (no site is placed more precisely than its reporting).
 */
final class SampleSitesCheck {

    static final Set<String> KINDS = Set.of("compound", "casino", "hospital", "other");
    static final Set<String> STATES = Set.of("reported", "operating", "raided", "closed", "reopened");
    static final Set<String> RELOCATION_KINDS = Set.of("moved", "same_operator");
    static final Set<String> DATE_PRECISIONS = Set.of("day", "month", "year");
    /** The sample reuses the incidents' schematic geometry, so no site claims an exact location. */
    static final Set<String> LOCATION_PRECISIONS = Set.of("approximate", "town", "province");
    static final Set<String> RELIABILITIES = Set.of("A", "B", "C", "D", "E", "F");

    private static final List<String> SITE_PROPERTIES = List.of("key", "kind", "name", "aliases", "operators",
            "country", "sensitive", "locationPrecision", "description", "states", "incidents");
    private static final List<String> STATE_FIELDS = List.of("state", "startDate", "datePrecision", "note", "sources");
    private static final List<String> SOURCE_FIELDS = List.of("outlet", "url", "publishedDate", "language",
            "reliability", "credibility");
    private static final List<String> RELOCATION_FIELDS = List.of("from", "to", "kind", "date", "datePrecision",
            "note", "sources");
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{3}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final List<String> problems = new ArrayList<>();

    private SampleSitesCheck() {
    }

    /**
     * The problems of {@code sites} (a FeatureCollection) and {@code relocations} (an array) against the sample
     * incidents (their Features by externalId).
     */
    static List<String> problems(JsonNode sites, JsonNode relocations, Map<String, JsonNode> incidents) {
        SampleSitesCheck check = new SampleSitesCheck();
        Set<String> keys = check.sites(sites, incidents);
        check.relocations(relocations, keys);
        return check.problems;
    }

    private Set<String> sites(JsonNode collection, Map<String, JsonNode> incidents) {
        Set<String> keys = new HashSet<>();
        Map<String, String> siteOfIncident = new HashMap<>();
        if (!"FeatureCollection".equals(text(collection.get("type"))) || !collection.path("features").isArray()) {
            problems.add("the sites file is not a GeoJSON FeatureCollection with a features array");
            return keys;
        }
        int index = 0;
        for (JsonNode feature : collection.get("features")) {
            JsonNode properties = feature.path("properties");
            String key = text(properties.get("key"));
            String at = key == null ? "site #" + index : "site '" + key + "'";
            index++;
            if (!"Feature".equals(text(feature.get("type"))) || !properties.isObject()) {
                problems.add(at + " is not a GeoJSON Feature with properties");
                continue;
            }
            exactFields(at, properties, SITE_PROPERTIES);
            if (key == null || !KEY.matcher(key).matches()) {
                problems.add(at + ": key must be lower-case words joined by '-'");
            } else if (!keys.add(key)) {
                problems.add(at + ": key '" + key + "' used twice");
            }
            geometry(at, feature.get("geometry"));
            oneOf(at, "kind", properties.get("kind"), KINDS);
            nonBlank(at, "name", properties.get("name"));
            nonBlank(at, "description", properties.get("description"));
            oneOf(at, "locationPrecision", properties.get("locationPrecision"), LOCATION_PRECISIONS);
            if (!COUNTRY.matcher(String.valueOf(text(properties.get("country")))).matches()) {
                problems.add(at + ": country must be an ISO 3166-1 alpha-3 code");
            }
            if (!properties.path("sensitive").isBoolean()) {
                problems.add(at + ": sensitive must be true or false");
            }
            aliases(at, properties.get("aliases"));
            operators(at, properties.get("operators"));
            states(at, properties.get("states"));
            incidents(at, key, properties.get("incidents"), incidents.keySet(), siteOfIncident);
            placedAsAnIncident(at, feature, incidents);
        }
        return keys;
    }

    private void aliases(String at, JsonNode aliases) {
        if (aliases == null || !aliases.isArray()) {
            problems.add(at + ": aliases must be an array");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode alias : aliases) {
            String name = text(alias.get("name"));
            String language = text(alias.get("language"));
            if (name == null || name.isBlank() || language == null || !LANGUAGE.matcher(language).matches()) {
                problems.add(at + ": alias " + alias + " needs a name and an ISO 639 language");
            } else if (!seen.add(name)) {
                problems.add(at + ": alias '" + name + "' listed twice");
            }
        }
    }

    private void operators(String at, JsonNode operators) {
        if (operators == null || !operators.isArray()) {
            problems.add(at + ": operators must be an array");
            return;
        }
        for (JsonNode operator : operators) {
            if (text(operator) == null || text(operator).isBlank()) {
                problems.add(at + ": operator " + operator + " is not a name");
            }
        }
    }

    private void states(String at, JsonNode states) {
        if (states == null || !states.isArray() || states.isEmpty()) {
            problems.add(at + " has no state");
            return;
        }
        LocalDate previous = null;
        int index = 0;
        for (JsonNode state : states) {
            String where = at + " state #" + index++;
            exactFields(where, state, STATE_FIELDS);
            oneOf(where, "state", state.get("state"), STATES);
            nonBlank(where, "note", state.get("note"));
            LocalDate start = date(where, "startDate", state.get("startDate"), state.get("datePrecision"));
            if (start != null && previous != null && start.isBefore(previous)) {
                problems.add(where + ": startDate " + start + " is before the previous state's " + previous
                        + " (states must be in time order)");
            }
            previous = start == null ? previous : start;
            sources(where, state.get("sources"));
        }
    }

    private void incidents(String at, String key, JsonNode incidents, Set<String> incidentIds,
            Map<String, String> siteOfIncident) {
        if (incidents == null || !incidents.isArray()) {
            problems.add(at + ": incidents must be an array of externalIds");
            return;
        }
        Set<String> own = new HashSet<>();
        for (JsonNode incident : incidents) {
            String id = text(incident);
            if (id == null || !incidentIds.contains(id)) {
                problems.add(at + ": incident " + incident + " is not in the sample incidents");
            } else if (!own.add(id)) {
                problems.add(at + ": incident " + id + " linked twice");
            } else {
                String other = siteOfIncident.putIfAbsent(id, key);
                if (other != null) {
                    problems.add(at + ": incident " + id + " is also linked by site '" + other
                            + "' (an incident belongs to one site)");
                }
            }
        }
    }

    /** Geometry and locationPrecision equal to those of one of the site's incidents, when it links any. */
    private void placedAsAnIncident(String at, JsonNode site, Map<String, JsonNode> incidents) {
        List<JsonNode> linked = new ArrayList<>();
        for (JsonNode id : site.path("properties").path("incidents")) {
            if (incidents.containsKey(text(id))) {
                linked.add(incidents.get(text(id)));
            }
        }
        if (linked.isEmpty()) {
            return;
        }
        for (JsonNode incident : linked) {
            if (incident.get("geometry").equals(site.get("geometry")) && incident.path("properties")
                    .path("locationPrecision").equals(site.path("properties").path("locationPrecision"))) {
                return;
            }
        }
        problems.add(at + ": geometry and locationPrecision must be those of one of its incidents (the sample "
                + "places no site more precisely than its reporting)");
    }

    private void relocations(JsonNode relocations, Set<String> keys) {
        if (relocations == null || !relocations.isArray()) {
            problems.add("the relocations file is not a JSON array");
            return;
        }
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonNode relocation : relocations) {
            String from = text(relocation.get("from"));
            String to = text(relocation.get("to"));
            String at = "relocation #" + index++ + " (" + from + " -> " + to + ")";
            exactFields(at, relocation, RELOCATION_FIELDS);
            for (String end : new String[] {from, to}) {
                if (!keys.contains(end)) {
                    problems.add(at + ": '" + end + "' is not a site key");
                }
            }
            if (from != null && from.equals(to)) {
                problems.add(at + " links a site to itself");
            }
            oneOf(at, "kind", relocation.get("kind"), RELOCATION_KINDS);
            nonBlank(at, "note", relocation.get("note"));
            LocalDate date = date(at, "date", relocation.get("date"), relocation.get("datePrecision"));
            if (!seen.add(from + "|" + to + "|" + text(relocation.get("kind")) + "|" + date)) {
                problems.add(at + " is listed twice");
            }
            sources(at, relocation.get("sources"));
        }
    }

    private void sources(String at, JsonNode sources) {
        if (sources == null || !sources.isArray() || sources.isEmpty()) {
            problems.add(at + " has no source");
            return;
        }
        Set<String> outlets = new HashSet<>();
        boolean confirmed = false;
        int index = 0;
        for (JsonNode source : sources) {
            String where = at + " source #" + index++;
            exactFields(where, source, SOURCE_FIELDS);
            nonBlank(where, "outlet", source.get("outlet"));
            outlets.add(text(source.get("outlet")));
            url(where, text(source.get("url")));
            date(where, "publishedDate", source.get("publishedDate"), null);
            if (!LANGUAGE.matcher(String.valueOf(text(source.get("language")))).matches()) {
                problems.add(where + ": language must be an ISO 639 code");
            }
            JsonNode reliability = source.get("reliability");
            if (reliability != null && !reliability.isNull() && !in(RELIABILITIES, text(reliability))) {
                problems.add(where + ": reliability must be null or one of A-F, not " + reliability);
            }
            JsonNode credibility = source.get("credibility");
            if (credibility != null && !credibility.isNull()) {
                if (!credibility.isInt() || credibility.intValue() < 1 || credibility.intValue() > 6) {
                    problems.add(where + ": credibility must be null or 1-6, not " + credibility);
                } else if (credibility.intValue() == 1) {
                    confirmed = true;
                }
            }
        }
        if (confirmed && outlets.size() < 2) {
            problems.add(at + ": credibility 1 (confirmed by other sources) needs sources from two outlets");
        }
    }

    private void url(String at, String url) {
        try {
            URI uri = url == null ? null : new URI(url);
            if (uri == null || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                problems.add(at + ": url must be an http(s) address of the article, not " + url);
            }
        } catch (URISyntaxException e) {
            problems.add(at + ": url must be an http(s) address of the article, not " + url);
        }
    }

    /** A strict ISO date (yyyy-MM-dd); with a precision, a month starts on the 1st and a year on 1 January. */
    private LocalDate date(String at, String field, JsonNode value, JsonNode precision) {
        String text = text(value);
        LocalDate date;
        try {
            date = text == null || text.length() != 10 ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            problems.add(at + ": " + field + " must be an ISO date yyyy-mm-dd, not " + value);
            return null;
        }
        if (precision != null) {
            String p = text(precision);
            if (!in(DATE_PRECISIONS, p)) {
                problems.add(at + ": datePrecision must be one of " + DATE_PRECISIONS + ", not " + precision);
            } else if ("month".equals(p) && date.getDayOfMonth() != 1
                    || "year".equals(p) && date.getDayOfYear() != 1) {
                problems.add(at + ": " + field + " " + date + " with datePrecision " + p
                        + " must be the first day of its " + p);
            }
        }
        return date;
    }

    /** A Point or Polygon in lon/lat whose rings are closed and whose topology JTS finds valid. */
    private void geometry(String at, JsonNode geometry) {
        String type = geometry == null ? null : text(geometry.get("type"));
        JsonNode coordinates = geometry == null ? null : geometry.get("coordinates");
        try {
            Geometry jts;
            if ("Point".equals(type)) {
                jts = GEOMETRY.createPoint(position(coordinates));
            } else if ("Polygon".equals(type) && coordinates.isArray() && !coordinates.isEmpty()) {
                List<LinearRing> rings = new ArrayList<>();
                for (JsonNode ring : coordinates) {
                    rings.add(ring(ring));
                }
                jts = GEOMETRY.createPolygon(rings.get(0), rings.subList(1, rings.size()).toArray(LinearRing[]::new));
            } else {
                problems.add(at + ": geometry type must be Point or Polygon, not " + type);
                return;
            }
            if (!IsValidOp.isValid(jts)) {
                problems.add(at + ": geometry is invalid: " + new IsValidOp(jts).getValidationError());
            }
        } catch (IllegalArgumentException e) {
            problems.add(at + ": " + e.getMessage());
        }
    }

    private static LinearRing ring(JsonNode ring) {
        if (ring == null || !ring.isArray() || ring.size() < 4) {
            throw new IllegalArgumentException("a polygon ring needs at least 4 positions");
        }
        Coordinate[] positions = new Coordinate[ring.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = position(ring.get(i));
        }
        if (!positions[0].equals2D(positions[positions.length - 1])) {
            throw new IllegalArgumentException("a polygon ring must end where it starts (closed ring)");
        }
        return GEOMETRY.createLinearRing(positions);
    }

    private static Coordinate position(JsonNode position) {
        if (position == null || !position.isArray() || position.size() != 2 || !position.get(0).isNumber()
                || !position.get(1).isNumber()) {
            throw new IllegalArgumentException("coordinate " + position + " must be [longitude, latitude]");
        }
        double lon = position.get(0).doubleValue();
        double lat = position.get(1).doubleValue();
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
            throw new IllegalArgumentException("coordinate " + position + " is outside longitude/latitude range");
        }
        return new Coordinate(lon, lat);
    }

    /** Every named field present, no other: a misspelt field would otherwise be read as a missing one. */
    private void exactFields(String at, JsonNode object, List<String> fields) {
        if (!object.isObject()) {
            problems.add(at + " is not a JSON object");
            return;
        }
        for (String field : fields) {
            if (!object.has(field)) {
                problems.add(at + ": missing " + field);
            }
        }
        for (String name : object.propertyNames()) {
            if (!fields.contains(name)) {
                problems.add(at + ": unknown field " + name);
            }
        }
    }

    private void oneOf(String at, String field, JsonNode value, Set<String> allowed) {
        if (!in(allowed, text(value))) {
            problems.add(at + ": " + field + " must be one of " + allowed + ", not " + value);
        }
    }

    private void nonBlank(String at, String field, JsonNode value) {
        if (text(value) == null || text(value).isBlank()) {
            problems.add(at + ": " + field + " must be a non-empty text");
        }
    }

    /** Null-safe: {@code Set.of(..).contains(null)} throws. */
    private static boolean in(Set<String> allowed, String value) {
        return value != null && allowed.contains(value);
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }
}
