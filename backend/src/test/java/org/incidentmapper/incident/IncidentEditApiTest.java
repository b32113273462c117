package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/** POST, PUT and DELETE of /api/incidents: validation, geocoding of 'place', optimistic locking, history. */
@WriteIntegrationTest
class IncidentEditApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static String feature(String externalId, String geometry, String extra) {
        return """
                {"type":"Feature","geometry":%s,
                 "properties":{"externalId":"%s","category":"raid","title":"Raid on a compound","startDate":"2024-03-05",
                   "locationPrecision":"town","country":"KHM"%s,
                   "sources":[{"outlet":"VOD","url":"https://vodenglish.news/raid","publishedDate":"2024-03-06","language":"en"}]}}"""
                .formatted(geometry, externalId, extra);
    }

    @Test
    void createsWithAGeometry() {
        Api.Response r = api.send("POST", "/api/incidents",
                feature("edit-geometry", "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}", ""));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.etag()).isEqualTo("W/\"1\"");
        assertThat(r.location()).matches("/api/incidents/\\d+");
        Api.Response got = api.get(r.location());
        assertThat(got.etag()).isEqualTo("W/\"1\"");
        assertThat(got.json().get("properties").get("version").asInt()).isEqualTo(1);
        assertThat(got.json().get("properties").get("sources").get(0).get("outlet").asString()).isEqualTo("VOD");
    }

    @Test
    void aPlaceNameStandsInForTheGeometry() {
        String body = feature("edit-place", "null", ",\"place\":\"西港\"").replace("\"locationPrecision\":\"town\",", "")
                .replace("\"country\":\"KHM\"", "\"title2\":null");
        Api.Response r = api.send("POST", "/api/incidents", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode f = r.json();
        assertThat(f.get("geometry").toString()).isEqualTo("{\"type\":\"Point\",\"coordinates\":[103.52958,10.60932]}");
        assertThat(f.get("properties").get("locationName").asString()).isEqualTo("西港");
        assertThat(f.get("properties").get("locationPrecision").asString()).isEqualTo("town");
        assertThat(f.get("properties").get("country").asString()).isEqualTo("KHM");
        assertThat(f.get("properties").get("province").asString()).isEqualTo("KH-18");
    }

    @Test
    void anAmbiguousPlaceIs422WithItsCandidates() {
        Api.Response r = api.send("POST", "/api/incidents", feature("edit-ambiguous", "null", ",\"place\":\"Ou Svay\""));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("place");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("is ambiguous: 2 places");
        assertThat(problem.get("candidates").size()).isEqualTo(2);
        assertThat(problem.get("errors").size()).isEqualTo(1);
    }

    @Test
    void anUnknownPlaceSuggestsSpellings() {
        Api.Response r = api.send("POST", "/api/incidents", feature("edit-unknown", "null", ",\"place\":\"Sihanoukvile\""));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").get(0).get("message").asString())
                .contains("not found").contains("did you mean Sihanoukville");
    }

    @Test
    void invalidFieldsAre422NamingEachField() {
        String body = feature("edit-invalid", "{\"type\":\"Point\",\"coordinates\":[11.5,104.9]}", "")
                .replace("\"raid\"", "\"casino\"").replace("2024-03-05", "2024-02-30");
        Api.Response r = api.send("POST", "/api/incidents", body);
        assertThat(r.status()).isEqualTo(422);
        List<String> fields = r.json().get("errors").values().stream().map(e -> e.get("field").asString()).toList();
        assertThat(fields).containsExactly("category", "startDate", "geometry");
        assertThat(r.json().get("errors").get(2).get("message").asString()).contains("swapped");
    }

    @Test
    void notJsonIs400() {
        Api.Response r = api.send("POST", "/api/incidents", "{not json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
    }

    @Test
    void theSameIdentityTwiceIsAConflict() {
        String body = feature("edit-twice", "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}", "");
        assertThat(api.send("POST", "/api/incidents", body).status()).isEqualTo(201);
        Api.Response again = api.send("POST", "/api/incidents", body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("current").get("properties").get("externalId").asString()).isEqualTo("edit-twice");
    }

    @Test
    void theSecondOfTwoConcurrentEditsGets409AndNothingIsLost() {
        Api.Response created = api.send("POST", "/api/incidents",
                feature("edit-race", "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}", ""));
        String path = created.location();
        String etag = api.get(path).etag();
        // both analysts opened version 1; A saves first
        Api.Response a = api.send("PUT", path, feature("edit-race", "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}", "")
                .replace("Raid on a compound", "Edited by A"), "If-Match", etag);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.etag()).isEqualTo("W/\"2\"");
        Api.Response b = api.send("PUT", path, feature("edit-race", "{\"type\":\"Point\",\"coordinates\":[103.6,10.7]}", "")
                .replace("Raid on a compound", "Edited by B"), "If-Match", etag);
        assertThat(b.status()).isEqualTo(409);
        assertThat(b.contentType()).startsWith("application/problem+json");
        assertThat(b.json().get("currentVersion").asInt()).isEqualTo(2);
        assertThat(b.json().get("current").get("properties").get("title").asString()).isEqualTo("Edited by A");
        assertThat(api.get(path).json().get("properties").get("title").asString()).isEqualTo("Edited by A");
        // B retries from the current version, given in the body this time
        Api.Response retry = api.send("PUT", path, feature("edit-race", "{\"type\":\"Point\",\"coordinates\":[103.6,10.7]}",
                ",\"version\":2").replace("Raid on a compound", "Edited by B"));
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().get("properties").get("version").asInt()).isEqualTo(3);
    }

    @Test
    void anEditNeedsAVersion() {
        Api.Response created = api.send("POST", "/api/incidents",
                feature("edit-noversion", "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}", ""));
        Api.Response r = api.send("PUT", created.location(),
                feature("edit-noversion", "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}", ""));
        assertThat(r.status()).isEqualTo(428);
        assertThat(api.send("DELETE", created.location(), null).status()).isEqualTo(428);
        assertThat(api.send("PUT", "/api/incidents/999999", feature("x", "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}",
                ""), "If-Match", "W/\"1\"").status()).isEqualTo(404);
    }

    @Test
    void aDeleteIsKeptAsHistory() {
        Api.Response created = api.send("POST", "/api/incidents",
                feature("edit-delete", "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}", ""));
        long id = Long.parseLong(created.location().replaceAll(".*/", ""));
        Api.Response updated = api.send("PUT", created.location(), feature("edit-delete",
                "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}", "").replace("Raid on a compound", "Renamed"),
                "If-Match", created.etag());
        assertThat(api.send("DELETE", created.location(), null, "If-Match", "W/\"1\"").status()).isEqualTo(409);
        assertThat(api.send("DELETE", created.location(), null, "If-Match", updated.etag()).status()).isEqualTo(204);

        assertThat(api.get(created.location()).status()).isEqualTo(404);
        assertThat(api.externalIds("")).doesNotContain("edit-delete");
        assertThat(api.send("PUT", created.location(), feature("edit-delete", "{\"type\":\"Point\",\"coordinates\":[1,1]}",
                ""), "If-Match", "W/\"3\"").status()).isEqualTo(410);
        List<String> history = jdbc.sql("""
                SELECT action || ' v' || version || ' ' || coalesce(before -> 'properties' ->> 'title', '-') || ' → '
                       || coalesce(after -> 'properties' ->> 'title', '-')
                FROM incident_history WHERE incident_id = :id ORDER BY id""").param("id", id).query(String.class).list();
        assertThat(history).containsExactly("create v1 - → Raid on a compound", "update v2 Raid on a compound → Renamed",
                "delete v3 Renamed → -");
        assertThat(jdbc.sql("SELECT feature -> 'properties' ->> 'title' FROM incident_deleted WHERE id = :id")
                .param("id", id).query(String.class).single()).isEqualTo("Renamed");
    }

    @Test
    void anUnchangedSaveMakesNoNewVersion() {
        String body = feature("edit-same", "{\"type\":\"Point\",\"coordinates\":[103.5,10.6]}", "");
        Api.Response created = api.send("POST", "/api/incidents", body);
        Api.Response same = api.send("PUT", created.location(), body, "If-Match", created.etag());
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.etag()).isEqualTo("W/\"1\"");
    }
}
