package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The SQL helpers of V4__export_functions.sql, in PostgreSQL: input, operation, expected output. */
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
        "'=x             | '=x",
        "Rescue 西港     | Rescue 西港",
    })
    void csvCellEscapesWhatSpreadsheetsWouldRun(String value, String expected) {
        String cell = jdbc.sql("SELECT export_csv_cell(:v)").param("v", value).query(String.class).single();
        assertThat(cell).isEqualTo(expected);
    }
}
