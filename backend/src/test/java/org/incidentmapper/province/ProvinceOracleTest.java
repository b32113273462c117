package org.incidentmapper.province;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.incidentmapper.Api;
import org.incidentmapper.MapperIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.WKBReader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

/**
 * The province of 2000 generated incidents and every per-province number of the API, checked against an oracle
 * that shares no code with the implementation: point-in-polygon by JTS in Java, counts, dates, periods and spread
 * by plain loops over the incidents. Points fall on Cambodia, its neighbours and the sea; some sit exactly on a
 * vertex that two provinces share, some are small polygons, a fifth have a province given (one of them, KH-25, has
 * no boundary), a third are still running.
 */
@MapperIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvinceOracleTest {

    static final int GENERATED = 2000;
    static final List<String> CATEGORIES = List.of("compound", "hospital_admission", "border_town", "raid", "rescue");
    static final List<String> GIVEN = List.of("KH-12", "KH-18", "KH-25", "TH-63", "KH-1");

    record Incident(long id, String category, LocalDate start, LocalDate end, String country, String province,
            String source, String computed) {
        LocalDate endOrMax() {
            return end == null ? LocalDate.MAX : end;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    final GeometryFactory factory = new GeometryFactory();
    final Map<String, PreparedGeometry> boundaries = new TreeMap<>();
    final Map<String, String> boundaryCountry = new HashMap<>();
    /** What the generator meant: external id → expected (province, source, computed). */
    final Map<String, String[]> expected = new HashMap<>();
    List<Incident> incidents;
    Api api;

    @BeforeAll
    void generate() throws Exception {
        api = new Api(port);
        WKBReader wkb = new WKBReader();
        for (var row : jdbc.queryForList("SELECT code, country, ST_AsBinary(geom) AS wkb FROM boundary")) {
            boundaries.put((String) row.get("code"), PreparedGeometryFactory.prepare(wkb.read((byte[]) row.get("wkb"))));
            boundaryCountry.put((String) row.get("code"), (String) row.get("country"));
        }
        List<Coordinate> sharedVertices = sharedVertices();
        Random random = new Random(20240604);
        List<Object[]> rows = new ArrayList<>();
        for (int n = 0; n < GENERATED; n++) {
            Geometry geometry;
            double kind = random.nextDouble();
            if (kind < 0.02) {
                geometry = factory.createPoint(sharedVertices.get(random.nextInt(sharedVertices.size())));
            } else if (kind < 0.15) {
                geometry = squareInsideOneArea(random);
            } else {
                geometry = factory.createPoint(new Coordinate(round(101.5 + random.nextDouble() * 7),
                        round(9.5 + random.nextDouble() * 5.5)));
            }
            String given = random.nextDouble() < 0.2 ? GIVEN.get(random.nextInt(GIVEN.size())) : null;
            String computed = covering(geometry.getInteriorPoint());
            String id = "gen-" + n;
            expected.put(id, new String[] {given != null ? given : computed,
                    given != null ? "given" : computed != null ? "computed" : "none", computed});
            LocalDate start = LocalDate.of(2018, 1, 1).plusDays(random.nextInt(7 * 365));
            LocalDate end = random.nextDouble() < 0.3 ? null : start.plusDays(random.nextInt(400));
            rows.add(new Object[] {id, CATEGORIES.get(random.nextInt(CATEGORIES.size())), "Generated " + n,
                    Date.valueOf(start), end == null ? null : Date.valueOf(end), geometry.toText(),
                    random.nextDouble() < 0.2 ? "THA" : "KHM", given});
        }
        long t0 = System.nanoTime();
        jdbc.batchUpdate("""
                INSERT INTO incident (external_id, category, title, start_date, end_date, date_precision, geom,
                                      location_precision, country, province)
                VALUES (?, ?, ?, ?, ?, 'day', ST_GeomFromText(?, 4326), 'exact', ?, ?)""", rows);
        System.out.printf("[measure] inserting %d incidents with the province trigger: %d ms%n", GENERATED,
                (System.nanoTime() - t0) / 1_000_000);
        incidents = jdbc.query("SELECT id, category, start_date, end_date, country, province, province_source, "
                + "province_computed, external_id FROM incident", (row, i) -> {
                    String externalId = row.getString(9);
                    String[] meant = expected.get(externalId);
                    // the oracle's province for generated incidents; the fixtures' are checked by BoundaryImportTest
                    return new Incident(row.getLong(1), row.getString(2), row.getObject(3, LocalDate.class),
                            row.getObject(4, LocalDate.class), row.getString(5),
                            meant != null ? meant[0] : row.getString(6), meant != null ? meant[1] : row.getString(7),
                            meant != null ? meant[2] : row.getString(8));
                });
    }

    @AfterAll
    void removeGenerated() {
        jdbc.update("DELETE FROM incident WHERE external_id LIKE 'gen-%'");
    }

    @Test
    void everyIncidentHasTheProvinceTheOracleFinds() {
        Map<String, String> actual = new TreeMap<>();
        jdbc.query("SELECT external_id, province, province_source, province_computed FROM incident "
                + "WHERE external_id LIKE 'gen-%'", row -> {
                    actual.put(row.getString(1), row.getString(2) + " " + row.getString(3) + " " + row.getString(4));
                });
        Map<String, String> oracle = new TreeMap<>();
        expected.forEach((id, e) -> oracle.put(id, e[0] + " " + e[1] + " " + e[2]));
        assertThat(actual).isEqualTo(oracle);
        // the generator reached every case
        assertThat(expected.values().stream().map(e -> e[1]).distinct()).containsExactlyInAnyOrder("given", "computed",
                "none");
        assertThat(expected.values().stream().filter(e -> e[2] == null).count()).isGreaterThan(100);
    }

    @Test
    void recomputingForANewBoundarySetMatchesTheOracleToo(@Autowired BoundaryImporter importer) {
        long t0 = System.nanoTime();
        importer.importFile(java.nio.file.Path.of("../data/boundaries/admin1.geojson"),
                BoundaryImport.naturalEarth("Natural Earth 4.1 admin-1 (admin1.geojson)"));
        System.out.printf("[measure] replacing 329 boundaries and recomputing %d incidents: %d ms%n",
                incidents.size(), (System.nanoTime() - t0) / 1_000_000);
        everyIncidentHasTheProvinceTheOracleFinds();
    }

    @ParameterizedTest(name = "/api/provinces?{0}")
    @CsvSource(delimiter = '|', value = {
        "''",
        "from=2020-01-01&to=2020-12-31",
        "from=2022-06&to=2022-06",
        "category=raid,rescue&from=2019",
        "country=THA",
        "province=KH-12,KH-25,KH-3",
        "from=2030",
    })
    void choroplethCountsMatchTheOracle(String query) {
        long t0 = System.nanoTime();
        JsonNode collection = api.get("/api/provinces?geometry=false&" + query).json();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Query q = Query.parse(query);
        List<Incident> hits = incidents.stream().filter(q::matches).toList();
        Map<String, String> actual = new TreeMap<>();
        for (JsonNode f : collection.get("features").values()) {
            JsonNode p = f.get("properties");
            if (p.get("count").asInt() > 0) {
                actual.put(p.get("code").asString(), p.get("count").asInt() + " " + p.get("firstDate").asString() + " "
                        + p.get("lastDate").asString() + " " + p.get("ongoing").asBoolean() + " " + p.get("categories"));
            }
        }
        Map<String, String> oracle = new TreeMap<>();
        Map<String, List<Incident>> byProvince = new TreeMap<>();
        hits.stream().filter(i -> i.province() != null && boundaries.containsKey(i.province())
                && q.showsBoundary(i.province(), boundaryCountry.get(i.province())))
                .forEach(i -> byProvince.computeIfAbsent(i.province(), k -> new ArrayList<>()).add(i));
        byProvince.forEach((code, list) -> {
            LocalDate first = list.stream().map(Incident::start).min(Comparator.naturalOrder()).orElseThrow();
            LocalDate last = list.stream().map(i -> i.end() == null ? i.start() : i.end())
                    .max(Comparator.naturalOrder()).orElseThrow();
            boolean ongoing = list.stream().anyMatch(i -> i.end() == null);
            Map<String, Integer> categories = new TreeMap<>();
            list.forEach(i -> categories.merge(i.category(), 1, Integer::sum));
            StringBuilder json = new StringBuilder("{");
            categories.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                    .append(v));
            oracle.put(code, list.size() + " " + first + " " + last + " " + ongoing + " " + json.append('}'));
        });
        assertThat(actual).isEqualTo(oracle);
        long unmatched = hits.stream().filter(i -> i.province() == null || !boundaries.containsKey(i.province())).count();
        assertThat(collection.get("unmatched").asLong()).isEqualTo(unmatched);
        System.out.printf("[measure] /api/provinces?geometry=false&%s over %d incidents: %d ms%n", query,
                incidents.size(), ms);
    }

    @ParameterizedTest(name = "/api/provinces/timeline?{0}")
    @CsvSource(delimiter = '|', value = {
        "interval=month&from=2021-01&to=2021-12",
        "interval=quarter",
        "interval=year&category=compound",
        "interval=month&from=2020-02-15&to=2020-05-10&province=KH-12,KH-25",
    })
    void timelineMatchesTheOracle(String query) {
        long t0 = System.nanoTime();
        JsonNode timeline = api.get("/api/provinces/timeline?" + query).json();
        System.out.printf("[measure] /api/provinces/timeline?%s over %d incidents: %d ms%n", query, incidents.size(),
                (System.nanoTime() - t0) / 1_000_000);
        Query q = Query.parse(query);
        List<Incident> hits = incidents.stream().filter(q::matches).toList();
        LocalDate from = q.from != null ? q.from : hits.stream().map(Incident::start).min(Comparator.naturalOrder())
                .orElseThrow();
        LocalDate to = q.to != null ? q.to : hits.stream().map(i -> i.end() != null ? i.end()
                : i.start().isAfter(LocalDate.now()) ? i.start() : LocalDate.now()).max(Comparator.naturalOrder())
                .orElseThrow();
        Map<String, LocalDate> firsts = new TreeMap<>();
        hits.stream().filter(i -> i.province() != null).forEach(i -> firsts.merge(i.province(),
                i.start().isBefore(from) ? from : i.start(), (a, b) -> a.isBefore(b) ? a : b));
        List<String> oracle = new ArrayList<>();
        String interval = q.interval;
        for (LocalDate p = truncate(from, interval); !p.isAfter(to); p = next(p, interval)) {
            LocalDate start = p;
            LocalDate last = next(p, interval).minusDays(1);
            List<Incident> in = hits.stream().filter(i -> !i.start().isAfter(last) && !i.endOrMax().isBefore(start))
                    .toList();
            Map<String, Integer> counts = new TreeMap<>();
            in.stream().filter(i -> i.province() != null).forEach(i -> counts.merge(i.province(), 1, Integer::sum));
            long affected = firsts.values().stream().filter(d -> !d.isAfter(last)).count();
            Set<String> fresh = new TreeSet<>();
            firsts.forEach((code, d) -> {
                if (!d.isBefore(start) && !d.isAfter(last)) {
                    fresh.add(code);
                }
            });
            oracle.add(start + ".." + last + " " + in.size() + " " + counts + " " + counts.size() + " " + affected + " "
                    + fresh);
        }
        List<String> actual = new ArrayList<>();
        for (JsonNode p : timeline.get("periods").values()) {
            Map<String, Integer> counts = new TreeMap<>();
            p.get("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
            Set<String> fresh = new TreeSet<>();
            p.get("newProvinces").values().forEach(v -> fresh.add(v.asString()));
            actual.add(p.get("start").asString() + ".." + p.get("end").asString() + " " + p.get("incidents").asInt() + " "
                    + counts + " " + p.get("provincesActive").asInt() + " " + p.get("provincesAffected").asInt() + " "
                    + fresh);
        }
        assertThat(actual).isEqualTo(oracle);
        assertThat(timeline.get("provinces").asInt()).isEqualTo(firsts.size());
    }

    @ParameterizedTest(name = "/api/provinces/spread?{0}")
    @CsvSource(delimiter = '|', value = {"''", "from=2023&category=compound,raid", "country=THA"})
    void spreadMatchesTheOracle(String query) {
        JsonNode spread = api.get("/api/provinces/spread" + (query.isEmpty() ? "" : "?" + query)).json();
        Query q = Query.parse(query);
        Map<String, List<Incident>> byProvince = new HashMap<>();
        incidents.stream().filter(q::matches).filter(i -> i.province() != null)
                .forEach(i -> byProvince.computeIfAbsent(i.province(), k -> new ArrayList<>()).add(i));
        List<String> oracle = byProvince.entrySet().stream().map(e -> {
            Incident first = e.getValue().stream().min(Comparator.comparing(Incident::start)
                    .thenComparing(Incident::id)).orElseThrow();
            return new String[] {first.start() + " " + e.getKey(), e.getKey() + " " + first.start() + " " + first.id()
                    + " " + e.getValue().size()};
        }).sorted(Comparator.comparing(a -> a[0])).map(a -> a[1]).toList();
        List<String> actual = new ArrayList<>();
        spread.values().forEach(p -> actual.add(p.get("code").asString() + " " + p.get("firstDate").asString() + " "
                + p.get("firstIncident").get("id").asLong() + " " + p.get("count").asInt()));
        assertThat(actual).isEqualTo(oracle);
    }

    @ParameterizedTest(name = "/api/incidents?{0}")
    @CsvSource({"province=KH-3", "province=KH-25,KH-12&country=KHM", "country=tha&from=2020&to=2020"})
    void incidentFilterMatchesTheOracle(String query) {
        Query q = Query.parse(query);
        assertThat(api.get("/api/incidents?" + query).json().get("numberReturned").asLong())
                .isEqualTo(incidents.stream().filter(q::matches).count());
    }

    /** The few query parameters these tests use, applied in Java. */
    static final class Query {
        LocalDate from;
        LocalDate to;
        Set<String> categories;
        Set<String> provinces;
        Set<String> countries;
        String interval;

        static Query parse(String query) {
            Query q = new Query();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                switch (kv[0]) {
                    case "from" -> q.from = org.incidentmapper.web.DateParam.lowerBound("from", kv[1]);
                    case "to" -> q.to = org.incidentmapper.web.DateParam.upperBound("to", kv[1]);
                    case "category" -> q.categories = Set.of(kv[1].split(","));
                    case "province" -> q.provinces = Set.of(kv[1].split(","));
                    case "country" -> q.countries = Set.of(kv[1].toUpperCase().split(","));
                    case "interval" -> q.interval = kv[1];
                    default -> throw new IllegalArgumentException(pair);
                }
            }
            return q;
        }

        boolean matches(Incident i) {
            Predicate<Incident> window = x -> (to == null || !x.start().isAfter(to))
                    && (from == null || !x.endOrMax().isBefore(from));
            return window.test(i) && (categories == null || categories.contains(i.category()))
                    && (provinces == null || i.province() != null && provinces.contains(i.province()))
                    && (countries == null || countries.contains(i.country()));
        }

        boolean showsBoundary(String code, String country) {
            return (provinces == null || provinces.contains(code))
                    && (countries == null || countries.contains(country));
        }
    }

    static LocalDate truncate(LocalDate d, String interval) {
        return switch (interval) {
            case "month" -> d.withDayOfMonth(1);
            case "quarter" -> LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1);
            default -> LocalDate.of(d.getYear(), 1, 1);
        };
    }

    static LocalDate next(LocalDate d, String interval) {
        return switch (interval) {
            case "month" -> d.plusMonths(1);
            case "quarter" -> d.plusMonths(3);
            default -> d.plusYears(1);
        };
    }

    /** The lowest code among the boundaries covering {@code point}, or null. */
    String covering(Point point) {
        return boundaries.entrySet().stream().filter(e -> e.getValue().covers(point)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** A square of 0.002° whose corners and centre all lie in the same boundary, or all outside every boundary. */
    Geometry squareInsideOneArea(Random random) {
        while (true) {
            double x = round(102 + random.nextDouble() * 6);
            double y = round(10 + random.nextDouble() * 4.5);
            Coordinate[] ring = {new Coordinate(x, y), new Coordinate(x + 0.002, y), new Coordinate(x + 0.002, y + 0.002),
                new Coordinate(x, y + 0.002), new Coordinate(x, y)};
            Geometry square = factory.createPolygon(ring);
            Set<String> codes = new java.util.HashSet<>();
            for (Coordinate c : ring) {
                codes.add(String.valueOf(covering(factory.createPoint(c))));
            }
            codes.add(String.valueOf(covering(square.getCentroid())));
            if (codes.size() == 1) {
                return square;
            }
        }
    }

    /** Vertices that two Cambodian provinces share: points covered by both, where the lower code must win. */
    List<Coordinate> sharedVertices() {
        List<Coordinate> shared = new ArrayList<>();
        for (var row : jdbc.queryForList("""
                SELECT ST_X(p.geom) AS x, ST_Y(p.geom) AS y
                FROM boundary a JOIN boundary b ON a.code < b.code AND ST_Touches(a.geom, b.geom),
                     ST_DumpPoints(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) p
                WHERE a.country = 'KHM' AND b.country = 'KHM' AND GeometryType(p.geom) = 'POINT'
                ORDER BY 1, 2 LIMIT 200""")) {
            Coordinate c = new Coordinate((Double) row.get("x"), (Double) row.get("y"));
            if (boundaries.values().stream().filter(g -> g.covers(factory.createPoint(c))).count() >= 2) {
                shared.add(c);
            }
        }
        assertThat(shared).hasSizeGreaterThan(10);
        return shared;
    }

    static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }
}
