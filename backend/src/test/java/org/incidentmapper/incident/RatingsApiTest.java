package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * "How sure we are" (README): the rule of {@code admiralty_best} as a table (sources in → rating out), validation of
 * grades naming the source row and field with nothing written, the rating filters on /api/incidents and the
 * endpoints sharing them (bad values a 400 naming the parameter), and counts under a rating filter equal to an exact
 * count (the precomputed month counts know no ratings and must not answer them). The class owns its incidents
 * (title marker {@value #MARKER}, start in 2011, a year no fixture or other test uses).
 */
@WriteIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RatingsApiTest {

    static final String MARKER = "ratingtest";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;

    /** Title suffix → sources (outlet reliability/credibility, "-" for not rated); expected rating in the title. */
    static final Map<String, String> OWN = new TreeMap<>(Map.of(
            "A2", "VOD A/2",
            "C3", "VOD C/3",
            "C1", "VOD C/3; Khmer Times D/3",
            "none", "",
            "E5", "VOD E/5",
            "F6", "RFA -/-"));

    @BeforeAll
    void createOwnIncidents() {
        api = new Api(port);
        int n = 0;
        for (var e : OWN.entrySet()) {
            n++;
            String body = """
                    {"type":"Feature","geometry":{"type":"Point","coordinates":[104.92,11.55]},
                     "properties":{"category":"raid","title":"%s %s","startDate":"2011-0%d-10","province":"KH-12",
                       "locationPrecision":"town","country":"KHM","sources":%s}}"""
                    .formatted(MARKER, e.getKey(), n, sourcesJson(e.getValue()));
            Api.Response r = api.send("POST", "/api/incidents", body);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String expected = e.getKey().equals("none") ? null : e.getKey();
            JsonNode rating = r.json().get("properties").get("rating");
            assertThat(rating.isNull() ? null : rating.asString()).as(e.getKey()).isEqualTo(expected);
        }
    }

    /** "VOD B/3; Khmer Times -/2" → the sources' JSON. */
    static String sourcesJson(String sources) {
        List<String> json = new ArrayList<>();
        for (String s : sources.isBlank() ? new String[0] : sources.split(";")) {
            String[] parts = s.strip().split(" (?=[A-F-]/)");
            String[] grade = parts[1].split("/");
            json.add("{\"outlet\":\"" + parts[0] + "\"" + (grade[0].equals("-") ? "" : ",\"reliability\":\"" + grade[0]
                    + "\"") + (grade[1].equals("-") ? "" : ",\"credibility\":" + grade[1]) + "}");
        }
        return "[" + String.join(",", json) + "]";
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            ''                                               | null
            VOD -/-                                          | F6
            VOD B/3                                          | B3
            VOD E/1                                          | E1
            VOD B/3; VOD A/2                                 | A2
            VOD B/3; ' vod ' C/3                             | B3
            VOD B/3; Khmer Times C/3                         | B1
            VOD C/3; Khmer Times B/6                         | B1
            VOD B/3; Khmer Times A/5                         | B3
            VOD D/4; Khmer Times E/5                         | D4
            VOD -/-; Khmer Times -/-                         | F1
            VOD C/2; Khmer Times A/4; RFA B/2                | B1
            VOD A/4; Khmer Times B/3                         | B3
            """)
    void theBestSupportedRatingRule(String sources, String expected) {
        List<String> reliability = new ArrayList<>();
        List<Integer> credibility = new ArrayList<>();
        List<String> outlets = new ArrayList<>();
        for (String s : sources.isBlank() ? new String[0] : sources.split(";")) {
            String[] parts = s.strip().split(" (?=[A-F-]/)");
            String[] grade = parts[1].split("/");
            outlets.add(parts[0].replace("'", ""));
            reliability.add(grade[0].equals("-") ? null : grade[0]);
            credibility.add(grade[1].equals("-") ? null : Integer.valueOf(grade[1]));
        }
        String rating = jdbc.sql("SELECT admiralty_best(CAST(:r AS text[]), CAST(:c AS smallint[]), CAST(:o AS text[]))")
                .param("r", reliability.toArray(new String[0]))
                .param("c", credibility.toArray(new Integer[0]))
                .param("o", outlets.toArray(new String[0]))
                .query(String.class).optional().orElse(null);
        assertThat(rating).isEqualTo(expected);
    }

    @Test
    void badGradesAre422NamingTheSourceRowAndFieldAndWriteNothing() {
        long before = jdbc.sql("SELECT count(*) FROM incident").query(Long.class).single();
        Api.Response r = api.send("POST", "/api/incidents", """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[104.92,11.55]},
                 "properties":{"category":"raid","title":"ratingtest bad","startDate":"2011-01-10",
                   "locationPrecision":"town","country":"KHM",
                   "sources":[{"outlet":"VOD","reliability":"G","credibility":7},
                              {"outlet":"RFA","reliability":"b","credibility":"2"},
                              {"outlet":"KT","reliability":1,"credibility":"x"}]}}""");
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        List<String> errors = r.json().get("errors").values().stream()
                .map(e -> e.get("field").asString() + " " + e.get("message").asString()).toList();
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).startsWith("sources[1].reliability must be one of A–F (A – Completely reliable")
                .endsWith("not 'G'");
        assertThat(errors.get(1)).startsWith("sources[1].credibility must be one of 1–6 (1 – Confirmed by other")
                .endsWith("not '7'");
        assertThat(errors.get(2)).startsWith("sources[3].reliability must be one of A–F");
        assertThat(errors.get(3)).startsWith("sources[3].credibility must be one of 1–6").endsWith("not 'x'");
        assertThat(jdbc.sql("SELECT count(*) FROM incident").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void importsNameTheColumnOfABadGradeAndRecomputeTheRating() {
        long before = jdbc.sql("SELECT count(*) FROM incident").query(Long.class).single();
        String csv = """
                external_id,category,title,start_date,lon,lat,location_precision,country,source_outlet,source_reliability,source2_outlet,source2_credibility
                rimport-1,raid,rimport one,2010-03-01,104.9,11.5,town,KHM,VOD,B,RFA,9
                """;
        Api.Response refused = api.upload("/api/imports", "grades.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        JsonNode row = refused.json().get("rows").get(0);
        assertThat(row.get("field").asString()).isEqualTo("source2_credibility");
        assertThat(row.get("message").asString()).contains("must be one of 1–6").contains("not '9'");
        assertThat(jdbc.sql("SELECT count(*) FROM incident").query(Long.class).single()).isEqualTo(before);

        // a rating given in the file is not input: it is always made from the sources
        String geojson = """
                {"type":"FeatureCollection","features":[{"type":"Feature",
                  "geometry":{"type":"Point","coordinates":[104.9,11.5]},
                  "properties":{"externalId":"rimport-2","category":"raid","title":"rimport two",
                    "startDate":"2010-04-01","locationPrecision":"town","country":"KHM","rating":"A1",
                    "sources":[{"outlet":"VOD","reliability":"d","credibility":"4"}]}}]}""";
        Api.Response imported = api.upload("/api/imports", "rated.geojson", geojson.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        JsonNode stored = api.get("/api/incidents?q=rimport").json().get("features").get(0).get("properties");
        assertThat(stored.get("rating").asString()).isEqualTo("D4");
        assertThat(stored.get("sources").get(0).get("reliability").asString()).isEqualTo("D");
        jdbc.sql("DELETE FROM incident WHERE external_id = 'rimport-2'").update();
    }

    /**
     * incident_rating (V73) follows every write of sources, whoever writes them: the edit API, and plain SQL as a
     * merge of duplicates would (update a grade, add a source, delete them all); and it equals a fresh computation.
     */
    @Test
    void theKeptRatingFollowsEveryWriteOfSources() {
        Api.Response created = api.send("POST", "/api/incidents", """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[104.92,11.55]},
                 "properties":{"externalId":"rkept-1","category":"raid","title":"rkept raid","startDate":"2010-05-01",
                   "locationPrecision":"town","country":"KHM","sources":[{"outlet":"VOD","reliability":"C","credibility":3}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(ratingOf(id)).isEqualTo("C3");
        jdbc.sql("UPDATE incident_source SET credibility = 2 WHERE incident_id = :id").param("id", id).update();
        assertThat(ratingOf(id)).isEqualTo("C2");
        jdbc.sql("INSERT INTO incident_source (incident_id, position, outlet) VALUES (:id, 2, 'RFA')").param("id", id)
                .update();
        assertThat(ratingOf(id)).as("two outlets agree").isEqualTo("C1");
        jdbc.sql("DELETE FROM incident_source WHERE incident_id = :id").param("id", id).update();
        assertThat(ratingOf(id)).isNull();
        Api.Response got = api.get("/api/incidents/" + id);
        String edited = got.body().replace("\"sources\" : []", "\"sources\" : [{\"outlet\":\"VOD\",\"reliability\":\"A\"}]");
        assertThat(edited).isNotEqualTo(got.body());
        Api.Response put = api.send("PUT", "/api/incidents/" + id, edited, "If-Match", got.etag());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("properties").get("rating").asString()).isEqualTo("A6");

        long differences = jdbc.sql("""
                WITH fresh AS (
                    SELECT s.incident_id, admiralty_best(array_agg(s.reliability ORDER BY s.position),
                               array_agg(s.credibility ORDER BY s.position), array_agg(s.outlet ORDER BY s.position))
                    FROM incident_source s GROUP BY s.incident_id)
                SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT SELECT * FROM incident_rating) a)
                     + (SELECT count(*) FROM (SELECT * FROM incident_rating EXCEPT SELECT * FROM fresh) b)""")
                .query(Long.class).single();
        assertThat(differences).isZero();
        jdbc.sql("DELETE FROM incident WHERE id = :id").param("id", id).update();
        assertThat(jdbc.sql("SELECT count(*) FROM incident_rating WHERE incident_id = :id").param("id", id)
                .query(Long.class).single()).isZero();
    }

    /** A merge of duplicates (duplicate/) moves sources: the survivor is rated from all of them, and undo restores both. */
    @Test
    void aMergeOfDuplicatesRatesTheSurvivorFromEverySourceAndUndoRestores() {
        long survivor = rkept("rmerge-s", "VOD", "C", 3);
        long merged = rkept("rmerge-m", "Khmer Times", "B", 3);
        Api.Response merge = api.send("POST", "/api/duplicates/merge", """
                {"survivor":%d,"merged":%d,"versions":{"survivor":1,"merged":1}}""".formatted(survivor, merged));
        assertThat(merge.status()).as(merge.body()).isEqualTo(200);
        assertThat(ratingOf(survivor)).as("two outlets now support it").isEqualTo("B1");
        assertThat(jdbc.sql("SELECT count(*) FROM incident_rating WHERE incident_id = :id").param("id", merged)
                .query(Long.class).single()).isZero();
        Api.Response undone = api.send("POST", "/api/merges/" + merge.json().get("merge").asLong() + "/undo", null);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(ratingOf(survivor)).isEqualTo("C3");
        assertThat(ratingOf(merged)).isEqualTo("B3");
    }

    private long rkept(String externalId, String outlet, String reliability, int credibility) {
        Api.Response created = api.send("POST", "/api/incidents", """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[104.93,11.56]},
                 "properties":{"externalId":"%s","category":"raid","title":"rmerge raid on the compound","startDate":"2010-07-01",
                   "locationPrecision":"town","country":"KHM",
                   "sources":[{"outlet":"%s","reliability":"%s","credibility":%d}]}}"""
                .formatted(externalId, outlet, reliability, credibility));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private String ratingOf(long id) {
        JsonNode rating = api.get("/api/incidents/" + id).json().get("properties").get("rating");
        return rating.isNull() ? null : rating.asString();
    }

    @Test
    void theDatabaseRefusesGradesOutsideTheScalesToo() {
        long id = jdbc.sql("SELECT incident_id FROM incident_source LIMIT 1").query(Long.class).single();
        for (String set : List.of("reliability = 'G'", "reliability = 'a'", "credibility = 0", "credibility = 7")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                    "UPDATE incident_source SET " + set + " WHERE incident_id = :id").param("id", id).update())
                    .as(set).hasMessageContaining("incident_source_");
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                 | A2 C1 C3 E5 F6 none
            confirmed=true                     | A2 C1
            confirmed=false                    | A2 C1 C3 E5 F6 none
            minRating=C3                       | A2 C1 C3
            minRating=c3&confirmed=true        | A2 C1
            reliability=A,C                    | A2 C1 C3
            reliability=c&credibility=3        | C3
            credibility=5,6                    | E5 F6
            reliability=A&credibility=3        | ''
            reliability=A&minRating=B3&credibility=4 | ''
            """)
    void ratingFiltersSelectByTheIncidentsRating(String filter, String expected) {
        String query = "/api/incidents?q=" + MARKER + (filter.isEmpty() ? "" : "&" + filter);
        Api.Response r = api.get(query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> got = r.json().get("features").values().stream()
                .map(f -> f.get("properties").get("title").asString().substring(MARKER.length() + 1)).sorted().toList();
        assertThat(String.join(" ", got)).as(query).isEqualTo(expected);
        // the export shares the filter
        Api.Response csv = api.get("/api/export?format=csv&q=" + MARKER + (filter.isEmpty() ? "" : "&" + filter));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().count() - 1).as("CSV rows of " + filter).isEqualTo(got.size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            reliability=G       | reliability
            credibility=7       | credibility
            credibility=1,two   | credibility
            minRating=3C        | minRating
            minRating=B         | minRating
            confirmed=yes       | confirmed
            """)
    void badRatingParametersAre400NamingTheParameter(String query, String parameter) {
        for (String path : List.of("/api/incidents?", "/api/incidents/clusters?zoom=5&", "/api/provinces?",
                "/api/export?format=csv&", "/tiles/incidents/5/25/14.mvt?")) {
            Api.Response r = api.get(path + query);
            assertThat(r.status()).as(path + query + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().get("parameter").asString()).as(path + query).isEqualTo(parameter);
        }
    }

    /**
     * Provinces (whole months: the precomputed path for an unrated filter), the timeline and clusters under a rating
     * filter equal a count of the incidents themselves; and the rated count differs from the unrated one, so a path
     * that ignored the rating would fail here.
     */
    @Test
    void countsUnderARatingFilterAreExact() {
        String window = "from=2011-01&to=2011-12&province=KH-12";
        for (String rating : List.of("confirmed=true", "minRating=C3", "credibility=5,6&reliability=E,F")) {
            String pattern = rating.equals("confirmed=true") ? "^[A-F][12]$"
                    : rating.equals("minRating=C3") ? "^[A-C][1-3]$" : "^[EF][56]$";
            long exact = jdbc.sql("SELECT count(*) FROM incident i WHERE i.province = 'KH-12' AND daterange(i.start_date, "
                    + "i.end_date, '[]') && daterange('2011-01-01', '2011-12-31', '[]') AND "
                    + SourceFields.INCIDENT_RATING_SQL + " ~ :p").param("p", pattern).query(Long.class).single();
            long unrated = jdbc.sql("SELECT count(*) FROM incident i WHERE i.province = 'KH-12' AND daterange(i.start_date, "
                    + "i.end_date, '[]') && daterange('2011-01-01', '2011-12-31', '[]')").query(Long.class).single();
            assertThat(exact).as(rating).isPositive().isLessThan(unrated);

            JsonNode provinces = api.get("/api/provinces?geometry=false&" + window + "&" + rating).json();
            long province = 0;
            for (JsonNode f : provinces.get("features").values()) {
                if ("KH-12".equals(f.get("properties").get("code").asString())) {
                    province = f.get("properties").get("count").asLong();
                }
            }
            assertThat(province).as("/api/provinces " + rating).isEqualTo(exact);

            JsonNode timeline = api.get("/api/provinces/timeline?interval=month&" + window + "&" + rating).json();
            assertThat(timeline.toString()).as("timeline " + rating).isEqualTo(
                    api.get("/api/provinces/timeline?interval=month&" + window + "&" + rating
                            + "&bbox=-180,-90,180,90").json().toString());

            JsonNode clusters = api.get("/api/incidents/clusters?zoom=5&" + window + "&" + rating).json();
            assertThat(clusters.get("count").asLong()).as("clusters " + rating).isEqualTo(exact);
            assertThat(api.get("/api/incidents?" + window + "&" + rating).json().get("numberMatched").asLong())
                    .as("/api/incidents " + rating).isEqualTo(exact);
        }
    }

    @Test
    void viewersSeeTheRatingsAndFilterByThem() {
        Api viewer = new Api(port, "viewer");
        JsonNode features = viewer.get("/api/incidents?q=" + MARKER + "&confirmed=true").json().get("features");
        assertThat(features.values().stream().map(f -> f.get("properties").get("rating").asString()).sorted())
                .containsExactly("A2", "C1");
        JsonNode source = features.values().stream().filter(f -> f.get("properties").get("rating").asString()
                .equals("C1")).findFirst().orElseThrow().get("properties").get("sources").get(1);
        assertThat(source.get("reliability").asString()).isEqualTo("D");
        assertThat(source.get("credibility").asInt()).isEqualTo(3);
    }

    @Test
    void schemaLabelsAndDescribesEveryGrade() {
        JsonNode source = api.get("/api/schema").json().at("/properties/properties/properties/sources/items/properties");
        assertThat(source.at("/reliability/enum").toString()).isEqualTo("[\"A\",\"B\",\"C\",\"D\",\"E\",\"F\",null]");
        assertThat(source.at("/credibility/enum").toString()).isEqualTo("[1,2,3,4,5,6,null]");
        assertThat(source.at("/credibility/oneOf/1/title").asString()).isEqualTo("2 – Probably true");
        assertThat(source.at("/reliability/oneOf/5/description").asString()).contains("no basis to judge");
        JsonNode queryables = api.get("/ogc/collections/incidents/queryables").json();
        assertThat(queryables.at("/properties/rating/type").asString()).isEqualTo("string");
        Api.Response cql = api.get("/ogc/collections/incidents/items?f=json&filter=" + java.net.URLEncoder.encode(
                "rating IN ('A2','C1') AND title LIKE '" + MARKER + "%'", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(cql.status()).as(cql.body()).isEqualTo(200);
        assertThat(cql.json().get("features").size()).isEqualTo(2);
        Api.Response items = api.get("/ogc/collections/incidents/items?f=json&confirmed=true&q=" + MARKER);
        assertThat(items.status()).as(items.body()).isEqualTo(200);
        assertThat(items.json().get("features").size()).isEqualTo(2);
    }
}
