package org.incidentmapper.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Who may set what on an incident, and that every change lands in the audit trail. */
@WriteIntegrationTest
class WriteProtectionTest {

    static final String FEATURE = """
            {"type":"Feature","geometry":{"type":"Point","coordinates":[104.5,11.5]},
             "properties":{"externalId":"%s","category":"raid","title":"Protected fields","startDate":"2023-03-03",
               "locationPrecision":"town","country":"KHM","sensitive":true,"createdBy":"mallory"}}""";

    @LocalServerPort
    int port;

    @Test
    void aViewerCannotWriteAtAll() {
        assertThat(new Api(port, "viewer").send("POST", "/api/incidents", FEATURE.formatted("by-viewer")).status())
                .isEqualTo(403);
    }

    @Test
    void anAnalystMarksSensitiveButCreatedByIsTheServers() {
        Api.Response created = new Api(port, "analyst").send("POST", "/api/incidents", FEATURE.formatted("by-analyst"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var properties = new Api(port, "analyst").get(created.location()).json().get("properties");
        assertThat(properties.get("sensitive").asBoolean()).isTrue();
        assertThat(properties.get("createdBy").asString()).isEqualTo("analyst");
        // a viewer sees the flag but neither the author nor the true point
        var seen = new Api(port, "viewer").get(created.location()).json();
        assertThat(seen.get("properties").get("createdBy").isNull()).isTrue();
        assertThat(seen.get("geometry").toString()).isEqualTo("{\"type\":\"Point\",\"coordinates\":[104.625,11.625]}");
    }

    @Test
    void createUpdateAndDeleteAreAuditedWithBeforeAndAfter() {
        Api analyst = new Api(port, "analyst");
        Api.Response created = analyst.send("POST", "/api/incidents", FEATURE.formatted("audited"));
        String id = created.location().replaceAll(".*/", "");
        String edited = FEATURE.formatted("audited").replace("Protected fields", "Protected fields, edited");
        assertThat(analyst.send("PUT", created.location(), edited, "If-Match", created.etag()).status()).isEqualTo(200);
        String etag = analyst.get(created.location()).etag();
        assertThat(analyst.send("DELETE", created.location(), null, "If-Match", etag).status()).isEqualTo(204);

        var events = new Api(port, "admin").get("/api/audit?entity=incident&entityId=" + id).json();
        StringBuilder trail = new StringBuilder();
        for (var e : events.values()) {
            trail.append(e.get("action").asString()).append(' ').append(e.get("actor").asString()).append(' ')
                    .append(e.get("before").isNull() ? "-" : e.get("before").get("properties").get("title").asString())
                    .append(" → ")
                    .append(e.get("after").isNull() ? "-" : e.get("after").get("properties").get("title").asString())
                    .append('\n');
        }
        assertThat(trail.toString()).isEqualTo("""
                delete analyst Protected fields, edited → -
                update analyst Protected fields → Protected fields, edited
                create analyst - → Protected fields
                """);
        assertThat(events.get(0).get("remoteAddr").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void theAuditTrailCannotBeChangedThroughTheApi() {
        Api admin = new Api(port, "admin");
        assertThat(admin.send("DELETE", "/api/audit", null).status()).isEqualTo(405);
        assertThat(admin.send("PUT", "/api/audit", "{}").status()).isEqualTo(405);
        assertThat(admin.send("PATCH", "/api/audit/1", "{}").status()).isIn(404, 405);
    }
}
