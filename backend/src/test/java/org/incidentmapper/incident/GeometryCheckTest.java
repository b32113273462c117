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
