package org.incidentmapper.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/** POST /api/imports end to end: modes, reports, rejected rows, re-imports, encodings, limits, a killed import. */
@WriteIntegrationTest
class ImportApiTest {

    static final String HEADER = "external_id,category,title,start_date,lon,lat,place,location_precision,country,"
            + "source_outlet,source_url\n";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    long count(String externalIdPrefix) {
        return jdbc.sql("SELECT count(*) FROM incident WHERE external_id LIKE :p").param("p", externalIdPrefix + "%")
                .query(Long.class).single();
    }

    static String mixed(String prefix) {
        return HEADER
                + prefix + "1,raid,Good row,2024-01-10,103.52,10.61,,town,KHM,VOD,https://vodenglish.news/1\n"
                + prefix + "2,raid,Swapped,2024-01-11,10.61,103.52,,town,KHM,VOD,https://vodenglish.news/2\n"
                + prefix + "3,raid,Ambiguous place,2024-01-12,,,Ou Svay,town,KHM,VOD,https://vodenglish.news/3\n";
    }

    @Test
    void allOrNothingCommitsNothingWhenARowIsBad() {
        Api.Response r = api.upload("/api/imports", "mixed.csv", mixed("aon-").getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonNode report = r.json();
        assertThat(report.get("mode").asString()).isEqualTo("all-or-nothing");
        assertThat(report.get("committed").asBoolean()).isFalse();
        assertThat(report.get("accepted").asInt()).isEqualTo(1);
        assertThat(report.get("rejected").asInt()).isEqualTo(2);
        assertThat(report.get("created").asInt()).isZero();
        JsonNode rows = report.get("rows");
        assertThat(rows.get(0).get("row").asInt()).isEqualTo(2);
        assertThat(rows.get(0).get("line").asInt()).isEqualTo(3);
        assertThat(rows.get(0).get("field").asString()).isEqualTo("lon/lat");
        assertThat(rows.get(0).get("message").asString()).contains("swapped");
        assertThat(rows.get(1).get("field").asString()).isEqualTo("place");
        assertThat(rows.get(1).get("message").asString()).contains("'Ou Svay' is ambiguous: 2 places");
        assertThat(count("aon-")).isZero();

        Api.Response csv = api.get(report.get("rejectedCsv").asString());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("\uFEFF" + HEADER.strip() + ",error");
        assertThat(lines.get(1)).startsWith("aon-2,raid,Swapped,2024-01-11,10.61,103.52,,town,KHM,VOD,"
                + "https://vodenglish.news/2,\"lon/lat: position [10.61, 103.52] has longitude and latitude swapped");
        assertThat(lines.get(2)).startsWith("aon-3,").contains("\"place: 'Ou Svay' is ambiguous");
        assertThat(api.get("/api/imports/" + report.get("id").asLong()).json().get("rejected").asInt()).isEqualTo(2);
    }

    @Test
    void acceptValidCommitsTheValidRows() {
        Api.Response r = api.upload("/api/imports", "mixed.csv", mixed("av-").getBytes(StandardCharsets.UTF_8),
                "mode", "accept-valid");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("committed").asBoolean()).isTrue();
        assertThat(r.json().get("created").asInt()).isEqualTo(1);
        assertThat(r.json().get("rejected").asInt()).isEqualTo(2);
        assertThat(count("av-")).isEqualTo(1);
    }

