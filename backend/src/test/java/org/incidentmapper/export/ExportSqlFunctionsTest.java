package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL helpers of V4__export_functions.sql, in PostgreSQL: input, operation, expected output; and the shapefile
 * statistics (field widths, cuts), which sum lengths instead of building the values, against the values themselves.
 */
@MapperIntegrationTest
class ExportSqlFunctionsTest {

    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest(name = "export_cut(''{0}'', {1}) = ''{2}''")
    @CsvSource(delimiter = '|', value = {
        "abc             | 3 | abc",
        "abc             | 2 | ab",
        // ក is 3 bytes, ្ 3 bytes: a cut never splits one
        "ក្រុង          | 2 | ''",
        "ក្រុង          | 3 | ក",
        "ក្រុង          | 5 | ក",
        "ក្រុង          | 6 | ក្",
        "西港            | 5 | 西",
        "a西港           | 6 | a西",
        "a西港           | 7 | a西港",
        "😀x            | 3 | ''",
        "😀x            | 4 | 😀",
        "é              | 1 | ''",
    })
    void cutKeepsWholeCharactersWithinTheByteLimit(String value, int bytes, String expected) {
        String cut = jdbc.sql("SELECT export_cut(:v, :n)").param("v", value).param("n", bytes)
                .query(String.class).single();
        assertThat(cut).isEqualTo(expected);
    }

    @ParameterizedTest(name = "export_csv_cell({0})")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "=1+1            | '=1+1",
        "+41 22          | '+41 22",
        "-2              | '-2",
        "@SUM(A1)        | '@SUM(A1)",
        "\"\tx\"         | \"'\tx\"",
        "\"\rx\"         | \"'\rx\"",
        "a=b             | a=b",
        "'=x             | ''=x",
        "'quoted'        | ''quoted'",
        "Rescue 西港     | Rescue 西港",
    })
    void csvCellEscapesWhatSpreadsheetsWouldRun(String value, String expected) {
        String cell = jdbc.sql("SELECT export_csv_cell(:v)").param("v", value).query(String.class).single();
        assertThat(cell).isEqualTo(expected);
    }

    @Test
    void textStatisticsMatchTheValuesTheShapefileGets() {
        Map<String, Long> stats = new HashMap<>();
        jdbc.sql(ExportSql.shapefileTextStats("TRUE")).query((ResultSet row) -> {
            for (int c = 1; c <= row.getMetaData().getColumnCount(); c++) {
                stats.put(row.getMetaData().getColumnLabel(c), row.getLong(c));
            }
        });
        Map<String, Integer> widest = new HashMap<>();
        Map<String, Integer> cut = new HashMap<>();
        for (boolean polygons : new boolean[] {false, true}) {
            jdbc.sql(ExportSql.shapefile("TRUE", polygons, Map.of())).query((ResultSet row) -> {
                for (ExportSql.Column c : ExportSql.COLUMNS) {
                    String value = c.type() == ExportSql.Type.TEXT ? row.getString(c.shapefile()) : null;
                    if (value != null) {
                        widest.merge(c.shapefile(), value.getBytes(StandardCharsets.UTF_8).length, Math::max);
                    }
                }
                String cuts = row.getString("cut_fields");
                if (cuts != null) {
                    for (String field : cuts.split(",")) {
                        cut.merge(field, 1, Integer::sum);
                    }
                }
            });
        }
        for (ExportSql.Column c : ExportSql.COLUMNS) {
            if (c.type() != ExportSql.Type.TEXT) {
                continue;
            }
            long bytes = stats.get("bytes_" + c.shapefile());
            long cuts = stats.get("cut_" + c.shapefile());
            assertThat(cuts).as(c.shapefile()).isEqualTo(cut.getOrDefault(c.shapefile(), 0).longValue());
            if (cuts == 0) {
                assertThat(bytes).as(c.shapefile()).isEqualTo(widest.getOrDefault(c.shapefile(), 0).longValue());
            } else {
                assertThat(bytes).as(c.shapefile()).isGreaterThan(ExportSql.DBF_TEXT_BYTES);
                assertThat(widest.get(c.shapefile())).as(c.shapefile()).isLessThanOrEqualTo(ExportSql.DBF_TEXT_BYTES);
            }
        }
        assertThat(stats.get("bytes_src_outlet")).isEqualTo((long) "Test Daily | Test Times".length());
        assertThat(stats.get("bytes_src_date")).isEqualTo((long) "2021-01-10 | 2021-01-11".length());
        assertThat(cut).containsOnlyKeys("descr");
    }
}
