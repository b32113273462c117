package org.incidentmapper.duplicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * Duplicates: candidate pairs across scripts, merge (every source kept, history kept, counts exact), undo (exact),
 * keep-apart, and the refusals (stale versions, viewers) that change nothing. Each test makes its own incidents in
 * a year and place of its own, so the fixtures never meet them.
 */
@WriteIntegrationTest
class DuplicateApiTest {

    /** Sihanoukville and a point 300 m from it. */
    static final String SIHANOUKVILLE = "[103.52958,10.60932]";
    static final String NEAR_SIHANOUKVILLE = "[103.53200,10.61050]";
    static final String PHNOM_PENH = "[104.91667,11.55]";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    /** Creates an incident; returns its id. */
    long create(String externalId, String category, String title, String date, String point, String sources) {
        Api.Response r = api.send("POST", "/api/incidents", """
                {"type":"Feature","geometry":{"type":"Point","coordinates":%s},
                 "properties":{"externalId":"%s","category":"%s","title":"%s","startDate":"%s","datePrecision":"day",
                   "locationPrecision":"town","country":"KHM","sources":%s}}"""
                .formatted(point, externalId, category, title, date, sources));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static String source(String outlet, String url) {
        return "{\"outlet\":\"" + outlet + "\"" + (url == null ? "" : ",\"url\":\"" + url + "\"") + "}";
    }

    static String sources(String... each) {
        return "[" + String.join(",", each) + "]";
    }

    List<long[]> pairs(String query) {
        Api.Response r = api.get("/api/duplicates?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<long[]> pairs = new ArrayList<>();
        for (JsonNode p : r.json().get("pairs")) {
            pairs.add(new long[] {p.get("a").get("id").asLong(), p.get("b").get("id").asLong()});
        }
        return pairs;
    }

    int version(long id) {
        return jdbc.sql("SELECT version FROM incident WHERE id = :id").param("id", id).query(Integer.class).single();
    }

    String row(long id) {
        return jdbc.sql("SELECT CAST(to_jsonb(i) AS text) FROM incident i WHERE id = :id").param("id", id)
                .query(String.class).optional().orElse(null);
    }

    List<String> sourceRows(long id) {
        return jdbc.sql("SELECT CAST(to_jsonb(s) AS text) FROM incident_source s WHERE incident_id = :id ORDER BY position")
                .param("id", id).query(String.class).list();
    }

    List<String> urls(long id) {
        return jdbc.sql("SELECT coalesce(url, outlet) FROM incident_source WHERE incident_id = :id ORDER BY position")
                .param("id", id).query(String.class).list();
    }

    Api.Response merge(long survivor, long merged, int survivorVersion, int mergedVersion, String take) {
        return api.send("POST", "/api/duplicates/merge", """
                {"survivor":%d,"merged":%d,"versions":{"survivor":%d,"merged":%d}%s}"""
                .formatted(survivor, merged, survivorVersion, mergedVersion, take == null ? "" : ",\"take\":" + take));
    }

    @Test
    void aPairIsFoundAcrossScriptsThroughTheGazetteer() {
        long english = create("dup-script-en", "raid", "Raid in Sihanoukville", "1931-03-05", SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/raid")));
        long chinese = create("dup-script-zh", "raid", "突袭西哈努克", "1931-03-06", NEAR_SIHANOUKVILLE,
                sources(source("柬中时报", "https://cc-times.example/raid")));
        create("dup-script-rescue", "rescue", "Rescue in Sihanoukville", "1931-03-05", SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/rescue")));
        create("dup-script-far", "raid", "Raid in Phnom Penh", "1931-03-05", PHNOM_PENH,
                sources(source("VOD", "https://vod.example/pp")));
        create("dup-script-later", "raid", "Raid in Sihanoukville", "1931-06-05", SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/later")));

        Api.Response r = api.get("/api/duplicates?from=1931-01-01&to=1931-12-31");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode pairs = r.json().get("pairs");
        // the same category, 300 m and a day apart, titles in two scripts naming one place: one pair, nothing else
        assertThat(pairs.size()).as(r.body()).isEqualTo(1);
        JsonNode pair = pairs.get(0);
        assertThat(List.of(pair.get("a").get("id").asLong(), pair.get("b").get("id").asLong()))
                .containsExactly(Math.min(english, chinese), Math.max(english, chinese));
        assertThat(pair.get("sharedPlaces").toString()).isEqualTo("[\"Sihanoukville\"]");
        assertThat(pair.get("daysApart").asInt()).isEqualTo(1);
        assertThat(pair.get("distanceMeters").asInt()).isBetween(250, 350);
        assertThat(pair.get("titleSimilarity").asDouble()).isGreaterThan(0.5);
        assertThat(pair.get("reasons").toString()).contains("1 days apart").contains("both name the same place");
        assertThat(pair.get("score").asDouble()).isBetween(0.0, 1.0);

        // the parameters decide: a day's window and 200 m leave nothing
        assertThat(pairs("from=1931-01-01&to=1931-12-31&days=0")).isEmpty();
        assertThat(pairs("from=1931-01-01&to=1931-12-31&distance=200")).isEmpty();
        // the later raid joins when 100 days are allowed
        assertThat(pairs("from=1931-01-01&to=1931-12-31&days=100")).hasSize(3);
    }

    @Test
    void titlesInTwoScriptsWithoutAPlaceNameDoNotMeet() {
        // what the normalisation cannot do: translate words ("raid" / "突袭"); only place names are shared
        create("dup-noplace-en", "raid", "Police raid on a compound", "1932-03-05", SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/noplace")));
        create("dup-noplace-zh", "raid", "警方突袭园区", "1932-03-05", NEAR_SIHANOUKVILLE,
                sources(source("柬中时报", "https://cc-times.example/noplace")));
        assertThat(pairs("from=1932-01-01&to=1932-12-31")).isEmpty();
        assertThat(pairs("from=1932-01-01&to=1932-12-31&minSimilarity=0")).hasSize(1);
    }

    @Test
    void aMergeKeepsEverySourceAndTheHistoryAndUndoRestoresExactly() {
        long survivor = create("dup-merge-s", "raid", "Raid on Golden Fortune compound in Sihanoukville", "1933-03-05",
                SIHANOUKVILLE, sources(source("VOD", "https://vod.example/a"), source("CamboJA", "https://camboja.example/b")));
        long merged = create("dup-merge-m", "raid", "突袭西哈努克金福园区", "1933-03-06", NEAR_SIHANOUKVILLE,
                sources(source("CamboJA", "https://camboja.example/b"), source("柬中时报", "https://cc-times.example/c"),
                        source("Radio", null)));
        String mergedRow = row(merged);
        List<String> mergedSources = sourceRows(merged);
        List<String> survivorSources = sourceRows(survivor);
        String survivorTitle = jdbc.sql("SELECT title FROM incident WHERE id = :id").param("id", survivor)
                .query(String.class).single();
        Map<String, Long> provincesBefore = provinceCounts();
        assertCountsAreExact("before the merge");

        Api.Response r = merge(survivor, merged, 1, 1, "[\"title\"]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        long mergeId = r.json().get("merge").asLong();

        // every source of both, in order, the shared URL once
        assertThat(urls(survivor)).containsExactly("https://vod.example/a", "https://camboja.example/b",
                "https://cc-times.example/c", "Radio");
        assertThat(r.json().get("survivor").get("properties").get("title").asString()).isEqualTo("突袭西哈努克金福园区");
        assertThat(version(survivor)).isEqualTo(2);
        // the merged incident is gone from the incident table and the API, its history stays
        assertThat(row(merged)).isNull();
        assertThat(api.get("/api/incidents/" + merged).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT action FROM incident_history WHERE incident_id = :id ORDER BY id")
                .param("id", merged).query(String.class).list()).containsExactly("create", "merge");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'merge' AND detail ->> 'merge' = :m")
                .param("m", Long.toString(mergeId)).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT jsonb_array_length(merged_sources) FROM incident_merge WHERE id = :id")
                .param("id", mergeId).query(Integer.class).single()).isEqualTo(3);
        Map<String, Long> provincesMerged = provinceCounts();
        assertThat(provincesMerged.get("KH-18")).isEqualTo(provincesBefore.get("KH-18") - 1);
        assertCountsAreExact("after the merge");
        // a second merge of the same incident finds it gone, saying where it went
        Api.Response again = merge(survivor, merged, 2, 1, null);
        assertThat(again.status()).as(again.body()).isEqualTo(410);
        assertThat(again.json().get("detail").asString()).contains("merged into incident " + survivor);

        Api.Response undone = api.send("POST", "/api/merges/" + mergeId + "/undo", null);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(row(merged)).isEqualTo(mergedRow);
        assertThat(sourceRows(merged)).isEqualTo(mergedSources);
        assertThat(sourceRows(survivor)).isEqualTo(survivorSources);
        assertThat(jdbc.sql("SELECT title FROM incident WHERE id = :id").param("id", survivor).query(String.class)
                .single()).isEqualTo(survivorTitle);
        assertThat(version(survivor)).isEqualTo(3);
        assertThat(provinceCounts()).isEqualTo(provincesBefore);
        assertCountsAreExact("after the undo");
        assertThat(api.send("POST", "/api/merges/" + mergeId + "/undo", null).status()).isEqualTo(409);
        assertThat(api.get("/api/merges").json().get(0).get("undoneBy").asString()).isEqualTo("analyst");
    }

    @Test
    void aStaleVersionIsRefusedAndNothingChanges() {
        long survivor = create("dup-stale-s", "raid", "Raid in Sihanoukville (stale)", "1934-03-05", SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/stale-a")));
        long merged = create("dup-stale-m", "raid", "突袭西哈努克", "1934-03-05", NEAR_SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/stale-b")));
        String before = row(survivor) + row(merged) + sourceRows(survivor) + sourceRows(merged);
        long merges = jdbc.sql("SELECT count(*) FROM incident_merge").query(Long.class).single();

        Api.Response stale = merge(survivor, merged, 1, 7, null);
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.json().get("currentVersions").get("merged").asInt()).isEqualTo(1);
        Api.Response noVersions = api.send("POST", "/api/duplicates/merge",
                "{\"survivor\":" + survivor + ",\"merged\":" + merged + "}");
        assertThat(noVersions.status()).isEqualTo(428);
        Api.Response badField = merge(survivor, merged, 1, 1, "[\"externalId\"]");
        assertThat(badField.status()).isEqualTo(400);
        assertThat(badField.json().get("parameter").asString()).isEqualTo("take");

        assertThat(row(survivor) + row(merged) + sourceRows(survivor) + sourceRows(merged)).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM incident_merge").query(Long.class).single()).isEqualTo(merges);
    }

    @Test
    void aMergeThatWouldBreakARuleIsRefusedAndNothingChanges() {
        long survivor = create("dup-rule-s", "raid", "Raid in Sihanoukville (rule)", "1940-03-05", SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/rule-a")));
        long merged = create("dup-rule-m", "raid", "突袭西哈努克", "1940-03-01", NEAR_SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/rule-b")));
        jdbc.sql("UPDATE incident SET end_date = '1940-03-02' WHERE id = :id").param("id", merged).update();
        String before = row(survivor) + row(merged) + sourceRows(survivor) + sourceRows(merged);
        // the survivor would end (3 March) before it starts (5 March)
        Api.Response r = merge(survivor, merged, 1, 1, "[\"endDate\"]");
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().get("parameter").asString()).isEqualTo("take");
        assertThat(row(survivor) + row(merged) + sourceRows(survivor) + sourceRows(merged)).isEqualTo(before);
    }

    @Test
    void undoIsRefusedWhenTheSurvivorWasEditedSince() {
        long survivor = create("dup-edited-s", "raid", "Raid in Sihanoukville (edited)", "1935-03-05", SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/edited-a")));
        long merged = create("dup-edited-m", "raid", "突袭西哈努克", "1935-03-05", NEAR_SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/edited-b")));
        long mergeId = merge(survivor, merged, 1, 1, null).json().get("merge").asLong();
        jdbc.sql("UPDATE incident SET title = 'edited since', version = version + 1 WHERE id = :id")
                .param("id", survivor).update();
        String before = row(survivor) + sourceRows(survivor);
        Api.Response r = api.send("POST", "/api/merges/" + mergeId + "/undo", null);
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(row(survivor) + sourceRows(survivor)).isEqualTo(before);
        assertThat(row(merged)).isNull();
    }

    @Test
    void aSurvivorBecomesSensitiveWhenTheMergedOneWasAndUndoGivesBackItsOwn() {
        long open = create("dup-sensitive-s", "raid", "Raid in Sihanoukville (open)", "1939-03-05", SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/open")));
        long hidden = create("dup-sensitive-m", "raid", "突袭西哈努克", "1939-03-05", NEAR_SIHANOUKVILLE,
                sources(source("Informant note", "https://notes.example/hidden")));
        jdbc.sql("UPDATE incident SET sensitive = true WHERE id = :id").param("id", hidden).update();
        long mergeId = merge(open, hidden, 1, 1, null).json().get("merge").asLong();
        // the hidden incident's source URL now belongs to the survivor: viewers must not see it through it
        assertThat(jdbc.sql("SELECT sensitive FROM incident WHERE id = :id").param("id", open).query(Boolean.class)
                .single()).isTrue();
        Api.Response viewed = new Api(port, "viewer").get("/api/incidents/" + open);
        assertThat(viewed.status()).as(viewed.body()).isEqualTo(200);
        assertThat(viewed.body()).doesNotContain("notes.example").doesNotContain("vod.example");
        assertThat(api.send("POST", "/api/merges/" + mergeId + "/undo", null).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT sensitive FROM incident WHERE id = :id").param("id", open).query(Boolean.class)
                .single()).isFalse();
    }

    @Test
    void aPairKeptApartIsNotListedAgain() {
        long a = create("dup-apart-a", "rescue", "Rescue in Sihanoukville", "1936-03-05", SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/apart-a")));
        long b = create("dup-apart-b", "rescue", "Rescue of workers in Sihanoukville", "1936-03-05", NEAR_SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/apart-b")));
        assertThat(pairs("from=1936-01-01&to=1936-12-31")).hasSize(1);
        Api.Response r = api.send("POST", "/api/duplicates/keep-apart", "{\"a\":" + b + ",\"b\":" + a + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(pairs("from=1936-01-01&to=1936-12-31")).isEmpty();
        assertThat(api.send("POST", "/api/duplicates/keep-apart", "{\"a\":" + a + ",\"b\":" + b + "}").status())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'keep-apart' AND entity_id = :id")
                .param("id", Long.toString(Math.min(a, b))).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void viewersAreRefusedAndNothingChanges() {
        long a = create("dup-viewer-a", "raid", "Raid in Sihanoukville (viewer)", "1937-03-05", SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/viewer-a")));
        long b = create("dup-viewer-b", "raid", "突袭西哈努克", "1937-03-05", NEAR_SIHANOUKVILLE,
                sources(source("VOD", "https://vod.example/viewer-b")));
        Api viewer = new Api(port, "viewer");
        Api.Response list = viewer.get("/api/duplicates?from=1937-01-01&to=1937-12-31");
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.contentType()).startsWith("application/problem+json");
        assertThat(viewer.get("/api/merges").status()).isEqualTo(403);
        String before = row(a) + row(b);
        assertThat(viewer.send("POST", "/api/duplicates/merge", "{\"survivor\":" + a + ",\"merged\":" + b
                + ",\"versions\":{\"survivor\":1,\"merged\":1}}").status()).isEqualTo(403);
        assertThat(viewer.send("POST", "/api/duplicates/keep-apart", "{\"a\":" + a + ",\"b\":" + b + "}").status())
                .isEqualTo(403);
        assertThat(row(a) + row(b)).isEqualTo(before);
        assertThat(pairs("from=1937-01-01&to=1937-12-31")).hasSize(1);
    }

    @Test
    void badParametersAreNamed() {
        for (String query : List.of("distance=-1", "days=400", "minSimilarity=2", "limit=0", "bbox=1,2,3",
                "from=1929-06-01&to=1929-01-01", "category=DROP%20TABLE", "colour=red")) {
            Api.Response r = api.get("/api/duplicates?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    /** Incidents per province as the analyst's /api/provinces gives them (only provinces with incidents). */
    Map<String, Long> provinceCounts() {
        Api.Response r = api.get("/api/provinces?geometry=false");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode f : r.json().get("features")) {
            long n = f.get("properties").path("count").asLong(0);
            if (n > 0) {
                counts.put(f.get("properties").get("code").asString(), n);
            }
        }
        return counts;
    }

    /** /api/provinces equals the exact count of incident rows per province, and incident_month_count a fresh count. */
    void assertCountsAreExact(String when) {
        Map<String, Long> exact = new TreeMap<>();
        jdbc.sql("SELECT province, count(*) FROM incident WHERE province IS NOT NULL GROUP BY province")
                .query((row, n) -> exact.put(row.getString(1), row.getLong(2))).list();
        Map<String, Long> served = provinceCounts();
        assertThat(served).as("/api/provinces " + when).isEqualTo(exactInBoundaries(exact));
        Long differences = jdbc.sql("""
                WITH fresh AS (
                    SELECT coalesce(province, '') AS province, coalesce(province_public, '') AS province_public,
                           country, category, CAST(date_trunc('month', start_date) AS date) AS start_month,
                           coalesce(CAST(date_trunc('month', end_date) AS date), DATE 'infinity') AS end_month,
                           count(*) AS n
                    FROM incident GROUP BY 1, 2, 3, 4, 5, 6
                ), kept AS (SELECT province, province_public, country, category, start_month, end_month, n
                            FROM incident_month_count)
                SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) a)
                     + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) b)""")
                .query(Long.class).single();
        assertThat(differences).as("incident_month_count rows differing from a fresh count " + when).isZero();
    }

    /** The exact counts of the provinces the boundary set has (an incident may name one it lacks, e.g. KH-25). */
    Map<String, Long> exactInBoundaries(Map<String, Long> exact) {
        List<String> codes = jdbc.sql("SELECT code FROM boundary").query(String.class).list();
        Map<String, Long> kept = new TreeMap<>(exact);
        kept.keySet().retainAll(codes);
        return kept;
    }
}
