package org.incidentmapper.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
 * Attacks of a viewer on a sensitive site: a precinct polygon at (104.7713–104.7723, 11.8313–11.8323) with unique
 * text in its name, key, alias, operator, description, state note and source URL, a relocation to it with its own
 * note and URL, and an incident linked to it. Through /api/sites, /api/sites/{id}, /api/relocations, q= by a hidden
 * alias and bbox probes of the true precinct, the viewer finds none of it: the site is at the centre of its 0.25°
 * cell (104.875, 11.875), the arc ends there, the link and the count are withheld. The analyst, asking the same,
 * finds all of it, so every check can fail.
 */
@WriteIntegrationTest
class SiteGeneralisationTest {

    /** The precinct's coordinates and centroid, and its unique texts. */
    static final List<String> SECRETS = List.of("104.7713", "104.7723", "11.8313", "11.8323", "104.7718", "11.8318",
            "ZQX Hidden Precinct", "zqx-key", "ZQX-covert-alias", "ZQX Holdings", "ZQX-DESC", "ZQX-NOTE",
            "zqx.invalid", "ZQX-MOVE-NOTE");
    static final String PRECINCT = "{\"type\":\"Polygon\",\"coordinates\":[[[104.7713,11.8313],[104.7723,11.8313],"
            + "[104.7723,11.8323],[104.7713,11.8323],[104.7713,11.8313]]]}";
    static final String TRUE_BOX = "104.771,11.831,104.773,11.833";
    static final String CELL_CENTRE = "{\"type\":\"Point\",\"coordinates\":[104.875,11.875]}";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    Api analyst;
    Api viewer;
    static long hidden;
    static long origin;
    static long relocation;
    static long incident;

    @BeforeEach
    void setUp() {
        analyst = new Api(port, "analyst");
        viewer = new Api(port, "viewer");
        if (hidden != 0) {
            return;
        }
        hidden = create(analyst, site("ZQX Hidden Precinct", "compound", PRECINCT, true, """
                ,"key":"zqx-key","aliases":[{"name":"ZQX-covert-alias","language":"en"}],"operators":["ZQX Holdings"],
                 "description":"ZQX-DESC behind the market",
                 "states":[{"state":"operating","startDate":"2022-04","note":"ZQX-NOTE",
                            "sources":[{"outlet":"Generalisation Post","url":"https://zqx.invalid/state","reliability":"B"}]}]"""));
        origin = create(analyst, site("Generalisation test origin", "compound", point(103.41, 10.51), false, ""));
        Api.Response moved = analyst.send("POST", "/api/relocations", """
                {"fromSiteId":%d,"toSiteId":%d,"kind":"moved","date":"2022-04-02","note":"ZQX-MOVE-NOTE",
                 "sources":[{"outlet":"Generalisation Post","url":"https://zqx.invalid/move"}]}""".formatted(origin, hidden));
        assertThat(moved.status()).as(moved.body()).isEqualTo(201);
        relocation = moved.json().get("id").asLong();
        Api.Response raid = analyst.send("POST", "/api/incidents", SiteApiTest.incident("zqx-raid", "2022-05-01",
                ",\"siteId\":" + hidden));
        assertThat(raid.status()).as(raid.body()).isEqualTo(201);
        incident = raid.json().get("id").asLong();
    }

    private static void assertNoSecret(String what, String body) {
        for (String secret : SECRETS) {
            assertThat(body).as(what + " must not hold " + secret).doesNotContain(secret);
        }
    }

