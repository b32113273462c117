package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * The disclosure policy (README "Disclosure policy") as a property: for random data sets of hospital admissions (a
 * sensitive category) from a seeded generator, every count of them a viewer can get, under random filters, from
 * categories (the legend's data), provinces, timeline and spread, is at least k = 11 or withheld, no first date is
 * finer than a month, and no list or export holds one of them. For each seed the analyst's answers to the same
 * requests do hold counts between 1 and 10 (the data can break the property) and the viewer's hold one of at least
 * k (the policy does not simply hide everything).
 */
@WriteIntegrationTest
class DisclosurePropertyTest {

    static final int K = 11;
    /** Towns well inside their provinces, where the generator puts admissions. */
    static final double[][] TOWNS = {{104.92, 11.56}, {103.53, 10.63}, {102.56, 13.66}, {106.13, 11.06}, {103.86, 13.36}};

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void remove() {
        jdbc.sql("DELETE FROM incident WHERE external_id LIKE 'prop-%'").update();
    }

    /** About 200 admissions in 2019, skewed so some cells (province × month) are large and others small. */
    void generate(Random random) {
        int n = 150 + random.nextInt(100);
        for (int i = 0; i < n; i++) {
            double[] town = TOWNS[Math.min(TOWNS.length - 1, (int) Math.abs(random.nextGaussian() * 1.5))];
            int month = 1 + Math.min(11, (int) Math.abs(random.nextGaussian() * 3));
            LocalDate day = LocalDate.of(2019, month, 1 + random.nextInt(28));
            jdbc.sql("""
                    INSERT INTO incident (external_id, category, title, description, start_date, end_date,
                        date_precision, geom, location_precision, country, status, sensitive, victims_count)
                    VALUES (:ext, 'hospital_admission', 'Admission', 'Generated', :day, :day, 'day',
                        ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 'exact', 'KHM', 'reported', :sensitive, :victims)""")
                    .param("ext", "prop-" + i).param("day", day)
                    .param("lon", town[0] + random.nextDouble() * 0.1 - 0.05)
                    .param("lat", town[1] + random.nextDouble() * 0.1 - 0.05)
                    .param("sensitive", random.nextBoolean()).param("victims", random.nextInt(5)).update();
        }
    }

    /** A random filter in the admissions' year: a window of days, sometimes a box, a province or a quarter. */
    static String filter(Random random) {
        LocalDate from = LocalDate.of(2019, 1, 1).plusDays(random.nextInt(200));
        LocalDate to = from.plusDays(random.nextInt(200));
        StringBuilder f = new StringBuilder("from=" + from + "&to=" + to);
        if (random.nextInt(3) == 0) {
            double lon = 102 + random.nextDouble() * 4;
            double lat = 10 + random.nextDouble() * 4;
            f.append("&bbox=").append(lon).append(',').append(lat).append(',').append(lon + 1 + random.nextDouble())
                    .append(',').append(lat + 1 + random.nextDouble());
        }
        if (random.nextInt(4) == 0) {
            f.append("&province=KH-12,KH-18");
        }
        return f.toString();
    }

    /** Every count of hospital admissions in the answers {@code role} gets for {@code filters}; null: withheld. */
    List<Long> counts(String role, List<String> filters, List<String> failures) {
        Api api = new Api(port, role);
        List<Long> counts = new ArrayList<>();
        for (JsonNode c : api.get("/api/categories").json().values()) {
            if (c.get("key").asString().equals("hospital_admission")) {
                counts.add(c.get("count").isNull() ? null : c.get("count").asLong());
                if (!c.get("firstDate").isNull() && !c.get("firstDate").asString().endsWith("-01")) {
                    failures.add(role + " categories firstDate finer than a month: " + c);
                }
            }
        }
        for (String f : filters) {
            for (JsonNode p : api.get("/api/provinces?geometry=false&" + f).json().get("features").values()) {
                JsonNode n = p.get("properties").get("categories").get("hospital_admission");
                if (n != null) {
                    counts.add(n.asLong());
                }
            }
            String only = f + "&category=hospital_admission";
            for (JsonNode p : api.get("/api/provinces?geometry=false&" + only).json().get("features").values()) {
                counts.add(p.get("properties").get("count").asLong());
            }
            for (String interval : List.of("month", "quarter", "year")) {
                JsonNode t = api.get("/api/provinces/timeline?interval=" + interval + "&" + only).json();
                for (JsonNode period : t.get("periods").values()) {
                    counts.add(period.get("incidents").asLong());
                    period.get("counts").values().forEach(v -> counts.add(v.asLong()));
                }
            }
            for (JsonNode s : api.get("/api/provinces/spread?" + only).json().values()) {
                counts.add(s.get("count").asLong());
            }
            if (role.equals("viewer")) {
                JsonNode list = api.get("/api/incidents?" + only).json();
                if (list.get("features").size() != 0 || list.get("numberMatched").asLong() != 0) {
                    failures.add("viewer list " + only + " holds admissions");
                }
                String csv = api.get("/api/export?format=csv&" + only).body();
                if (csv.strip().lines().count() != 1) {
                    failures.add("viewer csv export " + only + " holds rows");
                }
            }
        }
        return counts;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 2026})
    void everyCountOfASensitiveCategoryAViewerSeesIsAtLeastKOrWithheld(long seed) {
        Random random = new Random(seed);
        generate(random);
        List<String> filters = new ArrayList<>(List.of("from=2019-01-01&to=2019-12-31"));
        for (int i = 0; i < 3; i++) {
            filters.add(filter(random));
        }
        List<String> failures = new ArrayList<>();
        List<Long> viewer = counts("viewer", filters, failures);
        List<Long> analyst = counts("analyst", filters, failures);
        assertThat(failures).isEmpty();
        assertThat(viewer).as("viewer counts of hospital admissions, seed " + seed)
                .allMatch(n -> n == null || n == 0 || n >= K)
                .anyMatch(n -> n != null && n >= K);
        assertThat(analyst).as("control: the data has small counts, seed " + seed).anyMatch(n -> n > 0 && n < K);
    }
}
