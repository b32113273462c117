package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.synthetic.SyntheticIncidents;
import org.incidentmapper.web.QueryParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.LinkedMultiValueMap;

import tools.jackson.databind.JsonNode;

/**
 * An analyst's {@code q=} search answers the same incidents in the same order, and the same numberMatched, whichever
 * plan it takes (IncidentRepository#searchSql): reading in (start_date, id) order for a common word, collecting the
 * trigram matches for a rare one, and for the map (view=map, not counted past its limit) reading start-date ranges
 * until enough match, wherever the ranges end. The expected answer is the plain query, written here: every match,
 * ordered, cut. The words are picked from the data (the most common title word, the rarest place), not assumed.
 */
@WriteIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchPlanTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticIncidents synthetic;
    @Autowired
    IncidentRepository incidents;
    @Autowired
    PlatformTransactionManager transactionManager;
    Api api;

    /**
     * The searches only read, so one set of synthetic incidents serves them all: generating and removing 4,000 for
     * each of seven tests left the grid's tables bloated (257k dead edge rows) and each removal slower than the
     * last, minutes in the full suite.
     */
    @BeforeAll
    void data() {
        synthetic.generate(4000, n -> { });
        jdbc.execute("ANALYZE incident");
    }

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @AfterAll
    void cleanUp() {
        synthetic.remove();
    }

    @Test
    void bothPlansAnswerWhatThePlainQueryAnswers() {
        String common = jdbc.queryForObject("""
                SELECT split_part(title, ' ', 1) FROM incident GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
                String.class);
        String commonCategory = jdbc.queryForObject("""
                SELECT category FROM incident WHERE title ILIKE ? GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
                String.class, "%" + common + "%");
        String rare = jdbc.queryForObject("""
                SELECT location_name FROM incident WHERE location_name ~ '^[A-Za-z ]+$' GROUP BY 1 HAVING count(*) >= 4
                ORDER BY count(*), 1 LIMIT 1""", String.class);
        int rareCount = count("(title ILIKE ? OR description ILIKE ? OR location_name ILIKE ?)", like(rare));
        String unique = jdbc.queryForObject("SELECT title FROM incident ORDER BY id DESC LIMIT 1", String.class);

        assertThat(readsInOrder("q=" + common, 20)).as("'" + common + "' is common: read in order").isTrue();
        check("q=" + common, 20);
        assertThat(readsInOrder("q=" + common + "&category=" + commonCategory, 20)).isTrue();
        check("q=" + common + "&category=" + commonCategory, 20);
        check("q=" + common + "&category=" + commonCategory + "&from=2019-01-01&to=2021-06-30", 20);
        check("q=" + common + "&bbox=102,10,106,14&from=2020-03-01&to=2020-03-31", 5);

        assertThat(readsInOrder("q=" + rare, rareCount / 2)).as("'" + rare + "' is rare: trigram path").isFalse();
        check("q=" + rare, rareCount / 2);
        check("q=" + rare, 3000);
        check("q=" + rare + "&bbox=90,0,120,30&from=2018-01-01", 3000);
        check("q=" + unique, 10);
        check("q=zzzxqq-no-such-text", 3000);
        check("q=zzzxqq-no-such-text&category=" + commonCategory + "&bbox=102,10,106,14", 10);
    }

    /**
     * The stored lower-cased text (search_text, V88) finds what the three ILIKEs found: in any letter case, in
     * Khmer, Thai and Chinese, in description and place as well as title, and nothing across two fields.
     */
    @Test
    void searchTextMatchesWhatIlikeOnEachFieldMatches() {
        String word = jdbc.queryForObject("""
                SELECT split_part(title, ' ', 1) FROM incident WHERE title ~ '^[A-Za-z]{4,} ' GROUP BY 1
                ORDER BY count(*) DESC, 1 LIMIT 1""", String.class);
        String place = jdbc.queryForObject("""
                SELECT location_name FROM incident WHERE location_name ~ '^[A-Za-z ]+$' GROUP BY 1
                ORDER BY count(*) DESC, 1 LIMIT 1""", String.class);
        // the end of a title and the start of its description: text of two fields, in no single one
        String across = jdbc.queryForObject("""
                SELECT right(title, 4) || ' ' || left(description, 4) FROM incident WHERE description IS NOT NULL
                ORDER BY id LIMIT 1""", String.class);
        for (String q : List.of(word.toUpperCase(java.util.Locale.ROOT), word.toLowerCase(java.util.Locale.ROOT),
                place.toUpperCase(java.util.Locale.ROOT), "磅遜", "កំពង់", "พนม", "SYNTHETIC INCIDENT", across)) {
            check("q=" + q, 3000);
        }
        assertThat(count("(title ILIKE ? OR description ILIKE ? OR location_name ILIKE ?)", like(across)))
                .as("'" + across + "' spans two fields: no match").isZero();
    }

    @Test
    void aSearchWithALineBreakIsRefusedNamingQ() {
        for (String q : List.of("a%0Ab", "tab%09x", "%00")) {
            Api.Response r = api.get("/api/incidents?q=" + q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.contentType()).as(q).startsWith("application/problem+json");
            assertThat(r.body()).as(q).contains("'q'");
        }
    }

    /**
     * The map's search says "more than the limit" exactly when more incidents match than it sends, and counts them
     * when asked (count=exact): limits just under, at and over the number of matches of a word.
     */
    @Test
    void theMapsSearchIsCountedOnlyToItsLimitUnlessAsked() {
        String place = jdbc.queryForObject("""
                SELECT location_name FROM incident WHERE location_name ~ '^[A-Za-z ]+$' GROUP BY 1
                HAVING count(*) >= 10 ORDER BY count(*), 1 LIMIT 1""", String.class);
        int matched = count("(title ILIKE ? OR description ILIKE ? OR location_name ILIKE ?)", like(place));
        String q = "&q=" + java.net.URLEncoder.encode(place, java.nio.charset.StandardCharsets.UTF_8);

        JsonNode under = api.get("/api/incidents?view=map&limit=" + (matched - 1) + q).json();
        assertThat(under.get("numberReturned").asInt()).isEqualTo(matched - 1);
        assertThat(under.get("numberMatchedMoreThan").asInt()).isEqualTo(matched - 1);
        assertThat(under.has("numberMatched")).isFalse();
        for (int limit : List.of(matched, matched + 5)) {
            JsonNode all = api.get("/api/incidents?view=map&limit=" + limit + q).json();
            assertThat(all.get("numberReturned").asInt()).as("limit " + limit).isEqualTo(matched);
            assertThat(all.get("numberMatched").asInt()).as("limit " + limit).isEqualTo(matched);
            assertThat(all.has("numberMatchedMoreThan")).as("limit " + limit).isFalse();
        }
        JsonNode exact = api.get("/api/incidents?view=map&count=exact&limit=" + (matched - 1) + q).json();
        assertThat(exact.get("numberReturned").asInt()).isEqualTo(matched - 1);
        assertThat(exact.get("numberMatched").asInt()).isEqualTo(matched);
        assertThat(exact.has("numberMatchedMoreThan")).isFalse();
    }

    /**
     * The map's search reads start-date ranges ending where the sample predicts enough matches; wherever they end
     * (none, before every incident, after every one, on the date of the limit's match, many close together) and
     * whether or not the ordered read comes first, the answer is the plain query's first limit + 1 ids.
     */
    @Test
    void anyDateRangesAnswerWhatThePlainQueryAnswers() {
        String common = jdbc.queryForObject("""
                SELECT split_part(title, ' ', 1) FROM incident GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
                String.class);
        String place = jdbc.queryForObject("""
                SELECT location_name FROM incident WHERE location_name ~ '^[A-Za-z ]+$' GROUP BY 1
                HAVING count(*) >= 10 ORDER BY count(*), 1 LIMIT 1""", String.class);
        for (String word : List.of(common, place)) {
            int matched = count("(title ILIKE ? OR description ILIKE ? OR location_name ILIKE ?)", like(word));
            for (int limit : List.of(1, matched / 3, matched - 1, matched, 3000)) {
                List<Long> expected = jdbc.queryForList("""
                        SELECT id FROM incident WHERE title ILIKE ? OR description ILIKE ? OR location_name ILIKE ?
                        ORDER BY start_date, id LIMIT ?""", Long.class, "%" + word + "%", "%" + word + "%",
                        "%" + word + "%", limit + 1);
                java.time.LocalDate atLimit = jdbc.queryForObject("""
                        SELECT max(start_date) FROM (SELECT start_date FROM incident
                        WHERE title ILIKE ? OR description ILIKE ? OR location_name ILIKE ?
                        ORDER BY start_date, id LIMIT ?) cut""", java.time.LocalDate.class, "%" + word + "%",
                        "%" + word + "%", "%" + word + "%", limit);
                List<List<java.time.LocalDate>> boundsList = List.of(List.of(),
                        List.of(java.time.LocalDate.of(1900, 1, 1)), List.of(java.time.LocalDate.of(2100, 1, 1)),
                        List.of(atLimit), List.of(atLimit.minusDays(1), atLimit.plusDays(1)),
                        List.of(java.time.LocalDate.of(2017, 1, 1), java.time.LocalDate.of(2019, 1, 1)),
                        List.of(java.time.LocalDate.of(2016, 2, 1), java.time.LocalDate.of(2016, 3, 1),
                                java.time.LocalDate.of(2016, 4, 1)));
                for (List<java.time.LocalDate> bounds : boundsList) {
                    for (long probe : List.of(0L, 50L, 100_000L)) {
                        assertThat(incidents.uncountedSearchIds(filter("q=" + word), limit, probe, bounds))
                                .as(word + " limit " + limit + " probe " + probe + " bounds " + bounds)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    /** The sample's ranges are used (the test data has a word for which they end before its last match). */
    @Test
    void aMapSearchOfAFrequentWordReadsDateRanges() {
        String place = jdbc.queryForObject("""
                SELECT location_name FROM incident WHERE location_name ~ '^[A-Za-z ]+$' GROUP BY 1
                ORDER BY count(*) DESC, 1 LIMIT 1""", String.class);
        int matched = count("(title ILIKE ? OR description ILIKE ? OR location_name ILIKE ?)", like(place));
        int limit = matched / 10;
        assertThat(incidents.searchDateBounds(filter("q=" + place), limit)).as("ranges of '" + place + "'")
                .isNotEmpty();
        check("q=" + place, limit);
        check("q=" + place + "&from=2019-01-01", limit);
    }

    /**
     * Every year with incidents has its trigram index after generating (V99), and each year's range of the map's
     * search can be read through that year's index: the planner proves the range's bounds inside the index's
     * predicate.
     */
    @Test
    void eachYearsRangeCanReadThatYearsIndex() {
        List<Integer> years = jdbc.queryForList("""
                SELECT DISTINCT CAST(extract(year FROM start_date) AS int) FROM incident ORDER BY 1""", Integer.class);
        assertThat(years).hasSizeGreaterThan(2);
        for (int year : years) {
            assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
                    "public.incident_search_text_" + year + "_idx")).as("index of " + year).isTrue();
        }
        String place = jdbc.queryForObject("""
                SELECT location_name FROM incident WHERE location_name ~ '^[A-Za-z ]+$' GROUP BY 1
                ORDER BY count(*) DESC, 1 LIMIT 1""", String.class);
        int first = years.get(1);
        List<java.time.LocalDate> bounds = List.of(java.time.LocalDate.of(first, 1, 1),
                java.time.LocalDate.of(first + 1, 1, 1), java.time.LocalDate.of(first + 2, 1, 1));
        IncidentRepository.Statement search = incidents.uncountedSearchStatement(filter("q=" + place), 100, 0, bounds);
        String plan = new TransactionTemplate(transactionManager).execute(status -> {
            status.setRollbackOnly();
            // 4,000 incidents are few enough for a date range and a filter to cost less: take that way away
            jdbc.execute("DROP INDEX incident_start_id_idx");
            jdbc.execute("SET LOCAL enable_seqscan = off");
            return String.join("\n", new NamedParameterJdbcTemplate(jdbc)
                    .queryForList("EXPLAIN " + search.sql(), search.params(), String.class));
        });
        assertThat(plan).as(plan).contains("incident_search_text_" + first + "_idx")
                .contains("incident_search_text_" + (first + 1) + "_idx");
    }

    /**
     * A viewer's map search reads the generalised view (search_text of the text a viewer is shown), never the
     * analyst's ranges or trigram path, and is counted: the same ids and numberMatched as the plain query on
     * generalised.incident.
     */
    @Test
    void aViewersMapSearchAnswersThePlainQueryOnTheGeneralisedView() {
        Api viewer = new Api(port, "viewer");
        String place = jdbc.queryForObject("""
                SELECT location_name FROM incident WHERE location_name ~ '^[A-Za-z ]+$' GROUP BY 1
                ORDER BY count(*) DESC, 1 LIMIT 1""", String.class);
        String pattern = "%" + place.toLowerCase(java.util.Locale.ROOT) + "%";
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM incident WHERE sensitive AND lower(location_name) LIKE ?""", Integer.class,
                pattern)).as("sensitive incidents at '" + place + "' (their place is hidden from viewers)")
                .isPositive();
        int matched = jdbc.queryForObject("SELECT count(*) FROM generalised.incident WHERE search_text LIKE ?",
                Integer.class, pattern);
        int limit = matched / 10;
        List<Long> expected = jdbc.queryForList("""
                SELECT id FROM generalised.incident WHERE search_text LIKE ? ORDER BY start_date, id LIMIT ?""",
                Long.class, pattern, limit);
        JsonNode answer = viewer.get("/api/incidents?view=map&limit=" + limit + "&q="
                + java.net.URLEncoder.encode(place, java.nio.charset.StandardCharsets.UTF_8)).json();
        List<Long> ids = new ArrayList<>();
        for (JsonNode feature : answer.get("features")) {
            ids.add(feature.get("id").asLong());
        }
        assertThat(ids).isEqualTo(expected);
        assertThat(answer.get("numberMatched").asInt()).isEqualTo(matched);
        assertThat(expected).as("the data tells a viewer's search from an analyst's").isNotEqualTo(
                jdbc.queryForList("SELECT id FROM incident WHERE search_text LIKE ? ORDER BY start_date, id LIMIT ?",
                        Long.class, pattern, limit));
    }

    IncidentFilter filter(String query) {
        LinkedMultiValueMap<String, String> map = new LinkedMultiValueMap<>();
        for (String pair : query.split("&")) {
            map.add(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return IncidentFilter.parse(QueryParams.of(map, IncidentFilter.PARAMETERS),
                java.util.Set.copyOf(jdbc.queryForList("SELECT key FROM category", String.class)), null);
    }

    boolean readsInOrder(String query, int limit) {
        LinkedMultiValueMap<String, String> map = new LinkedMultiValueMap<>();
        for (String pair : query.split("&")) {
            map.add(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        IncidentFilter filter = IncidentFilter.parse(QueryParams.of(map, IncidentFilter.PARAMETERS),
                java.util.Set.copyOf(jdbc.queryForList("SELECT key FROM category", String.class)), null);
        return incidents.searchReadsInOrder(filter, limit);
    }

    /** The app's answer (full and map view) equals the plain query's ids, in order, and its count. */
    void check(String query, int limit) {
        String q = query.replaceAll(".*q=([^&]*).*", "$1");
        StringBuilder where = new StringBuilder("(title ILIKE ? OR description ILIKE ? OR location_name ILIKE ?)");
        List<Object> args = new ArrayList<>(List.of(like(q)));
        for (String pair : query.split("&")) {
            String value = pair.substring(pair.indexOf('=') + 1);
            switch (pair.substring(0, pair.indexOf('='))) {
                case "category" -> {
                    where.append(" AND category = ?");
                    args.add(value);
                }
                case "from" -> {
                    where.append(" AND coalesce(end_date, 'infinity') >= CAST(? AS date)");
                    args.add(value);
                }
                case "to" -> {
                    where.append(" AND start_date <= CAST(? AS date)");
                    args.add(value);
                }
                case "bbox" -> {
                    String[] b = value.split(",");
                    where.append(" AND ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))");
                    for (String n : b) {
                        args.add(Double.parseDouble(n));
                    }
                }
                default -> { }
            }
        }
        List<Long> expected = jdbc.queryForList("SELECT id FROM incident WHERE " + where
                + " ORDER BY start_date, id LIMIT " + limit, Long.class, args.toArray());
        int matched = count(where.toString(), args.toArray());
        for (String view : List.of("map", "full", "map&count=exact")) {
            StringBuilder request = new StringBuilder("/api/incidents?view=" + view + "&limit=" + limit);
            for (String pair : query.split("&")) {
                request.append('&').append(pair, 0, pair.indexOf('=') + 1).append(java.net.URLEncoder.encode(
                        pair.substring(pair.indexOf('=') + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
            Api.Response r = api.get(request.toString());
            assertThat(r.status()).as(request + ": " + r.body()).isEqualTo(200);
            List<Long> ids = new ArrayList<>();
            for (JsonNode feature : r.json().get("features")) {
                ids.add(feature.get("id").asLong());
            }
            assertThat(ids).as(request.toString()).isEqualTo(expected);
            assertThat(r.json().get("numberReturned").asInt()).as(request + " numberReturned").isEqualTo(ids.size());
            if (view.equals("map") && matched > limit) {
                // the map's search is not counted past its limit: only that more match
                assertThat(r.json().has("numberMatched")).as(request + " numberMatched").isFalse();
                assertThat(r.json().get("numberMatchedMoreThan").asInt()).as(request + " numberMatchedMoreThan")
                        .isEqualTo(limit);
            } else {
                assertThat(r.json().has("numberMatchedMoreThan")).as(request + " numberMatchedMoreThan").isFalse();
                assertThat(r.json().get("numberMatched").asInt()).as(request + " numberMatched").isEqualTo(matched);
            }
        }
    }

    int count(String where, Object... args) {
        return jdbc.queryForObject("SELECT count(*) FROM incident WHERE " + where, Integer.class, args);
    }

    static Object[] like(String text) {
        String pattern = "%" + text + "%";
        return new Object[] {pattern, pattern, pattern};
    }
}
