package org.incidentmapper.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CSV text in → records out (fields joined by '|', records by '/'), or the error a user sees. */
class CsvReaderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
        "a,b,c\\n1,2,3                          # a|b|c / 1|2|3",
        "a,b\\r\\n1,2\\r\\n                     # a|b / 1|2",
        "a,b\\r1,2                              # a|b / 1|2",
        "a;b;c\\n1;2,5;3                        # a|b|c / 1|2,5|3",
        "a,b\\n\"x, y\",2                       # a|b / x, y|2",
        "a,b\\n\"he said \"\"hi\"\"\",2         # a|b / he said \"hi\"|2",
        "a,b\\n\"line one\\nline two\",2        # a|b / line one\\nline two|2",
        "a,b\\n1,\\n,2                          # a|b / 1| / |2",
        "a,b\\n\\n1,2\\n\\n                     # a|b / 1|2",
        "a,b\\n5\"3,x                           # a|b / 5\"3|x",
        "\uFEFFa,b\\n1,2                        # a|b / 1|2",
        "name\\nក្រុងព្រះសីហនុ                   # name / ក្រុងព្រះសីហនុ",
        "\"a;b\",c\\n1,2                        # a;b|c / 1|2",
    })
    void reads(String text, String expected) throws IOException {
        assertThat(read(text.replace("\\n", "\n").replace("\\r", "\r").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(expected.replace("\\n", "\n"));
    }

    @Test
    void numbersLinesOfRecordsAcrossQuotedLineBreaks() throws IOException {
        CsvReader csv = CsvReader.open(new ByteArrayInputStream("h\n\"a\nb\"\nc\n".getBytes(StandardCharsets.UTF_8)));
        csv.next();
        assertThat(csv.line()).isEqualTo(1);
        csv.next();
        assertThat(csv.line()).isEqualTo(2);
        csv.next();
        assertThat(csv.line()).isEqualTo(4);
    }

    @Test
    void latin1IsRefused() {
        byte[] latin1 = "name\nPhnom Penh caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> read(latin1)).isInstanceOf(UnreadableFile.class)
                .hasMessageContaining("not UTF-8").hasMessageContaining("line 2");
    }

    @Test
    void utf16IsRefused() {
        byte[] utf16 = "name\nx\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[utf16.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withBom, 2, utf16.length);
        assertThatThrownBy(() -> read(withBom)).isInstanceOf(UnreadableFile.class).hasMessageContaining("UTF-16");
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThatThrownBy(() -> read("a,b\n\"x,2\n3,4\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableFile.class).hasMessageContaining("starts on line 2 is never closed");
    }

    private static String read(byte[] bytes) throws IOException {
        List<String> records = new ArrayList<>();
        try (CsvReader csv = CsvReader.open(new ByteArrayInputStream(bytes))) {
            for (List<String> r = csv.next(); r != null; r = csv.next()) {
                records.add(String.join("|", r));
            }
        }
        return String.join(" / ", records);
    }
}
