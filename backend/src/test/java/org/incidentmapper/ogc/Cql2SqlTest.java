package org.incidentmapper.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/** CQL2 text in, SQL text and bound parameters out; bad filters name their position. */
class Cql2SqlTest {

    record Sql(String text, Map<String, Object> params) {
    }

    static Sql sql(String filter) {
        return sql(filter, OgcCrs.CRS84);
    }

    static Sql sql(String filter, OgcCrs crs) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String text = Cql2Sql.where(Cql2Parser.parse(filter), params, crs);
        return new Sql(text, new TreeMap<>(params.getValues()));
    }

    static void check(String filter, String expectedSql, Object... expectedParams) {
        Sql sql = sql(filter);
        assertThat(sql.text()).as(filter).isEqualTo(expectedSql);
        Map<String, Object> expected = new TreeMap<>();
        for (int i = 0; i < expectedParams.length; i++) {
            expected.put("cql" + (i + 1), expectedParams[i]);
        }
        assertThat(sql.params()).as(filter).isEqualTo(expected);
    }

    static void refused(String filter, int position, String message) {
        assertThatThrownBy(() -> sql(filter)).as(filter).isInstanceOf(Cql2Exception.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((Cql2Exception) e).position()).as(filter).isEqualTo(position));
    }

    @Test
    void comparisons() {
        check("category = 'raid'", "(i.category = :cql1)", "raid");
        check("victimsCount >= 10", "(i.victims_count >= :cql1)", 10L);
        check("victimsCount<>2.5", "(i.victims_count <> :cql1)", 2.5);
        check("'raid' = category", "(:cql1 = i.category)", "raid");
        check("startDate < DATE('2022-05-01')", "(i.start_date < CAST(:cql1 AS date))", LocalDate.of(2022, 5, 1));
        check("startDate >= '2022-05-01'", "(i.start_date >= CAST(:cql1 AS date))", LocalDate.of(2022, 5, 1));
        // what GDAL 3.6 sends for a date: a trailing T
        check("startDate >= '2022-05-01T'", "(i.start_date >= CAST(:cql1 AS date))", LocalDate.of(2022, 5, 1));
        check("endDate <= TIMESTAMP('2022-05-01T23:30:00-02:00')", "(i.end_date <= CAST(:cql1 AS date))",
                LocalDate.of(2022, 5, 2));
        check("sensitive = TRUE", "(i.sensitive = :cql1)", true);
        check("title = 'O''Smach'", "(i.title = :cql1)", "O'Smach");
        check("\"category\" = 'raid'", "(i.category = :cql1)", "raid");
    }

    @Test
    void logicAndPrecedence() {
        check("category = 'raid' AND country = 'KHM' OR NOT status = 'disputed'",
                "(((i.category = :cql1) AND (i.country = :cql2)) OR (NOT (i.status = :cql3)))", "raid", "KHM", "disputed");
        check("category = 'raid' and (country = 'KHM' or country = 'THA')",
                "((i.category = :cql1) AND ((i.country = :cql2) OR (i.country = :cql3)))", "raid", "KHM", "THA");
        check("((TRUE))", "TRUE");
    }

    @Test
    void advancedComparisons() {
        check("title LIKE 'Raid%'", "(i.title LIKE :cql1)", "Raid%");
        check("title NOT LIKE '%_x'", "(i.title NOT LIKE :cql1)", "%_x");
        check("title ILIKE '%sihanouk%'", "(i.title ILIKE :cql1)", "%sihanouk%");
        // description and place: also through search_text's trigram index (V88), never for NOT LIKE or a pattern
        // ending with the escape character (an error PostgreSQL must still report)
        check("description ILIKE '%Sihanouk%'",
                "(i.description ILIKE :cql1 AND i.search_text LIKE '%' || lower(:cql1) || '%')", "%Sihanouk%");
        check("locationName LIKE 'Poipet_'",
                "(i.location_name LIKE :cql1 AND i.search_text LIKE '%' || lower(:cql1) || '%')", "Poipet_");
        check("description NOT LIKE '%x%'", "(i.description NOT LIKE :cql1)", "%x%");
        check("description LIKE 'x\\'", "(i.description LIKE :cql1)", "x\\");
        check("victimsCount BETWEEN 1 AND 10", "(i.victims_count BETWEEN :cql1 AND :cql2)", 1L, 10L);
        check("startDate NOT BETWEEN '2022-01-01' AND '2022-12-31'",
                "(i.start_date NOT BETWEEN CAST(:cql1 AS date) AND CAST(:cql2 AS date))",
                LocalDate.of(2022, 1, 1), LocalDate.of(2022, 12, 31));
        check("category IN ('raid', 'rescue')", "(i.category IN (:cql1, :cql2))", "raid", "rescue");
        check("country NOT IN ('KHM')", "(i.country NOT IN (:cql1))", "KHM");
        check("endDate IS NULL", "(i.end_date IS NULL)");
        check("province IS NOT NULL", "(i.province IS NOT NULL)");
    }

    @Test
    void spatialLiteralsAreBoundAndTransformedNotTheColumn() {
        check("S_INTERSECTS(geometry, POLYGON((103 10, 104 10, 104 11, 103 11, 103 10)))",
                "ST_Intersects(i.geom, ST_GeomFromText(:cql1, 4326))",
                "POLYGON ((103 10, 104 10, 104 11, 103 11, 103 10))");
        check("S_WITHIN(geometry, BBOX(103, 10, 104, 11))", "ST_Within(i.geom, ST_GeomFromText(:cql1, 4326))",
                "POLYGON((103.0 10.0, 104.0 10.0, 104.0 11.0, 103.0 11.0, 103.0 10.0))");
        check("s_intersects(geometry,POINT(104.9 11.5))", "ST_Intersects(i.geom, ST_GeomFromText(:cql1, 4326))",
                "POINT (104.9 11.5)");
        Sql mercator = sql("S_INTERSECTS(geometry, POINT(11686000 1289000))", OgcCrs.EPSG_3857);
        assertThat(mercator.text()).isEqualTo("ST_Intersects(i.geom, ST_Transform(ST_GeomFromText(:cql1, 3857), 4326))");
        Sql latLon = sql("S_INTERSECTS(geometry, POINT(11.5 104.9))", OgcCrs.EPSG_4326);
        assertThat(latLon.text()).isEqualTo("ST_Intersects(i.geom, ST_FlipCoordinates(ST_GeomFromText(:cql1, 4326)))");
    }

    @Test
    void temporalIntersection() {
        check("T_INTERSECTS(INTERVAL(startDate, endDate), INTERVAL('2022-01-01', '2022-12-31'))",
                "(daterange(i.start_date, i.end_date, '[]') && daterange(CAST(:cql1 AS date), CAST(:cql2 AS date), '[]'))",
                LocalDate.of(2022, 1, 1), LocalDate.of(2022, 12, 31));
        check("T_INTERSECTS(startDate, INTERVAL('2022-01-01', '..'))",
                "(daterange(i.start_date, i.start_date, '[]') && daterange(CAST(:cql1 AS date), CAST(NULL AS date), '[]'))",
                LocalDate.of(2022, 1, 1));
        check("T_INTERSECTS(INTERVAL(startDate, endDate), DATE('2022-05-05'))",
                "(daterange(i.start_date, i.end_date, '[]') && daterange(CAST(:cql1 AS date), CAST(:cql1 AS date), '[]'))",
                LocalDate.of(2022, 5, 5));
    }

    @Test
    void unknownQueryablesAndBadSyntaxNameThePosition() {
        refused("password = 'x'", 0, "Unknown queryable 'password'");
        refused("category = 'raid' AND geom_public IS NULL", 22, "Unknown queryable 'geom_public'");
        refused("category = ", 11, "ends where a value was expected");
        refused("category = 'raid", 11, "not closed");
        refused("category == 'raid'", 10, "Expected a property, a value");
        refused("(category = 'raid'", 18, "ends where ')' was expected");
        refused("category = 'raid' extra", 18, "Unexpected 'extra'");
        refused("category 'raid'", 9, "Expected a comparison");
        refused("startDate > 'yesterday'", 12, "'yesterday' is not a date");
        refused("victimsCount = 'ten'", 15, "Expected a number value");
        refused("category = 5", 11, "Expected a text value");
        refused("S_INTERSECTS(geometry, POLYGON((1 2, 3)))", 23, "Invalid WKT geometry");
        refused("S_INTERSECTS(title, POINT(1 2))", 13, "'title' is not a geometry");
        refused("category = 'a'; DROP TABLE incident", 14, "Unexpected ';");
        refused("", 0, "empty");
        refused("NOT ".repeat(50) + "TRUE", 160, "nests more than 40");
        refused("title LIKE 5", 11, "Expected a text value");
        refused("victimsCount LIKE '%1'", 0, "LIKE compares text only");
    }
}
