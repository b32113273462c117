package org.incidentmapper.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.incidentmapper.site.SiteBodies.create;
import static org.incidentmapper.site.SiteBodies.point;
import static org.incidentmapper.site.SiteBodies.site;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * Site states and relocations get their best-supported rating by the rule incidents are rated by (admiralty_best,
 * README "How sure we are"): sources in, rating out, in the site's page, the site list and the arcs.
 */
@WriteIntegrationTest
class SiteRatingsTest {

    @LocalServerPort
    int port;

    @Test
    void statesAndRelocationsCarryTheirBestSupportedRating() {
        Api analyst = new Api(port, "analyst");
        long id = create(analyst, site("Rated states test compound", "compound", point(107.31, 13.91), false, """
                ,"states":[
                  {"state":"reported","startDate":"2019-01-01"},
                  {"state":"operating","startDate":"2019-06-01","sources":[{"outlet":"VOD","reliability":"B","credibility":3},
                                                                           {"outlet":"Khmer Times","reliability":"C","credibility":3}]},
                  {"state":"raided","startDate":"2022-02-20","sources":[{"outlet":"VOD","reliability":"A","credibility":4}]}]"""));
        JsonNode page = analyst.get("/api/sites/" + id).json().get("properties").get("states");
        assertThat(page.values().stream().map(s -> s.get("state").asString() + " " + s.get("rating")).toList())
                .containsExactly("reported null", "operating \"B1\"", "raided \"A4\"");
        JsonNode list = SiteBodies.feature(analyst.get("/api/sites?bbox=107.3,13.9,107.32,13.92").json(), id)
                .get("properties").get("states");
        assertThat(list.values().stream().map(s -> s.get("rating").toString()).toList())
                .containsExactly("null", "\"B1\"", "\"A4\"");

        long to = create(analyst, site("Rated arc test casino", "casino", point(107.51, 14.51), false, ""));
        Api.Response arc = analyst.send("POST", "/api/relocations", """
                {"fromSiteId":%d,"toSiteId":%d,"kind":"moved","date":"2022-03",
                 "sources":[{"outlet":"RFA","reliability":"C","credibility":2},{"outlet":"rfa ","credibility":1}]}"""
                .formatted(id, to));
        assertThat(arc.status()).as(arc.body()).isEqualTo(201);
        assertThat(arc.json().get("properties").get("rating").asString()).as("one outlet twice: its best, F1")
                .isEqualTo("F1");
    }
}
