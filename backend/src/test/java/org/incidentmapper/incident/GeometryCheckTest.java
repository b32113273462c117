package org.incidentmapper.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.json.JsonMapper;

/** GeoJSON geometry in → WKT out, or the error a user sees. */
class GeometryCheckTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'type':'Point','coordinates':[103.52,10.63]}                          | POINT (103.52 10.63)",
        "{'type':'Point','coordinates':[103.52,10.63,5]}                        | POINT (103.52 10.63)",
        "{'type':'Polygon','coordinates':[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}     | POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))",
        "{'type':'MultiPolygon','coordinates':[[[[0,0],[1,0],[1,1],[0,0]]]]}    | MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))",
    })
    void reads(String geojson, String wkt) throws Exception {
        assertThat(GeometryCheck.read(JSON.readTree(geojson.replace('\'', '"'))).toText()).isEqualTo(wkt);
    }

    /** As stored: 6 decimals, exteriors counterclockwise and holes clockwise (RFC 7946 §3.1.6). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'type':'Point','coordinates':[103.123456789,10.0000004]}               | {'type':'Point','coordinates':[103.123457,10.0]}",
        "{'type':'Point','coordinates':[103.5,10.5,12.5]}                        | {'type':'Point','coordinates':[103.5,10.5]}",
        "{'type':'Polygon','coordinates':[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}     | {'type':'Polygon','coordinates':[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,1.0],[0.0,0.0]]]}",
        "{'type':'Polygon','coordinates':[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}     | {'type':'Polygon','coordinates':[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,1.0],[0.0,0.0]]]}",
        "{'type':'Polygon','coordinates':[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]} | {'type':'Polygon','coordinates':[[[0.0,0.0],[4.0,0.0],[4.0,4.0],[0.0,4.0],[0.0,0.0]],[[1.0,1.0],[1.0,2.0],[2.0,2.0],[2.0,1.0],[1.0,1.0]]]}",
        "{'type':'MultiPolygon','coordinates':[[[[0,0],[0,1],[1,1],[0,0]]]]}    | {'type':'MultiPolygon','coordinates':[[[[0.0,0.0],[1.0,1.0],[0.0,1.0],[0.0,0.0]]]]}",
    })
    void normalisesAsStored(String geojson, String stored) {
        assertThat(GeometryCheck.normalised(JSON.readTree(geojson.replace('\'', '"'))).toString())
                .isEqualTo(stored.replace('\'', '"'));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'type':'LineString','coordinates':[[0,0],[1,1]]}                      | must be Point, Polygon or MultiPolygon",
        "{'type':'Point','coordinates':[200,10]}                                | outside longitude -180..180",
        "{'type':'Point','coordinates':[11.56,104.92]}                          | longitude and latitude swapped",
        "{'type':'Point','coordinates':[10]}                                    | must be [longitude, latitude]",
        "{'type':'Point','coordinates':['103','10']}                            | must be [longitude, latitude]",
        "{'type':'Polygon','coordinates':[[[0,0],[1,0],[1,1],[0,1]]]}           | not closed",
        "{'type':'Polygon','coordinates':[[[0,0],[1,0],[0,0]]]}                 | at least 4 positions",
        "{'type':'Polygon','coordinates':[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}     | Self-intersection",
        "{'type':'Polygon','coordinates':[]}                                    | no rings",
    })
    void refuses(String geojson, String message) {
        assertThatThrownBy(() -> GeometryCheck.read(JSON.readTree(geojson.replace('\'', '"'))))
                .hasMessageContaining(message);
    }
}