    @Test
    void theListShowsTheSiteAtItsCellCentreWithNothingThatLocatesIt() {
        Api.Response list = viewer.get("/api/sites");
        assertThat(list.status()).isEqualTo(200);
        assertNoSecret("viewer's /api/sites", list.body());
        JsonNode f = SiteBodies.feature(list.json(), hidden);
        assertThat(f.get("geometry").toString()).isEqualTo(CELL_CENTRE);
        JsonNode p = f.get("properties");
        assertThat(p.get("name").asString()).isEqualTo("Compound (location withheld)");
        assertThat(p.get("aliases").toString()).isEqualTo("[]");
        assertThat(p.get("operators").toString()).isEqualTo("[]");
        assertThat(p.get("description").isNull()).isTrue();
        assertThat(p.get("key").isNull()).isTrue();
        assertThat(p.get("locationPrecision").asString()).isEqualTo("approximate");
        assertThat(p.get("sensitive").asBoolean()).isTrue();
        assertThat(p.get("state").asString()).as("the lifecycle itself is shown").isEqualTo("operating");
        assertThat(p.get("incidentCount").isNull()).as("1 incident of a sensitive site: withheld by visible_count")
                .isTrue();

        JsonNode control = SiteBodies.feature(analyst.get("/api/sites").json(), hidden);
        assertThat(control.get("geometry").get("type").asString()).isEqualTo("Polygon");
        assertThat(control.get("properties").get("name").asString()).isEqualTo("ZQX Hidden Precinct");
        assertThat(control.get("properties").get("incidentCount").asInt()).isEqualTo(1);
        for (String secret : List.of("ZQX-covert-alias", "ZQX Holdings", "ZQX-DESC", "104.7713")) {
            assertThat(analyst.get("/api/sites").body()).contains(secret);
        }
    }

    @Test
    void theSitesPageHidesNotesUrlsAndTheIncidentsThatWouldPlaceIt() {
        Api.Response one = viewer.get("/api/sites/" + hidden);
        assertThat(one.status()).isEqualTo(200);
        assertNoSecret("viewer's /api/sites/{id}", one.body());
        JsonNode p = one.json().get("properties");
        assertThat(one.json().get("geometry").toString()).isEqualTo(CELL_CENTRE);
        JsonNode state = p.get("states").get(0);
        assertThat(state.get("note").isNull()).isTrue();
        assertThat(state.get("sources").get(0).get("outlet").asString()).isEqualTo("Generalisation Post");
        assertThat(state.get("sources").get(0).get("url").isNull()).isTrue();
        assertThat(state.get("sources").get(0).get("reliability").asString()).isEqualTo("B");
        assertThat(p.get("incidents").toString()).isEqualTo("[]");

        Api.Response control = analyst.get("/api/sites/" + hidden);
        assertThat(control.body()).contains("ZQX-NOTE", "https://zqx.invalid/state");
        assertThat(control.json().get("properties").get("incidents").get(0).get("id").asLong()).isEqualTo(incident);
    }

    @Test
    void anIncidentOfTheSiteDoesNotNameIt() {
        JsonNode seen = viewer.get("/api/incidents/" + incident).json().get("properties");
        assertThat(seen.get("siteId").isNull()).isTrue();
        assertThat(analyst.get("/api/incidents/" + incident).json().get("properties").get("siteId").asLong())
                .isEqualTo(hidden);
    }

    @Test
    void searchingByAHiddenNameFindsNothing() {
        for (String q : List.of("ZQX-covert-alias", "zqx covert", "ZQX Hidden Precinct", "ZQX Holdings")) {
            assertThat(ids(viewer, "/api/sites?q=" + encode(q))).as("viewer q=" + q).doesNotContain(hidden);
        }
        assertThat(ids(analyst, "/api/sites?q=" + encode("zqx covert"))).contains(hidden);
        assertThat(ids(analyst, "/api/sites?q=" + encode("ZQX Hidden Precinct"))).contains(hidden);
    }

    @Test
    void bboxProbesOfTheTruePrecinctFindNothing() {
        assertThat(ids(viewer, "/api/sites?bbox=" + TRUE_BOX)).doesNotContain(hidden);
        assertThat(ids(viewer, "/api/relocations?bbox=" + TRUE_BOX)).doesNotContain(relocation);
        // the viewer's site is where its cell centre is
        assertThat(ids(viewer, "/api/sites?bbox=104.87,11.87,104.88,11.88")).contains(hidden);
        assertThat(ids(analyst, "/api/sites?bbox=" + TRUE_BOX)).contains(hidden);
        assertThat(ids(analyst, "/api/relocations?bbox=" + TRUE_BOX)).contains(relocation);
        // halving probes around the true point: every box that holds it but not the cell centre finds nothing
        double[] box = {104.5, 11.5, 105.0, 12.0};
        for (int i = 0; i < 12; i++) {
            double midLon = (box[0] + box[2]) / 2;
            double midLat = (box[1] + box[3]) / 2;
            box = new double[] {104.7718 < midLon ? box[0] : midLon, 11.8318 < midLat ? box[1] : midLat,
                104.7718 < midLon ? midLon : box[2], 11.8318 < midLat ? midLat : box[3]};
            boolean holdsCentre = box[0] <= 104.875 && 104.875 <= box[2] && box[1] <= 11.875 && 11.875 <= box[3];
            String bbox = box[0] + "," + box[1] + "," + box[2] + "," + box[3];
            assertThat(ids(viewer, "/api/sites?bbox=" + bbox).contains(hidden)).as("viewer bbox " + bbox)
                    .isEqualTo(holdsCentre);
        }
    }

