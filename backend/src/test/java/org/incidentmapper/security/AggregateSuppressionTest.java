package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Province aggregates as a viewer: Phnom Penh (KH-12) holds one incident, a hospital admission, a sensitive
 * category below the threshold: withheld from viewers in every aggregate, shown to analysts.
 */
@MapperIntegrationTest
class AggregateSuppressionTest {

    @LocalServerPort
    int port;

    String province(String role, String code) {
        var features = new Api(port, role).get("/api/provinces?geometry=false&country=KHM").json().get("features");
        for (var feature : features.values()) {
            if (feature.get("id").asString().equals(code)) {
                var p = feature.get("properties");
                return p.get("count") + " " + p.get("categories") + " " + p.get("withheld");
            }
        }
        throw new AssertionError(code + " missing");
    }

    @Test
    void smallSensitiveCountsAreWithheldFromViewersOnly() {
        assertThat(province("analyst", "KH-12")).isEqualTo("1 {\"hospital_admission\":1} []");
        assertThat(province("viewer", "KH-12")).isEqualTo("0 {} [\"hospital_admission\"]");
        // other categories are counted for viewers as they are
        assertThat(province("viewer", "KH-1")).isEqualTo(province("analyst", "KH-1"));
    }

    @Test
    void spreadAndTimelineDoNotSingleOutTheAdmissionForViewers() {
        assertThat(new Api(port, "viewer").get("/api/provinces/spread").body()).doesNotContain("KH-12");
        assertThat(new Api(port, "analyst").get("/api/provinces/spread").body()).contains("KH-12");
        String timeline = "/api/provinces/timeline?interval=month&from=2022-02&to=2022-02";
        assertThat(new Api(port, "viewer").get(timeline).body()).doesNotContain("KH-12");
        assertThat(new Api(port, "analyst").get(timeline).body()).contains("KH-12");
    }
}
