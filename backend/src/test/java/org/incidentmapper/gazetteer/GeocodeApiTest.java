package org.incidentmapper.gazetteer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.incidentmapper.ingest.CsvReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** Name in → the places {@code GET /api/geocode} answers, over the real gazetteer in data/gazetteer. */
@MapperIntegrationTest
class GeocodeApiTest {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    /** Every alias row: its own place first, or among the first three when its note says it is ambiguous. */
    @ParameterizedTest(name = "{1} → {0}")
    @MethodSource("aliases")
    void everyAliasFindsItsPlace(String placeKey, String name, String note) {
        List<String> keys = keys(geocode(name, 10));
        if (note.toLowerCase().contains("ambiguous")) {
            assertThat(keys.subList(0, Math.min(3, keys.size()))).contains(placeKey);
        } else {
            assertThat(keys).first().isEqualTo(placeKey);
        }
    }

    static Stream<Arguments> aliases() throws IOException {
        Path file = Path.of(System.getProperty("mapper.repo-root", ".."), "data/gazetteer/aliases.csv");
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); CsvReader csv = CsvReader.open(in)) {
            List<String> header = csv.next();
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                rows.add(Arguments.of(row.get(header.indexOf("place_key")), row.get(header.indexOf("name")),
                        row.get(header.indexOf("note"))));
            }
        }
        assertThat(rows).hasSizeGreaterThan(300);
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        // case, accents, spacing and apostrophes do not matter
        "SIHANOUKVILLE     | sihanoukville  | Sihanoukville",
        "o smach           | o_smach        | O'Smach",
        "O`Smach           | o_smach        | O'Smach",
        "osmach            | o_smach        | O'Smach",
        "Moc Bai           | moc_bai        | Moc Bai",
        "mộc bài           | moc_bai        | Moc Bai",
        "  Phnom   Penh    | phnom_penh     | Phnom Penh",
        // small misspellings
        "Sihanoukvile      | sihanoukville  | Sihanoukville",
        "Poipett           | poipet         | Poipet",
        "Myawady           | myawaddy       | Myawaddy",
        "Shwe Koko         | shwe_kokko     | Shwe Kokko",
        // scripts, exact and by prefix
        "西港              | sihanoukville  | Sihanoukville",
        "妙瓦底            | myawaddy       | Myawaddy",
        "ក្រុងព្រះសីហនុ      | sihanoukville  | Sihanoukville",
        "ปอยเปต            | poipet         | Poipet",
        "亚太              | shwe_kokko     | Shwe Kokko",
    })
    void findsTolerantly(String query, String placeKey, String displayName) {
        JsonNode first = geocode(query.strip(), 5).get(0);
        assertThat(first.get("placeKey").asString()).isEqualTo(placeKey);
        assertThat(first.get("displayName").asString()).isEqualTo(displayName);
    }

    @org.junit.jupiter.api.Test
    void anAliasPlaceIsOneCandidateWithProvinceAndPrecision() {
        JsonNode candidates = geocode("Sihanoukville", 10);
        JsonNode first = candidates.get(0);
        assertThat(first.get("source").asString()).isEqualTo("alias");
        assertThat(first.get("lon").asDouble()).isEqualTo(103.52958);
        assertThat(first.get("lat").asDouble()).isEqualTo(10.60932);
        assertThat(first.get("country").asString()).isEqualTo("KHM");
        assertThat(first.get("province").asString()).isEqualTo("KH-18");
        assertThat(first.get("precision").asString()).isEqualTo("town");
        assertThat(first.get("score").asDouble()).isEqualTo(1.0);
        // the GeoNames row at the same point is the same place, not a second candidate
        assertThat(candidates.values()).filteredOn(c -> c.get("exact").asBoolean()).hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void geonamesPlacesGetIsoProvincesInCambodia() {
        JsonNode first = geocode("Aek Phnum", 3).get(0);
        assertThat(first.get("source").asString()).isEqualTo("geonames");
        assertThat(first.get("province").asString()).isEqualTo("KH-2");
        assertThat(first.get("precision").asString()).isEqualTo("town");
    }

    @org.junit.jupiter.api.Test
    void anAmbiguousNameGivesSeveralCandidates() {
        // GeoNames has two places called Ou Svay
        List<JsonNode> exact = geocode("Ou Svay", 10).values().stream().filter(c -> c.get("exact").asBoolean()).toList();
        assertThat(exact).hasSizeGreaterThan(1);
    }

    @org.junit.jupiter.api.Test
    void countryNarrowsTheCandidates() {
        JsonNode all = geocode("Golden Triangle", 10);
        assertThat(keys(all)).contains("golden_triangle", "golden_triangle_sez");
        JsonNode lao = api.get("/api/geocode?country=LAO&q=" + enc("Golden Triangle")).json();
        assertThat(lao.values()).allSatisfy(c -> assertThat(c.get("country").asString()).isEqualTo("LAO"));
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/geocode                  | q",
        "/api/geocode?q=x&country=KH   | country",
        "/api/geocode?q=x&limit=0      | limit",
        "/api/geocode?q=x&qq=1         | qq",
    })
    void badParameters(String path, String parameter) {
        Api.Response r = api.get(path);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("parameter").asString()).isEqualTo(parameter);
    }

    private JsonNode geocode(String q, int limit) {
        Api.Response r = api.get("/api/geocode?limit=" + limit + "&q=" + enc(q));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> keys(JsonNode candidates) {
        return candidates.values().stream().map(c -> c.get("placeKey").asString()).toList();
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
