package org.incidentmapper.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * A query whose client has gone is cancelled in PostgreSQL within about a second, even before its first row; the
 * map's lean collection carries only what the map draws.
 */
@MapperIntegrationTest
class StreamWatchTest {

    @Autowired
    DataSource dataSource;
    @LocalServerPort
    int port;

    @Test
    void aQueryIsCancelledSoonAfterTheClientHasGone() throws Exception {
        OutputStream closedClient = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                StreamWatch watch = new StreamWatch(closedClient, connection)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(20)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014")); // query_canceled
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertThat(ms).as("cancelled after %d ms", ms).isLessThan(2_000);
            assertThat(watch.clientGone()).isTrue();
        }
    }

    @Test
    void aClientThatStaysIsNeverCancelled() throws Exception {
        OutputStream client = OutputStream.nullOutputStream();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                StreamWatch watch = new StreamWatch(client, connection)) {
            assertThat(statement.execute("SELECT pg_sleep(1.2)")).isTrue();
            assertThat(watch.clientGone()).isFalse();
        }
    }

    @Test
    void theMapsViewCarriesOnlyWhatTheMapDraws() {
        Api api = new Api(port);
        JsonNode lean = api.get("/api/incidents?view=map&limit=1").json();
        JsonNode properties = lean.get("features").get(0).get("properties");
        assertThat(properties.propertyNames()).containsExactlyInAnyOrder("category", "title", "startDate", "endDate",
                "datePrecision", "locationPrecision", "province", "status");
        JsonNode full = api.get("/api/incidents?limit=1").json();
        assertThat(lean.get("features").get(0).get("id")).isEqualTo(full.get("features").get(0).get("id"));
        for (String name : properties.propertyNames()) {
            assertThat(properties.get(name)).as(name)
                    .isEqualTo(full.get("features").get(0).get("properties").get(name));
        }
        // compact JSON (row_to_json): no space around the colons or after the commas json_build_object writes
        String text = api.get("/api/incidents?view=map&limit=1").body();
        assertThat(text).startsWith("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":"
                + lean.get("features").get(0).get("id").asLong() + ",\"geometry\":{\"type\":\"");
        assertThat(text).contains("\"properties\":{\"category\":").doesNotContain("\" : ").doesNotContain(", \"");
        assertThat(lean.get("numberMatched").asLong()).isEqualTo(
                api.get("/api/incidents?limit=1&count=exact").json().get("numberMatched").asLong());
        assertThat(api.get("/api/incidents?view=everything").json().get("parameter").asString()).isEqualTo("view");
        assertThat(api.get("/api/incidents?count=maybe").json().get("parameter").asString()).isEqualTo("count");
    }
}
