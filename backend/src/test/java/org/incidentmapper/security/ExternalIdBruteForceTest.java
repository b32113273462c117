package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The attack of issue 9: a sensitive incident created without an external id gets {@code externalId =
 * sha256(first source URL + start date + place)}; a viewer who saw that value recovered the place ("Bavet") by
 * hashing the gazetteer's names. The attack is run here against what a viewer gets (single feature, list, exports)
 * and finds nothing, because the value is not there; run against an analyst's answer it finds the place, so the
 * attack itself works.
 */
@WriteIntegrationTest
class ExternalIdBruteForceTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    final List<Long> created = new ArrayList<>();

    @AfterEach
    void remove() {
        if (!created.isEmpty()) {
            jdbc.sql("DELETE FROM incident WHERE id IN (:ids)").param("ids", created).update();
        }
    }

    long create(String locationName, double lon, double lat) {
        Api.Response r = new Api(port, "analyst").send("POST", "/api/incidents", """
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
                 "properties": {"category": "raid", "title": "Raid on a compound", "startDate": "2021-07-14",
                   %s "locationPrecision": "exact", "country": "KHM", "sensitive": true}}"""
                .formatted(lon, lat, locationName == null ? "" : "\"locationName\": \"" + locationName + "\","));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        created.add(id);
        return id;
    }

    /** What a viewer can read about the incident: the feature, the list it is in and two exports of it. */
    String outputs(Api api, long id) {
        StringBuilder all = new StringBuilder();
        for (String path : List.of("/api/incidents/" + id, "/api/incidents?from=2021-07-14&to=2021-07-14",
                "/api/export?format=csv&from=2021-07-14&to=2021-07-14",
                "/api/export?format=geojson&from=2021-07-14&to=2021-07-14")) {
            all.append(api.get(path).body()).append('\n');
        }
        return all.toString();
    }

    /** The place names whose derived id occurs in {@code output}: the brute force over the gazetteer. */
    List<String> bruteForcePlace(String output) throws Exception {
        List<String> names = jdbc.sql("SELECT DISTINCT name FROM gazetteer_place WHERE country = 'KHM'")
                .query(String.class).list();
        assertThat(names).as("the gazetteer the attacker hashes").contains("Bavet").hasSizeGreaterThan(100);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<String> found = new ArrayList<>();
        for (String name : names) {
            // no sources: the URL part is empty; the start date is shown to viewers
            byte[] hash = sha.digest(("\n2021-07-14\n" + name).getBytes(StandardCharsets.UTF_8));
            if (output.contains(HexFormat.of().formatHex(hash, 0, 16))) {
                found.add(name);
            }
        }
        return found;
    }

    @Test
    void hashingTheGazetteerAgainstAViewersAnswerFindsNoPlace() throws Exception {
        long id = create("Bavet", 106.1621, 11.0807);
        assertThat(bruteForcePlace(outputs(new Api(port, "analyst"), id))).as("control: the attack works")
                .containsExactly("Bavet");
        assertThat(bruteForcePlace(outputs(new Api(port, "viewer"), id))).isEmpty();
        assertThat(bruteForcePlace(outputs(Api.anonymous(port), id))).isEmpty();
    }

    @Test
    void theIdDerivedFromTheTruePointIsNotShownEither() {
        long id = create(null, 106.16213, 11.08071);
        String derived = new Api(port, "analyst").get("/api/incidents/" + id).json().get("properties")
                .get("externalId").asString();
        assertThat(derived).startsWith("sha256:");
        String viewer = outputs(new Api(port, "viewer"), id);
        assertThat(viewer).doesNotContain(derived.substring("sha256:".length())).doesNotContain("106.1621");
        assertThat(new Api(port, "viewer").get("/api/incidents/" + id).json().get("properties").get("externalId")
                .isNull()).isTrue();
    }
}
