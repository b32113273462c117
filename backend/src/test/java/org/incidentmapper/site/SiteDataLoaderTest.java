package org.incidentmapper.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.dataset.DatasetLoads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/**
 * The sample sites loader (fixtures/sites, the format of data/sites): sites with their aliases, lifecycle and
 * sources, incidents linked by externalId, relocations by key; absent files are no error; a broken file stops the
 * load naming the file, the feature and the field, and nothing of it is written.
 */
@WriteIntegrationTest
class SiteDataLoaderTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/sites");

    @LocalServerPort
    int port;
    @Autowired
    SiteDataLoader loader;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DatasetLoads loads;
    @Autowired
    SiteWriter writer;
    @Autowired
    RelocationRepository relocations;
    @Autowired
    TransactionTemplate transaction;
    Api analyst;
    static SiteDataLoader.Loaded loaded;

    @BeforeEach
    void loadFixturesOnce() {
        analyst = new Api(port, "analyst");
        if (loaded != null) {
            return;
        }
        for (String[] incident : new String[][] {{"site-fixture-raid", "raid", "2022-02-20"},
            {"site-fixture-rescue", "rescue", "2022-06-01"}}) {
            Api.Response r = analyst.send("POST", "/api/incidents", """
                    {"type":"Feature","geometry":{"type":"Point","coordinates":[103.525,10.625]},
                     "properties":{"externalId":"%s","category":"%s","title":"Loader fixture","startDate":"%s",
                       "locationPrecision":"exact","country":"KHM"}}""".formatted(incident[0], incident[1], incident[2]));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        loaded = loader.load(FIXTURES);
    }

    private long siteId(String key) {
        return jdbc.sql("SELECT id FROM site WHERE key = :key").param("key", key).query(Long.class).single();
    }

    @Test
    void loadsSitesLifecyclesSourcesIncidentsAndRelocations() {
        assertThat(loaded).isEqualTo(new SiteDataLoader.Loaded(2, 1, 2));
        long lucky = siteId("t-lucky-compound");
        JsonNode p = analyst.get("/api/sites/" + lucky).json().get("properties");
        assertThat(p.get("aliases").toString()).isEqualTo("[{\"name\":\"幸运园区测试\",\"language\":\"zh\"},"
                + "{\"name\":\"Lucky Park\",\"language\":\"en\"}]");
        assertThat(p.get("operators").toString()).isEqualTo("[\"Lucky Test Group\"]");
        assertThat(p.get("states").values().stream().map(s -> s.get("state").asString()).toList())
                .as("time order, not file order").containsExactly("operating", "raided", "closed");
        assertThat(p.get("states").get(1).get("sources").get(0).get("reliability").asString()).isEqualTo("A");
        assertThat(p.get("states").get(1).get("sources").get(0).get("credibility").asInt()).isEqualTo(1);
        assertThat(p.get("states").get(2).get("datePrecision").asString()).isEqualTo("month");
        assertThat(p.get("incidents").values().stream().map(i -> i.get("title").asString()).toList())
                .containsExactly("Loader fixture");
        assertThat(p.get("province").asString()).isEqualTo("KH-18");
        long hidden = siteId("t-hidden-casino");
        assertThat(jdbc.sql("SELECT site_id FROM incident WHERE external_id = 'site-fixture-rescue'")
                .query(Long.class).single()).isEqualTo(hidden);
        JsonNode arcs = analyst.get("/api/relocations?from=2022-04-02&to=2022-04-02").json();
        JsonNode arc = arcs.get("features").values().stream()
                .filter(f -> f.get("properties").get("fromSite").get("id").asLong() == lucky).findFirst().orElseThrow();
        assertThat(arc.get("properties").get("toSite").get("id").asLong()).isEqualTo(hidden);
        assertThat(arc.get("properties").get("sources").get(0).get("reliability").asString()).isEqualTo("C");
        assertThat(loads.sha256("sample-sites")).isPresent();
        // the search finds the loaded alias in Chinese script
        assertThat(SiteBodies.ids(analyst, "/api/sites?q=" + SiteBodies.encode("幸运园区"))).contains(lucky);
    }

    @Test
    void absentFilesAreNoError(@TempDir Path empty) {
        long before = count("site");
        new SiteDataLoader(loads, writer, relocations, transaction, empty.toString()).run(null);
        new SiteDataLoader(loads, writer, relocations, transaction, "").run(null);
        assertThat(count("site")).isEqualTo(before);
    }

    @Test
    void aSitesFileWithoutRelocationsLoadsTheSites(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(SiteDataLoader.SITES_FILE), collection(feature("t-alone", "compound", "")));
        assertThat(loader.load(dir)).isEqualTo(new SiteDataLoader.Loaded(1, 0, 0));
        assertThat(siteId("t-alone")).isPositive();
    }

    @Test
    void brokenFilesAreRefusedNamingTheFeatureAndWriteNothing(@TempDir Path dir) throws Exception {
        refused(dir, collection(feature("b-one", "compound", ""), feature("b-two", "palace", "")), null,
                "sample-sites.geojson", "feature 2 (key 'b-two')", "kind must be one of");
        refused(dir, collection(feature("b-three", "compound", ",\"incidents\":[\"no-such-incident\"]")), null,
                "feature 1 (key 'b-three')", "no-such-incident", "externalId");
        refused(dir, collection(feature("b-four", "compound",
                ",\"states\":[{\"state\":\"raided\",\"startDate\":\"someday\"}]")), null,
                "feature 1 (key 'b-four')", "states[1].startDate");
        refused(dir, collection(feature(null, "compound", "")), null, "feature 1", "key is required");
        refused(dir, collection(feature("b-five", "compound", ""), feature("b-five", "casino", "")), null,
                "feature 2 (key 'b-five')", "earlier feature");
        refused(dir, collection(feature("b-six", "compound", "")),
                "[{\"from\":\"b-six\",\"to\":\"nowhere\",\"kind\":\"moved\",\"date\":\"2022\"}]",
                "sample-relocations.json", "relocation 1", "to 'nowhere' is no site's key");
        refused(dir, collection(feature("b-seven", "compound", ""), feature("b-eight", "compound", "")),
                "[{\"from\":\"b-seven\",\"to\":\"b-eight\",\"kind\":\"teleported\",\"date\":\"2022\"}]",
                "relocation 1", "kind must be one of");
        refused(dir, "{\"type\":\"FeatureCollection\",\"features\":[", null, "sample-sites.geojson",
                "is not valid JSON");
        refused(dir, "{\"type\":\"Feature\"}", null, "is not a GeoJSON FeatureCollection");
    }

    private void refused(Path dir, String sites, String relocationsJson, String... message) throws Exception {
        Files.writeString(dir.resolve(SiteDataLoader.SITES_FILE), sites);
        Files.deleteIfExists(dir.resolve(SiteDataLoader.RELOCATIONS_FILE));
        if (relocationsJson != null) {
            Files.writeString(dir.resolve(SiteDataLoader.RELOCATIONS_FILE), relocationsJson);
        }
        long sitesBefore = count("site");
        long relocationsBefore = count("relocation");
        long auditBefore = count("audit_event");
        assertThatThrownBy(() -> loader.load(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Sample sites").hasMessageContaining("nothing was loaded")
                .hasMessageContainingAll(message);
        assertThat(List.of(count("site"), count("relocation"), count("audit_event")))
                .isEqualTo(List.of(sitesBefore, relocationsBefore, auditBefore));
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    private static String feature(String key, String kind, String extra) {
        return """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[103.2,10.9]},
                 "properties":{%s"kind":"%s","name":"Loader test %s","country":"KHM","locationPrecision":"town"%s}}"""
                .formatted(key == null ? "" : "\"key\":\"" + key + "\",", kind, key, extra);
    }
}
