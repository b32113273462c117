package org.incidentmapper.incident;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The last step of start-up: the first map request after a start should be as quick as the next ones. Without it
 * the first stream of incidents waited ~100 ms longer (BENCHMARKS.md, TTFB 203 ms vs 91-96 ms): each pooled
 * connection's server process loads PostGIS on its first geometry function, and the JVM runs the stream's code
 * interpreted until it is compiled. So every connection the pool may open runs a PostGIS function once, and the
 * incident stream writes a few pages of both Feature shapes to nowhere.
 */
@Component
public class StreamWarmUp {

    private static final Log log = LogFactory.getLog(StreamWarmUp.class);
    /** Features per warm-up stream: enough for the JIT to compile the per-row path, a few ms of the database. */
    static final int FEATURES = 2000;

    private final DataSource dataSource;
    private final IncidentRepository incidents;
    private final int connections;

    StreamWarmUp(DataSource dataSource, IncidentRepository incidents,
            @Value("${spring.datasource.hikari.maximum-pool-size:10}") int connections) {
        this.dataSource = dataSource;
        this.incidents = incidents;
        this.connections = connections;
    }

    /** What a warm-up did: connections that ran a PostGIS function, streams written, milliseconds. */
    public record Report(int connections, int streams, long millis) { }

    public Report run() {
        long started = System.nanoTime();
        int warmed = 0;
        // held together, so the pool opens (and warms) as many as it may ever hand out
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Connection c = dataSource.getConnection();
                held.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT ST_AsGeoJSON(ST_ForcePolygonCCW(ST_MakePoint(104.9, 11.5)), 5)");
                }
                warmed++;
            }
        } catch (SQLException e) {
            // a pool smaller than configured, or a busy database: what was warmed stays warm
            log.info("Warm-up stopped after " + warmed + " connections: " + e.getMessage());
        } finally {
            for (Connection c : held) {
                try {
                    c.close();
                } catch (SQLException e) {
                    log.debug("Closing a warm-up connection", e);
                }
            }
        }
        int streams = 0;
        for (int round = 0; round < 3; round++) {
            for (IncidentRepository.Shape shape : List.of(IncidentRepository.Shape.FULL,
                    new IncidentRepository.Shape(true, false))) {
                incidents.writeCollection(IncidentFilter.ALL, FEATURES, shape, OutputStream.nullOutputStream());
                streams++;
            }
        }
        Report report = new Report(warmed, streams, (System.nanoTime() - started) / 1_000_000);
        log.info("Warm-up: " + report.connections() + " connections ran PostGIS, " + report.streams()
                + " streams of up to " + FEATURES + " features, in " + report.millis() + " ms");
        return report;
    }
}