    @Test
    void reImportUpdatesInPlaceAndNeverDuplicates() {
        String file = HEADER
                + "re-1,raid,With an id,2024-02-01,103.52,10.61,,town,KHM,VOD,https://vodenglish.news/a\n"
                + ",rescue,Without an id,2024-02-02,102.56,13.66,,town,KHM,VOD,https://vodenglish.news/re-b\n";
        JsonNode first = api.upload("/api/imports", "re.csv", file.getBytes(StandardCharsets.UTF_8)).json();
        assertThat(first.get("created").asInt()).isEqualTo(2);
        JsonNode again = api.upload("/api/imports", "re.csv", file.getBytes(StandardCharsets.UTF_8)).json();
        assertThat(again.get("created").asInt()).isZero();
        assertThat(again.get("unchanged").asInt()).isEqualTo(2);
        JsonNode edited = api.upload("/api/imports", "re.csv",
                file.replace("Without an id", "Renamed").getBytes(StandardCharsets.UTF_8)).json();
        assertThat(edited.get("updated").asInt()).isEqualTo(1);
        assertThat(edited.get("unchanged").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT title || ' v' || version FROM incident i WHERE EXISTS (SELECT 1 FROM incident_source s "
                + "WHERE s.incident_id = i.id AND s.url = 'https://vodenglish.news/re-b')").query(String.class).list())
                .containsExactly("Renamed v2");
        assertThat(jdbc.sql("SELECT count(*) FROM incident_history WHERE import_id = :id")
                .param("id", edited.get("id").asLong()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void placeNamesInAnyScript() {
        String file = "external_id,category,title,start_date,place,source_outlet\n"
                + "script-1,raid,Khmer,2024-03-01,ក្រុងព្រះសីហនុ,VOD\n"
                + "script-2,raid,Chinese,2024-03-01,西港,VOD\n"
                + "script-3,raid,Thai,2024-03-01,ปอยเปต,VOD\n"
                + "script-4,raid,Apostrophe-free,2024-03-01,o smach,VOD\n"
                + "script-5,rescue,Country only,2024-03-01,Myanmar,VOD\n";
        Api.Response r = api.upload("/api/imports", "scripts.csv", file.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(jdbc.sql("""
                SELECT external_id || ' ' || ST_AsText(geom) || ' ' || location_precision || ' ' || country || ' '
                       || coalesce(province, '-') || ' ' || location_name
                FROM incident WHERE external_id LIKE 'script-%' ORDER BY external_id""").query(String.class).list())
                .containsExactly(
                        "script-1 POINT(103.52958 10.60932) town KHM KH-18 ក្រុងព្រះសីហនុ",
                        "script-2 POINT(103.52958 10.60932) town KHM KH-18 西港",
                        "script-3 POINT(102.56365 13.65805) town KHM KH-1 ปอยเปต",
                        "script-4 POINT(103.69571 14.42479) town KHM KH-22 o smach",
                        "script-5 POINT(95.95622 21.91397) country MMR - Myanmar");
    }

    @Test
    void bomSemicolonsAndQuotedLineBreaks() {
        String file = "\uFEFFexternal_id;category;title;description;start_date;lon;lat;location_precision;country\r\n"
                + "semi-1;compound;\"Compound; the big one\";\"First line\r\nsecond line\";2021-03;103,52;10,61;town;KHM\r\n";
        Api.Response r = api.upload("/api/imports", "excel.csv", file.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT title || '|' || description FROM incident WHERE external_id = 'semi-1'")
                .query(String.class).single()).isEqualTo("Compound; the big one|First line\r\nsecond line");
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWhole() {
        byte[] latin1 = (HEADER + "enc-1,raid,Caf\u00e9 raid,2024-01-10,103.52,10.61,,town,KHM,VOD,https://x.org/1\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Api.Response r = api.upload("/api/imports", "latin1.csv", latin1);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains("not UTF-8").contains("line 2");
        assertThat(count("enc-")).isZero();
    }

    @Test
    void theSameIncidentTwiceInOneFileIsRejected() {
        String file = HEADER + "dup-1,raid,One,2024-01-10,103.52,10.61,,town,KHM,VOD,https://x.org/1\n"
                + "dup-1,raid,Two,2024-01-10,103.52,10.61,,town,KHM,VOD,https://x.org/1\n";
        JsonNode report = api.upload("/api/imports", "dup.csv", file.getBytes(StandardCharsets.UTF_8)).json();
        assertThat(report.get("rows").get(0).get("message").asString()).isEqualTo("is the same incident as row 1 "
                + "(same externalId)");
        assertThat(report.get("rows").get(0).get("field").asString()).isEqualTo("external_id");
    }

    @Test
    void geoJsonFeaturesAreImportedTheSameWay() {
        String file = """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","geometry":null,"properties":{"externalId":"gj-1","category":"raid","title":"By place",
                   "startDate":"2024-04-01","place":"Poipet"}},
                 {"type":"Feature","geometry":{"type":"Point","coordinates":[103.5,10.6]},"properties":{"externalId":"gj-2",
                   "category":"raid","title":"Bad end","startDate":"2024-04-01","endDate":"2024-03-01",
                   "locationPrecision":"town","country":"KHM"}}]}""";
        Api.Response r = api.upload("/api/imports", "two.geojson", file.getBytes(StandardCharsets.UTF_8),
                "mode", "accept-valid");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("format").asString()).isEqualTo("geojson");
        assertThat(r.json().get("created").asInt()).isEqualTo(1);
        assertThat(r.json().get("rows").get(0).toString())
                .isEqualTo("{\"row\":2,\"line\":null,\"field\":\"endDate\",\"message\":\"end date 2024-03-01 is before start date 2024-04-01\"}");
        assertThat(api.get(r.json().get("rejectedCsv").asString()).body()).contains("feature_number,feature,error");
    }

    @Test
    void anUploadOverTheLimitIs413() {
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        Api.Response r = api.upload("/api/imports", "big.csv", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains("upload limit of 2 MB");
    }

    @Test
    void unknownModeOrMissingFile() {
        Api.Response r = api.upload("/api/imports", "x.csv", "a\n".getBytes(StandardCharsets.UTF_8), "mode", "some");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("parameter").asString()).isEqualTo("mode");
    }

    /**
     * The database connection of an all-or-nothing import is killed from another connection after 500 rows
     * (five batches) are written: nothing is committed, and the app goes on working.
     */
    @Test
    void anImportKilledHalfWayCommitsNothing() throws Exception {
        StringBuilder file = new StringBuilder(HEADER);
        for (int i = 1; i <= 1000; i++) {
            file.append("kill-%04d,raid,Row %d,2024-05-01,103.52,10.61,,town,KHM,VOD,https://x.org/kill/%d\n"
                    .formatted(i, i, i));
        }
        jdbc.sql("""
                CREATE FUNCTION test_stall() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$""").update();
        jdbc.sql("""
                CREATE TRIGGER test_stall AFTER INSERT ON incident FOR EACH ROW
                WHEN (NEW.external_id = 'kill-0501') EXECUTE FUNCTION test_stall()""").update();
        try {
            CompletableFuture<Api.Response> upload = CompletableFuture.supplyAsync(() ->
                    api.upload("/api/imports", "kill.csv", file.toString().getBytes(StandardCharsets.UTF_8)));
            Integer pid = null;
            for (int i = 0; i < 200 && pid == null; i++) {
                pid = jdbc.sql("SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND pid <> pg_backend_pid()")
                        .query(Integer.class).optional().orElse(null);
                Thread.sleep(50);
            }
            assertThat(pid).as("the import reached row 501").isNotNull();
            // rows 1..500 are in the incident table, uncommitted, when the connection goes
            assertThat(jdbc.sql("SELECT pg_terminate_backend(:pid)").param("pid", pid).query(Boolean.class).single())
                    .isTrue();
            Api.Response r = upload.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().get("detail").asString()).contains("nothing of it was committed");
        } finally {
            jdbc.sql("DROP TRIGGER test_stall ON incident").update();
            jdbc.sql("DROP FUNCTION test_stall()").update();
        }
        assertThat(count("kill-")).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM incident_history WHERE after ->> 'externalId' LIKE 'kill-%' "
                + "OR after -> 'properties' ->> 'externalId' LIKE 'kill-%'").query(Long.class).single()).isZero();
        // the pool replaced the dead connection
        assertThat(api.upload("/api/imports", "after.csv", (HEADER
                + "kill-after,raid,After,2024-05-01,103.52,10.61,,town,KHM,VOD,https://x.org/kill/after\n")
                .getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    }
}
