package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.incidentmapper.Api;
import org.incidentmapper.answer.AnswerCache;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.synthetic.SyntheticIncidents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Answers kept by {@link AnswerCache} never outlive the data: after every kind of write (create, edit, delete,
 * import, re-import, boundary replacement, synthetic generate and remove, a category's label) each kept answer an
 * analyst gets equals the answer computed afresh (the cache emptied), and the write did change some of them, so a
 * cache that missed a write would fail here. Viewers' answers are kept apart from analysts'.
 */
@WriteIntegrationTest
class KeptAnswersTest {

    /** Every cached endpoint, with a filter whose answer the writes below change. */
    static final List<String> REQUESTS = List.of("/api/provinces?geometry=false",
            "/api/provinces?category=raid,compound&from=2019-01&to=2023-12",
            "/api/provinces/timeline?interval=year", "/api/provinces/timeline?interval=month&from=2019-01&to=2021-12",
            "/api/provinces/spread", "/api/provinces/spread?country=KHM", "/api/categories",
            "/api/incidents?view=map&limit=3000&q=Cachecheck", "/api/incidents?view=map&limit=2&q=Cachecheck&category=raid",
            "/ogc/collections", "/ogc/collections/compound");

    @LocalServerPort
    int port;
    @Autowired
    AnswerCache answers;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticIncidents synthetic;
    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @AfterEach
    void cleanUp() {
        jdbc.update("DELETE FROM incident WHERE title LIKE 'Cachecheck%'");
        jdbc.update("UPDATE category SET label = 'Raid' WHERE key = 'raid'");
        synthetic.remove();
    }

    @Test
    void everyKindOfWriteRenewsTheKeptAnswers(@Autowired BoundaryImporter importer) {
        Map<String, String> before = kept();
        Api.Response created = api.send("POST", "/api/incidents", """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.92, 11.55]},
                 "properties": {"category": "raid", "title": "Cachecheck raid", "startDate": "2021-03-04",
                                "locationPrecision": "exact", "country": "KHM",
                                "sources": [{"outlet": "Test", "url": "https://example.org/cache-test"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        before = assertRenewed("a create", before);

        Api.Response edited = api.send("PUT", "/api/incidents/" + id, """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [103.53, 10.61]},
                 "properties": {"category": "compound", "title": "Cachecheck compound", "startDate": "2019-07-01",
                                "locationPrecision": "exact", "country": "KHM", "version": 1,
                                "sources": [{"outlet": "Test", "url": "https://example.org/cache-test"}]}}""");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        before = assertRenewed("an edit", before);

        Api.Response deleted = api.send("DELETE", "/api/incidents/" + id, null, "If-Match", "W/\"2\"");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        before = assertRenewed("a delete", before);

        String csv = """
                external_id,category,title,start_date,end_date,lon,lat,location_precision,country
                cache-1,raid,Cachecheck import one,2020-05,,102.56,13.66,town,KHM
                cache-2,compound,Cachecheck import two,2018-01-15,2024-02-01,106.13,11.06,approximate,KHM
                """;
        Api.Response imported = api.upload("/api/imports", "cache.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        before = assertRenewed("an import", before);
        imported = api.upload("/api/imports", "cache.csv",
                csv.replace("2018-01-15", "2017-12-31").getBytes(StandardCharsets.UTF_8));
        assertThat(imported.json().get("updated").asInt()).as(imported.body()).isEqualTo(1);
        before = assertRenewed("a re-import changing one start date", before);

        jdbc.update("UPDATE boundary SET name = name || ' (renamed)' WHERE code = 'KH-12'");
        before = assertRenewed("a boundary renamed", before);
        importer.importFile(Path.of("../data/boundaries/admin1.geojson"),
                BoundaryImport.naturalEarth("Natural Earth 4.1 admin-1 (admin1.geojson)"));
        before = assertRenewed("replacing the boundaries", before);

        jdbc.update("UPDATE category SET label = 'Raid (renamed)' WHERE key = 'raid'");
        before = assertRenewed("a category relabelled", before);

        synthetic.generate(300, n -> { });
        before = assertRenewed("generating 300", before);
        synthetic.remove();
        assertRenewed("removing them", before);
    }

    /**
     * A viewer's answers are kept too, apart from analysts': whichever of the two asked first, each gets what a fresh
     * computation for its own role gives; the two differ (the fixture's one hospital admission is counted for an
     * analyst and withheld from a viewer), so a cache that mixed them up would fail here.
     */
    @Test
    void viewersAndAnalystsAnswersAreKeptApart() {
        Api viewer = new Api(port, "viewer");
        Map<String, String> viewers = new LinkedHashMap<>();
        Map<String, String> analysts = new LinkedHashMap<>();
        for (String request : REQUESTS) {
            answers.clear();
            viewers.put(request, response(viewer, request));
            answers.clear();
            analysts.put(request, get(request));
        }
        for (String request : List.of("/api/categories", "/api/provinces?geometry=false")) {
            assertThat(viewers.get(request)).as(request + ": a viewer's answer is not an analyst's")
                    .isNotEqualTo("200 " + analysts.get(request));
        }
        for (String request : REQUESTS) {
            answers.clear();
            response(viewer, request);
            assertThat(get(request)).as(request + " for an analyst after a viewer's").isEqualTo(analysts.get(request));
            assertThat(response(viewer, request)).as(request + " kept for a viewer").isEqualTo(viewers.get(request));
            answers.clear();
            get(request);
            assertThat(response(viewer, request)).as(request + " for a viewer after an analyst's")
                    .isEqualTo(viewers.get(request));
            assertThat(get(request)).as(request + " kept for an analyst").isEqualTo(analysts.get(request));
        }
        answers.clear();
        long[] start = answers.hitsAndMisses();
        response(viewer, "/api/categories");
        response(viewer, "/api/categories");
        long[] after = answers.hitsAndMisses();
        assertThat(new long[] {after[0] - start[0], after[1] - start[1]})
                .as("a viewer's second request is a hit, the first a miss").containsExactly(1, 1);
    }

    /** Status and body of a request as {@code caller} (a viewer may be refused some: 403). */
    static String response(Api caller, String request) {
        Api.Response r = caller.get(request);
        assertThat(r.status()).as(request + ": " + r.body()).isIn(200, 403);
        return r.status() + " " + r.body();
    }

    /** What an analyst gets now (kept answers warmed first: each request twice). */
    Map<String, String> kept() {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String request : REQUESTS) {
            get(request);
            answers.put(request, get(request));
        }
        return answers;
    }

    /** After a write: every answer is what a fresh computation gives, and some differ from before the write. */
    Map<String, String> assertRenewed(String write, Map<String, String> before) {
        Map<String, String> now = kept();
        answers.clear();
        for (String request : REQUESTS) {
            assertThat(now.get(request)).as(request + " after " + write + " equals a fresh answer")
                    .isEqualTo(get(request));
        }
        assertThat(now).as("answers after " + write).isNotEqualTo(before);
        return now;
    }

    String get(String request) {
        Api.Response r = api.get(request);
        assertThat(r.status()).as(request + ": " + r.body()).isEqualTo(200);
        return r.body();
    }
}