    @Test
    void theProvinceFilterSeesOnlyTheProvinceOfTheCell() {
        String truth = analyst.get("/api/sites/" + hidden).json().get("properties").get("province").asString();
        String cell = jdbc.sql("SELECT boundary_code_covering(ST_SetSRID(ST_MakePoint(104.875, 11.875), 4326))")
                .query(String.class).single();
        assertThat(truth).isEqualTo("KH-8");
        assertThat(cell).as("the fixture's cell centre lies in another province").isNotEqualTo(truth);
        assertThat(viewer.get("/api/sites/" + hidden).json().get("properties").get("province").asString())
                .isEqualTo(cell);
        assertThat(ids(viewer, "/api/sites?province=" + truth)).doesNotContain(hidden);
        assertThat(ids(viewer, "/api/sites?province=" + cell)).contains(hidden);
        assertThat(ids(analyst, "/api/sites?province=" + truth)).contains(hidden);
    }

    @Test
    void anArcTouchingTheSiteEndsAtTheCellCentre() {
        Api.Response list = viewer.get("/api/relocations");
        assertThat(list.status()).isEqualTo(200);
        assertNoSecret("viewer's /api/relocations", list.body());
        JsonNode arc = SiteBodies.feature(list.json(), relocation);
        assertThat(arc.get("geometry").toString())
                .isEqualTo("{\"type\":\"LineString\",\"coordinates\":[[103.41,10.51],[104.875,11.875]]}");
        assertThat(arc.get("properties").get("note").isNull()).isTrue();
        assertThat(arc.get("properties").get("toSite").toString())
                .isEqualTo("{\"id\":" + hidden + ",\"name\":\"Compound (location withheld)\"}");
        assertThat(arc.get("properties").get("sources").get(0).get("url").isNull()).isTrue();
        assertNoSecret("viewer's /api/relocations/{id}", viewer.get("/api/relocations/" + relocation).body());

        JsonNode control = SiteBodies.feature(analyst.get("/api/relocations").json(), relocation);
        assertThat(control.get("geometry").toString())
                .isEqualTo("{\"type\":\"LineString\",\"coordinates\":[[103.41,10.51],[104.7718,11.8318]]}");
        assertThat(control.get("properties").get("note").asString()).isEqualTo("ZQX-MOVE-NOTE");
    }

    @Test
    void theViewsOfSitesAreBuiltFromTheAllowList() {
        List<String> tables = List.of("site", "site_alias", "site_state", "site_state_source", "relocation",
                "relocation_source");
        List<String> viewColumns = jdbc.sql("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'generalised' AND table_name IN (:tables)""").param("tables", tables)
                .query(String.class).list();
        List<String> tableColumns = jdbc.sql("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name IN (:tables)""").param("tables", tables)
                .query(String.class).list();
        List<String> decided = jdbc.sql("SELECT relation || '.' || column_name FROM generalised_column"
                + " WHERE relation IN (:tables)").param("tables", tables).query(String.class).list();
        assertThat(viewColumns).containsExactlyInAnyOrderElementsOf(tableColumns)
                .containsExactlyInAnyOrderElementsOf(decided);
        // a new column without a decision stops the views from being built, naming it
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            jdbc.sql("ALTER TABLE site ADD COLUMN informant_phone text").update();
            assertThatThrownBy(() -> jdbc.sql("SELECT refresh_site_views()").query().singleValue())
                    .hasMessageContaining("informant_phone").hasMessageContaining("no generalisation decision");
        });
        for (String path : List.of("/api/sites", "/api/relocations", "/api/sites/" + origin)) {
            assertThat(viewer.get(path).status()).as(path).isEqualTo(200);
        }
    }
}
