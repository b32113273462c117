package org.incidentmapper.category;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

@MapperIntegrationTest
class CategoryApiTest {

    @LocalServerPort
    int port;

    @Test
    void listsCategoriesWithCountsAndDateSpans() {
        JsonNode list = new Api(port).get("/api/categories").json();
        StringBuilder rows = new StringBuilder();
        for (JsonNode c : list.values()) {
            rows.append(c.get("key").asString()).append(' ').append(c.get("count").asInt()).append(' ')
                    .append(c.get("firstDate").asString()).append(' ').append(c.get("lastDate").asString())
                    .append(' ').append(c.get("colour").asString().matches("#[0-9a-f]{6}")).append('\n');
        }
        // compound: last date is the closed one's end (the open one has none); one-day events end on their day
        assertThat(rows.toString()).isEqualTo("""
                compound 2 2020-01-01 2021-03-01 true
                hospital_admission 1 2022-02-01 2022-02-28 true
                border_town 1 2019-01-01 2024-12-31 true
                raid 1 2022-02-20 2022-02-20 true
                rescue 1 2023-06-15 2023-06-15 true
                """);
    }
}
