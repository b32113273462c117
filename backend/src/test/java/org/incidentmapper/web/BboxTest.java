package org.incidentmapper.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BboxTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "102,10,108,15               | Bbox[minLon=102.0, minLat=10.0, maxLon=108.0, maxLat=15.0]",
        "' 102.5 , 10.25,103 ,11 '   | Bbox[minLon=102.5, minLat=10.25, maxLon=103.0, maxLat=11.0]",
        "-180,-90,180,90             | Bbox[minLon=-180.0, minLat=-90.0, maxLon=180.0, maxLat=90.0]",
        "104,11,104,11               | Bbox[minLon=104.0, minLat=11.0, maxLon=104.0, maxLat=11.0]",
    })
    void parses(String text, String expected) {
        assertThat(Bbox.parse("bbox", text.strip()).toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                  | four numbers",
        "1,2,3,4,5           | got 5 values",
        "1,,3,4              | minLat is not a number",
        "Infinity,1,2,3      | minLon is not a finite number",
        "0,0,0,90.5          | maxLat must be between -90 and 90",
        "0,5,1,4             | minLat is greater than maxLat",
        "170,0,-170,1        | antimeridian",
    })
    void refuses(String text, String message) {
        assertThatThrownBy(() -> Bbox.parse("bbox", text))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((BadParameterException) e).parameter()).isEqualTo("bbox");
    }
}
