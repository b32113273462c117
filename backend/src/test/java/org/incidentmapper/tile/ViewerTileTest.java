package org.incidentmapper.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import org.incidentmapper.Api;
import org.incidentmapper.WriteIntegrationTest;
import org.incidentmapper.incident.IncidentFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Viewers' tiles from the grid summary (generalised.incident_grid, V77) are byte for byte the tiles counted from
 * their incidents (generalised.counted_incident), before and after writes; every count of hospital admissions (a
 * sensitive category) in a viewer's tile is 0 or at least k = 11 while the analysts' tiles of the same data hold
 * smaller ones; moving one sensitive incident within its disclosure cell, or a sensitive raid within its 0.25° cell,
 * changes no viewer tile, while the analysts' tiles change.
 *
 * <p>Data: hospital admissions in cells of 14 (Phnom Penh), 5 (Sihanoukville) and 6 + 6 (Poipet, March and April
 * 2022), and a sensitive raid (a listed category, generalised).
 */
@WriteIntegrationTest
class ViewerTileTest {

    static final int K = 11;
    static final double[][] PLACES = {{104.92, 11.56}, {103.53, 10.63}, {102.56, 13.66}, {104.9012, 11.5634}};
    static final List<IncidentFilter> FILTERS = List.of(IncidentFilter.ALL,
            filter("2022-03-01", "2022-03-31"),
            filter("2022-03-01", "2022-04-30", "hospital_admission"),
            filter("2022-01-01", "2022-12-31", "hospital_admission", "raid"),
            filter(null, "2022-03-31", "raid"));

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TileRepository tiles;

    static IncidentFilter filter(String from, String to, String... categories) {
        return new IncidentFilter(null, from == null ? null : LocalDate.parse(from),
                to == null ? null : LocalDate.parse(to), List.of(categories), null, List.of(), List.of());
    }

    @BeforeEach
    void data() {
        admissions("vt-pp", 14, 104.92, 11.56, "2022-03-10");
        admissions("vt-sv", 5, 103.53, 10.63, "2022-03-12");
        admissions("vt-pm", 6, 102.56, 13.66, "2022-03-20");
        admissions("vt-pa", 6, 102.57, 13.65, "2022-04-02");
        jdbc.update("""
                INSERT INTO incident (external_id, category, title, start_date, date_precision, geom,
                    location_precision, country, status, sensitive)
                VALUES ('vt-raid', 'raid', 'Sensitive raid', '2022-03-05', 'day',
                    ST_SetSRID(ST_MakePoint(104.9012, 11.5634), 4326), 'exact', 'KHM', 'verified', true)""");
    }

    @AfterEach
    void remove() {
        jdbc.update("DELETE FROM incident WHERE external_id LIKE 'vt-%'");
    }

    void admissions(String prefix, int n, double lon, double lat, String day) {
        for (int i = 0; i < n; i++) {
            jdbc.update("""
                    INSERT INTO incident (external_id, category, title, start_date, end_date, date_precision, geom,
                        location_precision, country, status, sensitive)
                    VALUES (?, 'hospital_admission', 'Admission', CAST(? AS date), CAST(? AS date), 'day',
                        ST_SetSRID(ST_MakePoint(?, ?), 4326), 'exact', 'KHM', 'reported', ?)""",
                    prefix + "-" + i, day, day, lon + i * 0.001, lat + i * 0.001, prefix.equals("vt-pp") && i % 2 == 0);
        }
    }

