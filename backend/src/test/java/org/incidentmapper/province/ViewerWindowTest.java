package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * A viewer's windowed provinces and timeline (generalised.counted_window and generalised.counted_timeline_edge, V96)
 * for a small fixture of known answers: incidents of 1991-1992, years of their own (no other incident of the shared
 * cluster starts before 1995), in Phnom Penh (KH-12), whose periods start before, inside and after a window of three
 * months, and two disclosure cells of hospital admissions, one of k + 1 incidents (shown) and one of 2 (withheld).
 * The windows are inside, across the start of, and outside the data. ViewerCountedMonthTest compares the same paths
 * with the per-incident queries on generated data.
 */
@WriteIntegrationTest
class ViewerWindowTest {

    static final String KEY = "viewer-window-";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Value("${mapper.security.min-count}")
    int minCount;
    Api viewer;

    @BeforeEach
    void fixture() {
        viewer = new Api(port, "viewer");
        insert("rescue-c", "rescue", "1991-11-05", "1991-12-01", false);   // ended before the window
        insert("compound-d", "compound", "1991-12-10", "1992-02-05", false); // running into it
        insert("raid-a", "raid", "1992-01-15", "1992-03-10", false);
        insert("raid-b", "raid", "1992-02-20", null, false);                // still running
        insert("raid-e", "raid", "1992-05-02", "1992-05-03", false);       // after it
        for (int i = 1; i <= minCount + 1; i++) {
            insert("shown-" + i, "hospital_admission", "1992-02-" + (10 + i % 15), null, true);
        }
        insert("withheld-1", "hospital_admission", "1992-03-03", null, true);
        insert("withheld-2", "hospital_admission", "1992-03-24", null, true);
        assertThat(jdbc.queryForList("SELECT DISTINCT province_public FROM incident WHERE external_id LIKE ?",
                String.class, KEY + "%")).as("fixture: every incident's public province is Phnom Penh")
                .containsExactly("KH-12");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM incident WHERE start_date < DATE '1995-01-01' "
                + "AND external_id NOT LIKE ?", Long.class, KEY + "%")).as("fixture: no other incident before 1995")
                .isZero();
    }

    @AfterEach
    void remove() {
        jdbc.update("DELETE FROM incident WHERE external_id LIKE ?", KEY + "%");
    }

    void insert(String key, String category, String start, String end, boolean sensitive) {
        jdbc.update("""
                INSERT INTO incident (external_id, category, title, start_date, end_date, date_precision, geom,
                    location_precision, country, status, sensitive)
                VALUES (?, ?, 'Viewer window ' || ?, CAST(? AS date), CAST(? AS date), 'day',
                        ST_SetSRID(ST_MakePoint(104.92, 11.56), 4326), 'town', 'KHM', 'reported', ?)""",
                KEY + key, category, key, start, end, sensitive);
    }

    @Test
    void windowedProvincesCountTheOverlappingIncidentsAndOnlyTheShownCell() {
        JsonNode p = properties("/api/provinces?geometry=false&country=KHM&province=KH-12&from=1992-01-01&to=1992-03-31");
        // compound D, raids A and B, and the shown cell of k + 1; rescue C ended before, raid E starts after, and
        // the cell of 2 is withheld (its category named in withheld)
        assertThat(p.get("count").asLong()).isEqualTo(3 + minCount + 1);
        assertThat(p.get("categories").toString())
                .isEqualTo("{\"compound\":1,\"hospital_admission\":" + (minCount + 1) + ",\"raid\":2}");
        assertThat(p.get("withheld").toString()).isEqualTo("[\"hospital_admission\"]");
        assertThat(p.get("firstDate").asString()).isEqualTo("1991-12-10");
        assertThat(p.get("lastDate").asString()).isEqualTo("1992-03-10");
        assertThat(p.get("ongoing").asBoolean()).isTrue();

        JsonNode raids = properties("/api/provinces?geometry=false&country=KHM&category=raid,rescue&from=1992-01-01&to=1992-03-31");
        assertThat(raids.get("count").asLong()).isEqualTo(2);
        assertThat(raids.get("categories").toString()).isEqualTo("{\"raid\":2}");
        assertThat(raids.get("withheld").toString()).isEqualTo("[]");

        JsonNode onlyWithheld = properties(
                "/api/provinces?geometry=false&country=KHM&category=hospital_admission&from=1992-03-01&to=1992-03-31");
        assertThat(onlyWithheld.get("count").asLong()).isZero();
        assertThat(onlyWithheld.get("categories").toString()).isEqualTo("{}");
        assertThat(onlyWithheld.get("withheld").toString()).isEqualTo("[\"hospital_admission\"]");

        // after the data only raid B, still running; before it nothing
        JsonNode after = properties("/api/provinces?geometry=false&country=KHM&from=1994-01-01&to=1994-12-31");
        assertThat(after.get("count").asLong()).isEqualTo(1);
        assertThat(after.get("categories").toString()).isEqualTo("{\"raid\":1}");
        assertThat(after.get("firstDate").asString()).isEqualTo("1992-02-20");
        assertThat(after.get("withheld").toString()).isEqualTo("[]");
        JsonNode before = properties("/api/provinces?geometry=false&country=KHM&from=1985-01-01&to=1985-12-31");
        assertThat(before.get("count").asLong()).isZero();
        assertThat(before.get("categories").toString()).isEqualTo("{}");
        assertThat(before.get("firstDate").isNull()).isTrue();
    }

    @Test
    void windowedTimelineCountsEachMonthWithoutTheWithheldCell() {
        JsonNode t = json("/api/provinces/timeline?interval=month&country=KHM&from=1992-01-01&to=1992-03-31");
        assertThat(t.get("provinces").asInt()).isEqualTo(1);
        // January: D (running since December) and A; February: A, B, D and the shown cell; March: A and B (the
        // cell of 2 withheld)
        assertThat(periods(t)).isEqualTo("1992-01-01 2 {\"KH-12\":2} 1 [\"KH-12\"]; "
                + "1992-02-01 " + (3 + minCount + 1) + " {\"KH-12\":" + (3 + minCount + 1) + "} 1 []; "
                + "1992-03-01 2 {\"KH-12\":2} 1 []");

        // across the data's start: C is new in November, nothing is running in October
        JsonNode across = json("/api/provinces/timeline?interval=month&country=KHM&category=rescue,compound"
                + "&from=1991-10-01&to=1991-12-31");
        assertThat(periods(across)).isEqualTo("1991-10-01 0 {} 0 []; 1991-11-01 1 {\"KH-12\":1} 1 [\"KH-12\"]; "
                + "1991-12-01 2 {\"KH-12\":2} 1 []");

        JsonNode withheldOnly = json("/api/provinces/timeline?interval=month&country=KHM&category=hospital_admission"
                + "&from=1992-03-01&to=1992-03-31");
        assertThat(withheldOnly.get("provinces").asInt()).isZero();
        assertThat(periods(withheldOnly)).isEqualTo("1992-03-01 0 {} 0 []");

        // after the data: only raid B, running since February 2020
        JsonNode outside = json("/api/provinces/timeline?interval=quarter&country=KHM&from=1994-01-01&to=1994-06-30");
        assertThat(periods(outside)).isEqualTo("1994-01-01 1 {\"KH-12\":1} 1 [\"KH-12\"]; "
                + "1994-04-01 1 {\"KH-12\":1} 1 []");
        JsonNode noneRunning = json("/api/provinces/timeline?interval=quarter&country=KHM&category=compound,rescue"
                + "&from=1994-01-01&to=1994-06-30");
        assertThat(noneRunning.get("provinces").asInt()).isZero();
        assertThat(periods(noneRunning)).isEqualTo("1994-01-01 0 {} 0 []; 1994-04-01 0 {} 0 []");
    }

    /** Each period as "start incidents counts provincesAffected newProvinces", joined by "; ". */
    static String periods(JsonNode timeline) {
        StringBuilder s = new StringBuilder();
        for (JsonNode p : timeline.get("periods").values()) {
            s.append(s.isEmpty() ? "" : "; ").append(p.get("start").asString()).append(' ')
                    .append(p.get("incidents").asLong()).append(' ').append(p.get("counts").toString()).append(' ')
                    .append(p.get("provincesAffected").asInt()).append(' ').append(p.get("newProvinces").toString());
        }
        return s.toString();
    }

    JsonNode properties(String pathAndQuery) {
        for (JsonNode f : json(pathAndQuery).get("features").values()) {
            if (f.get("id").asString().equals("KH-12")) {
                return f.get("properties");
            }
        }
        throw new AssertionError("no KH-12 in " + pathAndQuery);
    }

    JsonNode json(String pathAndQuery) {
        Api.Response r = viewer.get(pathAndQuery);
        assertThat(r.status()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
        return r.json();
    }
}
