package org.incidentmapper.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.incidentmapper.site.SiteBodies.create;
import static org.incidentmapper.site.SiteBodies.encode;
import static org.incidentmapper.site.SiteBodies.ids;
import static org.incidentmapper.site.SiteBodies.point;
import static org.incidentmapper.site.SiteBodies.site;

import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/**
 * /api/sites and /api/relocations for analysts: search by names in any script, the lifecycle in time order, time
 * windows, arcs from site to site, incidents linked by siteId, validation problems naming the field, If-Match.
 */
@WriteIntegrationTest
class SiteApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    Api analyst;

    @BeforeEach
    void setUp() {
        analyst = new Api(port, "analyst");
    }

    private static final String STATES = """
            ,"states":[
              {"state":"closed","startDate":"2022-03","sources":[{"outlet":"Test Daily","reliability":"B","credibility":2}]},
              {"state":"operating","startDate":"2019-06-01","note":"first reports"},
              {"state":"raided","startDate":"2022-02-20","datePrecision":"day"}]""";

    @Test
    void aliasesInAnyScriptFindTheSameSite() {
        long chinatown = create(analyst, site("Chinatown api-test compound", "compound", point(104.92, 11.56), false,
                ",\"aliases\":[{\"name\":\"Phnom Penh Chinatown\",\"language\":\"en\"}]"));
        long xigang = create(analyst, site("Api-test harbour compound", "compound", point(103.53, 10.61), false,
                ",\"aliases\":[{\"name\":\"西港测试园区\",\"language\":\"zh\"},{\"name\":\"O'Smach Test\"}]"));
        // the alias itself, and through the gazetteer its other names in Khmer and Chinese script
        for (String q : List.of("Phnom Penh Chinatown", "金边", "ភ្នំពេញ", "PHNOM-PENH", "phnom penh")) {
            assertThat(ids(analyst, "/api/sites?q=" + encode(q))).as("q=" + q).contains(chinatown)
                    .doesNotContain(xigang);
        }
        // part of a name in Chinese script; punctuation and case folded as the gazetteer folds them
        assertThat(ids(analyst, "/api/sites?q=" + encode("西港测试"))).contains(xigang).doesNotContain(chinatown);
        assertThat(ids(analyst, "/api/sites?q=" + encode("osmach test"))).contains(xigang);
        assertThat(ids(analyst, "/api/sites?q=" + encode("harbour compound"))).contains(xigang);
        assertThat(ids(analyst, "/api/sites?q=" + encode("Battambang"))).doesNotContain(chinatown, xigang);
        // the list carries the aliases
        JsonNode f = SiteBodies.feature(analyst.get("/api/sites?q=" + encode("金边")).json(), chinatown);
        assertThat(f.get("properties").get("aliases").toString())
                .isEqualTo("[{\"name\":\"Phnom Penh Chinatown\",\"language\":\"en\"}]");
    }

    @Test
    void theLifecycleIsInTimeOrderAndTheStateIsTheOneInForceAtTo() {
        long id = create(analyst, site("Lifecycle api-test compound", "compound", point(103.6, 10.7), false, STATES));
        JsonNode one = analyst.get("/api/sites/" + id).json().get("properties");
        assertThat(one.get("states").values().stream().map(s -> s.get("state").asString() + "@"
                + s.get("startDate").asString()).toList())
                .containsExactly("operating@2019-06-01", "raided@2022-02-20", "closed@2022-03-01");
        assertThat(one.get("states").get(2).get("datePrecision").asString()).isEqualTo("month");
        assertThat(one.get("states").get(0).get("note").asString()).isEqualTo("first reports");
        assertThat(one.get("states").get(2).get("sources").toString()).isEqualTo("[{\"outlet\":\"Test Daily\","
                + "\"url\":null,\"publishedDate\":null,\"language\":null,\"reliability\":\"B\",\"credibility\":2}]");
        assertThat(one.get("state").asString()).as("no 'to': the latest state").isEqualTo("closed");
        assertThat(one.get("province").asString()).as("computed from the point").isEqualTo("KH-18");

        String near = "/api/sites?bbox=103.59,10.69,103.61,10.71";
        assertThat(state(near + "&to=2022-02-25", id)).isEqualTo("raided");
        assertThat(state(near + "&to=2020", id)).isEqualTo("operating");
        // in a window when its lifecycle [2019-06-01, 2022-03-01] overlaps it
        assertThat(ids(analyst, near + "&from=2018-01-01&to=2019-05-31")).doesNotContain(id);
        assertThat(ids(analyst, near + "&from=2019-06-01&to=2019-06-01")).contains(id);
        assertThat(ids(analyst, near + "&from=2022-03-02")).doesNotContain(id);
        assertThat(ids(analyst, near + "&from=2022-03")).contains(id);
        assertThat(ids(analyst, near + "&kind=casino")).doesNotContain(id);
        assertThat(ids(analyst, near + "&kind=compound,casino&country=KHM&province=KH-18")).contains(id);
        assertThat(ids(analyst, near + "&province=KH-12")).doesNotContain(id);
    }

    private String state(String query, long id) {
        return SiteBodies.feature(analyst.get(query).json(), id).get("properties").get("state").asString();
    }

    @Test
    void aNewBoundarySetRecomputesTheProvinceOfEverySite() {
        long id = create(analyst, site("Boundary api-test compound", "compound", point(103.61, 10.71), false, ""));
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            assertThat(province(id)).isEqualTo("KH-18");
            jdbc.sql("DELETE FROM boundary WHERE code = 'KH-18'").update();
            assertThat(province(id)).isNull();
        });
        assertThat(province(id)).isEqualTo("KH-18");
    }

    private String province(long id) {
        return jdbc.sql("SELECT province FROM site WHERE id = :id").param("id", id)
                .query((row, n) -> row.getString(1)).list().get(0);
    }

    @Test
    void aReopenedSiteIsOpenEnded() {
        long id = create(analyst, site("Reopened api-test casino", "casino", point(103.62, 10.72), false, """
                ,"states":[{"state":"operating","startDate":"2018"},{"state":"closed","startDate":"2020-01-01"},
                           {"state":"reopened","startDate":"2021-06-01"}]"""));
        String near = "/api/sites?bbox=103.61,10.71,103.63,10.73";
        assertThat(ids(analyst, near + "&from=2024-01-01")).contains(id);
        assertThat(state(near + "&to=2020-06-30", id)).isEqualTo("closed");
    }

    @Test
    void incidentsLinkToASiteWhichListsThemInTimeOrder() {
        long id = create(analyst, site("Linked api-test compound", "compound", point(103.64, 10.74), false, ""));
        String later = incident("site-api-later", "2023-05-01", ",\"siteId\":" + id);
        String earlier = incident("site-api-earlier", "2021-01-10", ",\"siteId\":" + id);
        Api.Response a = analyst.send("POST", "/api/incidents", later);
        Api.Response b = analyst.send("POST", "/api/incidents", earlier);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(b.status()).as(b.body()).isEqualTo(201);
        assertThat(a.json().get("properties").get("siteId").asLong()).isEqualTo(id);
        JsonNode props = analyst.get("/api/sites/" + id).json().get("properties");
        assertThat(props.get("incidents").values().stream().map(i -> i.get("startDate").asString()).toList())
                .containsExactly("2021-01-10", "2023-05-01");
        assertThat(props.get("incidents").get(0).get("id").asLong()).isEqualTo(b.json().get("id").asLong());
        assertThat(props.get("incidentCount").asInt()).isEqualTo(2);

        // an unknown site is a problem naming siteId, and nothing is written
        long before = jdbc.sql("SELECT count(*) FROM incident").query(Long.class).single();
        Api.Response bad = analyst.send("POST", "/api/incidents", incident("site-api-bad", "2023-01-01",
                ",\"siteId\":987654321"));
        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
        assertThat(bad.json().get("errors").toString()).contains("\"field\":\"siteId\"").contains("no site has id");
        Api.Response word = analyst.send("POST", "/api/incidents", incident("site-api-word", "2023-01-01",
                ",\"siteId\":\"the big one\""));
        assertThat(word.status()).isEqualTo(422);
        assertThat(word.json().get("errors").toString()).contains("\"field\":\"siteId\"");
        assertThat(jdbc.sql("SELECT count(*) FROM incident").query(Long.class).single()).isEqualTo(before);

        // deleting the site unlinks its incidents and keeps them
        Api.Response deleted = analyst.send("DELETE", "/api/sites/" + id, null, "If-Match", "W/\"1\"");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(analyst.get("/api/incidents/" + a.json().get("id").asLong()).json().get("properties")
                .get("siteId").isNull()).isTrue();
    }

    static String incident(String externalId, String date, String extra) {
        return """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[103.64,10.74]},
                 "properties":{"externalId":"%s","category":"raid","title":"Raid at a test site","startDate":"%s",
                   "locationPrecision":"exact","country":"KHM"%s}}""".formatted(externalId, date, extra);
    }

    @Test
    void invalidSitesAreProblemsNamingTheFieldAndWriteNothing() {
        long before = jdbc.sql("SELECT count(*) FROM site").query(Long.class).single();
        assertProblem(site("Bad kind", "palace", point(103, 11), false, ""), 422, "kind");
        assertProblem(site("", "compound", point(103, 11), false, ""), 422, "name");
        assertProblem(site("Bad state", "compound", point(103, 11), false,
                ",\"states\":[{\"state\":\"operating\",\"startDate\":\"2020\"},{\"state\":\"paused\",\"startDate\":\"2021\"}]"),
                422, "states[2].state");
        assertProblem(site("Bad date", "compound", point(103, 11), false,
                ",\"states\":[{\"state\":\"operating\",\"startDate\":\"2020-13-45\"}]"), 422, "states[1].startDate");
        assertProblem(site("Bad source", "compound", point(103, 11), false,
                ",\"states\":[{\"state\":\"raided\",\"startDate\":\"2020\",\"sources\":[{\"outlet\":\"X\",\"url\":\"javascript:alert(1)\"}]}]"),
                422, "states[1].sources[1].url");
        assertProblem(site("Bad rating", "compound", point(103, 11), false,
                ",\"states\":[{\"state\":\"raided\",\"startDate\":\"2020\",\"sources\":[{\"outlet\":\"X\",\"reliability\":\"G\"}]}]"),
                422, "states[1].sources[1].reliability");
        assertProblem(site("Bad alias", "compound", point(103, 11), false, ",\"aliases\":[{\"language\":\"en\"}]"),
                422, "aliases[1].name");
        assertProblem(site("Line", "compound", "{\"type\":\"LineString\",\"coordinates\":[[103,11],[104,12]]}", false,
                ""), 422, "geometry");
        assertProblem(site("Bowtie", "compound", "{\"type\":\"Polygon\",\"coordinates\":[[[103,11],[104,12],[104,11],"
                + "[103,12],[103,11]]]}", false, ""), 422, "geometry");
        assertProblem("{\"type\":\"Feature\",", 400, "body");
        assertProblem("[1,2]", 400, "type");
        assertThat(jdbc.sql("SELECT count(*) FROM site").query(Long.class).single()).isEqualTo(before);
    }

    private void assertProblem(String body, int status, String field) {
        Api.Response r = analyst.send("POST", "/api/sites", body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("parameter").asString()).as(r.body()).isEqualTo(field);
    }

    @Test
    void editsNameTheVersionTheyStartedFrom() {
        long id = create(analyst, site("Versioned api-test compound", "compound", point(103.66, 10.76), false, STATES));
        String changed = site("Versioned api-test compound, renamed", "compound", point(103.66, 10.76), false,
                ",\"states\":[{\"state\":\"reported\",\"startDate\":\"2018\"}]");
        Api.Response none = analyst.send("PUT", "/api/sites/" + id, changed);
        assertThat(none.status()).isEqualTo(428);
        Api.Response saved = analyst.send("PUT", "/api/sites/" + id, changed, "If-Match", "W/\"1\"");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.etag()).isEqualTo("W/\"2\"");
        assertThat(saved.json().get("properties").get("states").size()).as("states replaced").isEqualTo(1);
        // a second edit from version 1 is refused with the site as it is now, and changes nothing
        Api.Response stale = analyst.send("PUT", "/api/sites/" + id, site("Stale edit", "compound", point(103, 11),
                false, ""), "If-Match", "W/\"1\"");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("currentVersion").asInt()).isEqualTo(2);
        assertThat(stale.json().get("current").get("properties").get("name").asString())
                .isEqualTo("Versioned api-test compound, renamed");
        assertThat(analyst.send("DELETE", "/api/sites/" + id, null, "If-Match", "W/\"1\"").status()).isEqualTo(409);
        assertThat(analyst.get("/api/sites/" + id).json().get("properties").get("name").asString())
                .isEqualTo("Versioned api-test compound, renamed");
        assertThat(analyst.send("DELETE", "/api/sites/" + id, null, "If-Match", "W/\"2\"").status()).isEqualTo(204);
        assertThat(analyst.get("/api/sites/" + id).status()).isEqualTo(404);
        assertThat(analyst.send("PUT", "/api/sites/" + id, changed, "If-Match", "W/\"2\"").status()).isEqualTo(404);
    }

    @Test
    void viewersCannotWrite() {
        Api viewer = new Api(port, "viewer");
        long before = jdbc.sql("SELECT count(*) FROM site").query(Long.class).single();
        assertThat(viewer.send("POST", "/api/sites", site("Viewer's site", "compound", point(103, 11), false, ""))
                .status()).isEqualTo(403);
        assertThat(viewer.send("POST", "/api/relocations", "{}").status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM site").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void relocationsAreArcsFromSiteToSiteFollowingTheTimeFilter() {
        long a = create(analyst, site("Arc api-test origin", "compound", point(103.5, 10.6), false, ""));
        long b = create(analyst, site("Arc api-test destination", "casino",
                "{\"type\":\"Polygon\",\"coordinates\":[[[104.9,11.5],[105.0,11.5],[105.0,11.6],[104.9,11.6],[104.9,11.5]]]}",
                false, ""));
        Api.Response created = analyst.send("POST", "/api/relocations", """
                {"fromSiteId":%d,"toSiteId":%d,"kind":"moved","date":"2022-03","note":"after the crackdown",
                 "sources":[{"outlet":"Test Daily","url":"https://example.org/moved","reliability":"B","credibility":2}]}"""
                .formatted(a, b));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        JsonNode arc = created.json();
        assertThat(arc.get("geometry").toString())
                .isEqualTo("{\"type\":\"LineString\",\"coordinates\":[[103.5,10.6],[104.95,11.55]]}");
        assertThat(arc.get("properties").get("fromSite").toString())
                .isEqualTo("{\"id\":" + a + ",\"name\":\"Arc api-test origin\"}");
        assertThat(arc.get("properties").get("datePrecision").asString()).isEqualTo("month");
        assertThat(arc.get("properties").get("date").asString()).isEqualTo("2022-03-01");

        assertThat(ids(analyst, "/api/relocations?from=2022-02&to=2022-03")).contains(id);
        assertThat(ids(analyst, "/api/relocations?from=2022-03-02")).doesNotContain(id);
        assertThat(ids(analyst, "/api/relocations?to=2022-02-28")).doesNotContain(id);
        assertThat(ids(analyst, "/api/relocations?bbox=104.94,11.54,104.96,11.56&kind=moved")).contains(id);
        assertThat(ids(analyst, "/api/relocations?kind=same_operator")).doesNotContain(id);
        assertThat(analyst.get("/api/relocations?kind=teleported").json().get("parameter").asString())
                .isEqualTo("kind");
        assertThat(analyst.get("/api/relocations?from=2023&to=2022").status()).isEqualTo(400);

        long before = jdbc.sql("SELECT count(*) FROM relocation").query(Long.class).single();
        Api.Response unknown = analyst.send("POST", "/api/relocations",
                "{\"fromSiteId\":%d,\"toSiteId\":987654321,\"kind\":\"moved\",\"date\":\"2022\"}".formatted(a));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("parameter").asString()).isEqualTo("toSiteId");
        Api.Response same = analyst.send("POST", "/api/relocations",
                "{\"fromSiteId\":%d,\"toSiteId\":%d,\"kind\":\"moved\",\"date\":\"2022\"}".formatted(a, a));
        assertThat(same.json().get("parameter").asString()).isEqualTo("toSiteId");
        Api.Response noDate = analyst.send("POST", "/api/relocations",
                "{\"fromSiteId\":%d,\"toSiteId\":%d,\"kind\":\"moved\"}".formatted(a, b));
        assertThat(noDate.json().get("parameter").asString()).isEqualTo("date");
        assertThat(jdbc.sql("SELECT count(*) FROM relocation").query(Long.class).single()).isEqualTo(before);

        assertThat(analyst.send("DELETE", "/api/relocations/" + id, null).status()).isEqualTo(428);
        assertThat(analyst.send("DELETE", "/api/relocations/" + id, null, "If-Match", "W/\"2\"").status())
                .isEqualTo(409);
        assertThat(analyst.send("DELETE", "/api/relocations/" + id, null, "If-Match", "W/\"1\"").status())
                .isEqualTo(204);
        assertThat(ids(analyst, "/api/relocations")).doesNotContain(id);
    }

    @Test
    void unknownParametersAreRefused() {
        Api.Response r = analyst.get("/api/sites?knd=compound");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("parameter").asString()).isEqualTo("knd");
        assertThat(analyst.get("/api/sites?kind=palace").json().get("parameter").asString()).isEqualTo("kind");
        assertThat(analyst.get("/api/sites?bbox=1,2,3").json().get("parameter").asString()).isEqualTo("bbox");
        assertThat(analyst.get("/api/sites/987654321").status()).isEqualTo(404);
    }

    @Test
    void hostileSearchTextIsOnlyText() {
        long id = create(analyst, site("Wildcard api-test casino", "casino", point(103.68, 10.78), false, ""));
        long before = jdbc.sql("SELECT count(*) FROM site").query(Long.class).single();
        for (String q : List.of("'; DROP TABLE site; --", "%", "_", "\\", "') OR TRUE --", "名' OR '1'='1")) {
            Api.Response r = analyst.get("/api/sites?q=" + encode(q));
            assertThat(r.status()).as(q).isEqualTo(200);
            assertThat(ids(analyst, "/api/sites?q=" + encode(q))).as(q).doesNotContain(id);
        }
        assertThat(ids(analyst, "/api/sites?q=" + encode("wildcard api"))).contains(id);
        assertThat(jdbc.sql("SELECT count(*) FROM site").query(Long.class).single()).isEqualTo(before);
    }
}