    /** Runs {@code work} with the database connections a viewer's request gets (an anonymous request: generalised). */
    static <T> T asViewer(Supplier<T> work) {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        SecurityContextHolder.clearContext();
        try {
            return work.get();
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    /** The tiles at zoom 3..12 holding the places and their neighbours, as a viewer sees them (grid path). */
    List<String> viewerTiles(List<String> failures, boolean analystToo, List<Long> analystAdmissions) {
        List<String> all = new ArrayList<>();
        for (IncidentFilter filter : FILTERS) {
            for (int zoom = 3; zoom <= 12; zoom++) {
                int z = zoom;
                for (double[] place : PLACES) {
                    int[] t = TileApiTest.tileOf(place[0], place[1], z);
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = t[0] + dx;
                        int y = t[1];
                        byte[] grid = asViewer(() -> tiles.tile(z, x, y, filter, true));
                        byte[] incidents = asViewer(() -> tiles.tile(z, x, y, filter, false));
                        String address = z + "/" + x + "/" + y + " " + filter;
                        if (!Arrays.equals(grid, incidents)) {
                            failures.add("viewer tile from the grid differs from the incidents' at " + address);
                        }
                        long admissions = MvtCount.sum(grid, "cells", "count_hospital_admission")[0];
                        if (admissions > 0 && admissions < K) {
                            failures.add("viewer tile " + address + " counts " + admissions + " admissions");
                        }
                        all.add(address + " " + HexFormat.of().formatHex(grid));
                        if (analystToo) {
                            analystAdmissions.add(MvtCount.sum(tiles.tile(z, x, y, filter, true), "cells",
                                    "count_hospital_admission")[0]);
                        }
                    }
                }
            }
        }
        return all;
    }

    @Test
    void viewersGridTilesEqualTheirIncidentTilesAndCountAdmissionsOnlyInWholeCells() throws Exception {
        List<String> failures = new ArrayList<>();
        List<Long> analyst = new ArrayList<>();
        List<String> before = viewerTiles(failures, true, analyst);
        assertThat(failures).isEmpty();
        assertThat(analyst).as("control: the analysts' tiles count small cells").anyMatch(n -> n > 0 && n < K);
        assertThat(asViewer(() -> MvtCount.sum(tiles.tile(7, TileApiTest.tileOf(104.92, 11.56, 7)[0],
                TileApiTest.tileOf(104.92, 11.56, 7)[1], FILTERS.get(1), true), "cells", "count_hospital_admission")[0]))
                .as("Phnom Penh's 14 admissions in March, at zoom 7").isEqualTo(14);

        // within their cells: an admission in Phnom Penh, the raid within its 0.25° cell
        List<Long> ignored = new ArrayList<>();
        byte[] analystBefore = tiles.tile(12, TileApiTest.tileOf(104.92, 11.56, 12)[0],
                TileApiTest.tileOf(104.92, 11.56, 12)[1], IncidentFilter.ALL, true);
        jdbc.update("UPDATE incident SET geom = ST_Translate(geom, 0.03, 0.02) WHERE external_id IN ('vt-pp-0', 'vt-raid')");
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT province_public) FROM incident WHERE external_id LIKE 'vt-pp-%'",
                Long.class)).as("the admissions stay in one province").isEqualTo(1);
        assertThat(viewerTiles(failures, false, ignored)).isEqualTo(before);
        assertThat(failures).isEmpty();
        assertThat(tiles.tile(12, TileApiTest.tileOf(104.92, 11.56, 12)[0], TileApiTest.tileOf(104.92, 11.56, 12)[1],
                IncidentFilter.ALL, true)).as("control: the analysts' tile shows the move").isNotEqualTo(analystBefore);

        // to another cell: Phnom Penh 14 -> 13 (shown), Sihanoukville 5 -> 6 (withheld); still whole cells only
        jdbc.update("UPDATE incident SET geom = ST_SetSRID(ST_MakePoint(103.531, 10.631), 4326) "
                + "WHERE external_id = 'vt-pp-1'");
        assertThat(viewerTiles(failures, false, ignored)).isNotEqualTo(before);
        assertThat(failures).isEmpty();

        // the endpoint serves a viewer the grid's tile, and the viewer's tile is not the analyst's
        int[] t = TileApiTest.tileOf(104.92, 11.56, 7);
        String path = "/tiles/incidents/7/" + t[0] + "/" + t[1] + ".mvt?from=2022-03-01&to=2022-03-31";
        var response = HttpClient.newHttpClient().send(new Api(port, "viewer").request(path).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(asViewer(() -> tiles.tile(7, t[0], t[1], FILTERS.get(1), false)))
                .isNotEqualTo(tiles.tile(7, t[0], t[1], FILTERS.get(1), false));
    }
}
