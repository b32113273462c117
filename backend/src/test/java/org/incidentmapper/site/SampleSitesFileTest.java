package org.incidentmapper.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sample sites and relocations in data/sites/ (issue 14 point 6) are honest and well formed: read from disk, then
 * judged by {@link SampleSitesCheck}. So that the check can fail, each broken copy below (the real files with one
 * thing spoilt) must be refused with a problem naming what was spoilt. Unit tier: no Spring, no database.
 */
class SampleSitesFileTest {

    private static final Path SITES = Path.of("../data/sites/sample-sites.geojson");
    private static final Path RELOCATIONS = Path.of("../data/sites/sample-relocations.json");
    private static final Path INCIDENTS = Path.of("../data/incidents/sample-incidents.geojson");

    /** Refuses a JSON object with the same member twice, which a lenient reader would silently resolve. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static JsonNode sites;
    private static JsonNode relocations;
    private static Map<String, JsonNode> incidents;

    @BeforeAll
    static void read() throws IOException {
        sites = JSON.readTree(Files.readString(SITES));
        relocations = JSON.readTree(Files.readString(RELOCATIONS));
        incidents = new HashMap<>();
        for (JsonNode incident : JSON.readTree(Files.readString(INCIDENTS)).get("features")) {
            incidents.put(incident.get("properties").get("externalId").asString(), incident);
        }
    }

    @Test
    void theSampleFilesHaveNoProblems() {
        assertThat(SampleSitesCheck.problems(sites, relocations, incidents)).isEmpty();
    }

    @Test
    void theCheckSeesTheData() {
        assertThat(incidents).as("sample incidents read").hasSizeGreaterThan(40);
        assertThat(sites.get("features")).as("sites read").hasSizeGreaterThan(5);
        assertThat(relocations).as("relocations read").isNotEmpty();
        int linked = 0;
        for (JsonNode site : sites.get("features")) {
            linked += site.get("properties").get("incidents").size();
        }
        assertThat(linked).as("incidents linked to sites").isGreaterThan(10);
    }

    @Test
    void aJsonObjectWithTheSameMemberTwiceIsRefused() {
        assertThatThrownBy(() -> JSON.readTree("{\"key\": \"a\", \"key\": \"b\"}"))
                .hasMessageContaining("Duplicate");
    }

    @Test
    void relocationsThatAreNotAnArrayAreRefused() {
        assertThat(SampleSitesCheck.problems(sites, JSON.createObjectNode(), incidents))
                .contains("the relocations file is not a JSON array");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCopies")
    void aBrokenCopyIsRefused(String spoilt, BiConsumer<ObjectNode, ArrayNode> spoil, String expected) {
        ObjectNode brokenSites = (ObjectNode) sites.deepCopy();
        ArrayNode brokenRelocations = (ArrayNode) relocations.deepCopy();
        spoil.accept(brokenSites, brokenRelocations);

        List<String> problems = SampleSitesCheck.problems(brokenSites, brokenRelocations, incidents);

        assertThat(problems).as(spoilt).anySatisfy(problem -> assertThat(problem).contains(expected));
    }

    static Stream<Arguments> brokenCopies() {
        return Stream.of(
            broken("not a FeatureCollection", (s, r) -> s.put("type", "Feature"), "not a GeoJSON FeatureCollection"),
            broken("a feature that is not a Feature", (s, r) -> feature(s, 0).put("type", "Site"),
                    "is not a GeoJSON Feature"),
            broken("two sites with one key", (s, r) -> props(s, 1).put("key", key(s, 0)), "used twice"),
            broken("a key with spaces", (s, r) -> props(s, 0).put("key", "Great Wall"), "key must be"),
            broken("an unknown kind", (s, r) -> props(s, 0).put("kind", "factory"), "kind must be one of"),
            broken("a misspelt property", (s, r) -> props(s, 0).set("operator", props(s, 0).remove("operators")),
                    "unknown field operator"),
            broken("no description", (s, r) -> props(s, 0).remove("description"), "missing description"),
            broken("sensitive as text", (s, r) -> props(s, 0).put("sensitive", "no"), "sensitive must be"),
            broken("an exact location", (s, r) -> props(s, 0).put("locationPrecision", "exact"),
                    "locationPrecision must be one of"),
            broken("a two-letter country", (s, r) -> props(s, 0).put("country", "KH"), "country must be"),
            broken("an alias without language", (s, r) -> ((ObjectNode) props(s, 0).withArray("aliases").addObject())
                    .put("name", "Somewhere"), "needs a name and an ISO 639 language"),
            broken("a site without states", (s, r) -> props(s, 0).putArray("states"), "has no state"),
            broken("an unknown state", (s, r) -> state(s, 0, 0).put("state", "demolished"), "state must be one of"),
            broken("a state without sources", (s, r) -> state(s, 0, 0).putArray("sources"), "has no source"),
            broken("a state date that is not ISO", (s, r) -> state(s, 0, 0).put("startDate", "17/09/2022"),
                    "startDate must be an ISO date"),
            broken("an impossible date", (s, r) -> state(s, 0, 0).put("startDate", "2022-02-30"),
                    "startDate must be an ISO date"),
            broken("a month that does not start on the 1st", (s, r) -> state(s, 0, 0).put("startDate", "2022-09-13")
                    .put("datePrecision", "month"), "must be the first day of its month"),
            broken("an unknown date precision", (s, r) -> state(s, 0, 0).put("datePrecision", "week"),
                    "datePrecision must be one of"),
            broken("states out of time order", (s, r) -> {
                ObjectNode later = state(s, 0, 0);
                ObjectNode earlier = later.deepCopy().put("startDate", "2018-01-01").put("datePrecision", "year");
                props(s, 0).withArray("states").add(earlier);
            }, "must be in time order"),
            broken("a source without url", (s, r) -> source(state(s, 0, 0), 0).putNull("url"),
                    "url must be an http(s) address"),
            broken("a source with an ftp url", (s, r) -> source(state(s, 0, 0), 0).put("url", "ftp://example.org/a"),
                    "url must be an http(s) address"),
            broken("a source with a url that is no address", (s, r) -> source(state(s, 0, 0), 0)
                    .put("url", "see the Phnom Penh Post"), "url must be an http(s) address"),
            broken("a source without publication date", (s, r) -> source(state(s, 0, 0), 0).putNull("publishedDate"),
                    "publishedDate must be an ISO date"),
            broken("a reliability outside A-F", (s, r) -> source(state(s, 0, 0), 0).put("reliability", "G"),
                    "reliability must be null or one of A-F"),
            broken("a credibility outside 1-6", (s, r) -> source(state(s, 0, 0), 0).put("credibility", 7),
                    "credibility must be null or 1-6"),
            broken("credibility 1 on a single source", (s, r) -> {
                ObjectNode state = state(s, 0, 0);
                ObjectNode only = source(state, 0).put("credibility", 1);
                state.putArray("sources").add(only);
            }, "needs sources from two outlets"),
            broken("an incident not in the sample", (s, r) -> props(s, 0).withArray("incidents").add("sample-2099-001"),
                    "is not in the sample incidents"),
            broken("an incident linked twice by one site", (s, r) -> props(s, 0).withArray("incidents")
                    .add(props(s, 0).get("incidents").get(0).asString()), "linked twice"),
            broken("an incident linked by two sites", (s, r) -> props(s, 1).withArray("incidents")
                    .add(props(s, 0).get("incidents").get(0).asString()), "is also linked by site"),
            broken("a polygon ring left open", (s, r) -> {
                ArrayNode ring = (ArrayNode) geometry(s, "Polygon").get("coordinates").get(0);
                ring.remove(ring.size() - 1);
            }, "closed ring"),
            broken("a self-crossing polygon", (s, r) -> {
                ArrayNode ring = (ArrayNode) geometry(s, "Polygon").get("coordinates").get(0);
                JsonNode second = ring.get(1);
                ring.set(1, ring.get(2));
                ring.set(2, second);
            }, "geometry is invalid"),
            broken("a point off the globe", (s, r) -> geometry(s, "Point")
                    .set("coordinates", JSON.createArrayNode().add(200.0).add(11.0)), "outside longitude/latitude"),
            broken("a site moved off its incidents' point", (s, r) -> geometry(s, "Point")
                    .set("coordinates", JSON.createArrayNode().add(104.0).add(12.0)), "must be those of one of its"),
            broken("a site more precise than its incidents", (s, r) -> props(s, 1).put("locationPrecision",
                    "approximate".equals(props(s, 1).get("locationPrecision").asString()) ? "town" : "approximate"),
                    "must be those of one of its"),
            broken("a LineString site", (s, r) -> ((ObjectNode) feature(s, 0).get("geometry"))
                    .put("type", "LineString"), "geometry type must be Point or Polygon"),
            broken("an empty relocation", (s, r) -> r.addObject(), "missing from"),
            broken("a relocation to an unknown site", (s, r) -> relocation(r).put("to", "nowhere"),
                    "'nowhere' is not a site key"),
            broken("a relocation from a site to itself", (s, r) -> relocation(r).put("to", relocation(r)
                    .get("from").asString()), "links a site to itself"),
            broken("an unknown relocation kind", (s, r) -> relocation(r).put("kind", "merged"), "kind must be one of"),
            broken("a relocation without sources", (s, r) -> relocation(r).putArray("sources"), "has no source"),
            broken("a relocation date that is not ISO", (s, r) -> relocation(r).put("date", "2024"),
                    "date must be an ISO date"),
            broken("a relocation listed twice", (s, r) -> r.add(relocation(r).deepCopy()), "is listed twice"),
            broken("a relocation without note", (s, r) -> relocation(r).remove("note"), "missing note"));
    }

    private static Arguments broken(String spoilt, BiConsumer<ObjectNode, ArrayNode> spoil, String expected) {
        return Arguments.of(spoilt, spoil, expected);
    }

    private static ObjectNode feature(ObjectNode sites, int index) {
        return (ObjectNode) sites.get("features").get(index);
    }

    private static ObjectNode props(ObjectNode sites, int index) {
        return (ObjectNode) feature(sites, index).get("properties");
    }

    private static String key(ObjectNode sites, int index) {
        return props(sites, index).get("key").asString();
    }

    private static ObjectNode state(ObjectNode sites, int site, int index) {
        return (ObjectNode) props(sites, site).get("states").get(index);
    }

    private static ObjectNode source(ObjectNode state, int index) {
        return (ObjectNode) state.get("sources").get(index);
    }

    private static ObjectNode relocation(ArrayNode relocations) {
        return (ObjectNode) relocations.get(0);
    }

    /** The geometry of the first site drawn as this type (taken from the data, not assumed). */
    private static ObjectNode geometry(ObjectNode sites, String type) {
        for (JsonNode feature : sites.get("features")) {
            if (type.equals(feature.get("geometry").get("type").asString())) {
                return (ObjectNode) feature.get("geometry");
            }
        }
        throw new AssertionError("no site in the sample is a " + type);
    }
}
