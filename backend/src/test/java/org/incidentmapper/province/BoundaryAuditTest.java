package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * Replacing the boundaries moves every incident between provinces, so it is audited (issue 9 point 9): who, from
 * where, which file, the set before and the result. (A refused upload changes nothing, the audit trail included:
 * BoundaryUploadAttackTest.)
 */
@WriteIntegrationTest
class BoundaryAuditTest {

    @LocalServerPort
    int port;

    @AfterAll
    static void restoreTheExtract(@Autowired BoundaryImporter importer) {
        importer.importFile(Path.of("../data/boundaries/admin1.geojson"),
                BoundaryImport.naturalEarth("Natural Earth 4.1 admin-1 (admin1.geojson)"));
    }

    /** The newest audit event of {@code action} on boundaries (the trail lists newest first). */
    JsonNode lastEvent(String action) {
        return new Api(port, "admin").get("/api/audit?entity=boundary&action=" + action).json().get(0);
    }

    @Test
    void aReplacementIsAudited() throws Exception {
        Api.Response r = BoundaryImportTest.upload(port, "audited-squares.geojson",
                BoundaryImportTest.SQUARES.getBytes(StandardCharsets.UTF_8),
                Map.of("nameField", "NAME", "codeField", "CODE", "country", "KHM"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode replaced = lastEvent("replace");
        assertThat(replaced.get("actor").asString()).isEqualTo("analyst");
        assertThat(replaced.get("entityId").asString()).isEqualTo("audited-squares");
        assertThat(replaced.get("before").get("boundarySet").asString()).contains("Natural Earth");
        assertThat(replaced.get("after").get("features").asInt()).isEqualTo(3);
        assertThat(replaced.get("detail").get("fileName").asString()).isEqualTo("audited-squares.geojson");
    }
}
