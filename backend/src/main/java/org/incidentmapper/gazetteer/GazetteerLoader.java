package org.incidentmapper.gazetteer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.dataset.DatasetLoads;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads {@code places.csv} (GeoNames) and {@code aliases.csv} from {@code mapper.gazetteer} into
 * {@code gazetteer_place} with COPY, before anything else that may geocode (the sample data). Recorded in
 * {@code dataset_load} with the files' hash: an unchanged gazetteer is not loaded again, a changed one replaces
 * the old in one transaction.
 */
@Component
public class GazetteerLoader {

    private static final Log log = LogFactory.getLog(GazetteerLoader.class);
    private static final String DATASET = "gazetteer";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final String directory;
    private final DatasetLoads loads;

    GazetteerLoader(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transaction, DatasetLoads loads,
            @Value("${mapper.gazetteer:data/gazetteer}") String directory) {
        this.dataSource = dataSource;
        this.loads = loads;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.directory = directory;
    }

    /** One step of the {@link org.incidentmapper.StartupSequence}. */
    public void run(ApplicationArguments args) throws IOException {
        if (directory.isBlank()) {
            return;
        }
        Path places = Path.of(directory, "places.csv");
        Path aliases = Path.of(directory, "aliases.csv");
        for (Path file : new Path[] {places, aliases}) {
            if (!Files.isReadable(file)) {
                throw new IllegalStateException("Gazetteer file " + file.toAbsolutePath() + " is missing; set "
                        + "mapper.gazetteer to the directory holding places.csv and aliases.csv, or to nothing to "
                        + "start without geocoding");
            }
        }
        String sha = DatasetLoads.sha256(places, aliases);
        if (loads.sha256(DATASET).filter(sha::equals).isPresent()) {
            return;
        }
        transaction.executeWithoutResult(status -> load(places, aliases, sha));
        log.info("Loaded the gazetteer from " + Path.of(directory).toAbsolutePath() + ": "
                + jdbc.sql("SELECT count(*) FROM gazetteer_place").query(Long.class).single() + " names");
    }

    private void load(Path places, Path aliases, String sha) {
        jdbc.sql("""
                CREATE TEMP TABLE places_in (name text, country text, admin1 text, lat float8, lon float8,
                    source text) ON COMMIT DROP""").update();
        jdbc.sql("""
                CREATE TEMP TABLE aliases_in (place_key text, name text, script text, lang text, lat float8,
                    lon float8, country text, province_iso text, precision text, note text,
                    ord integer GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP""").update();
        copy("COPY places_in (name, country, admin1, lat, lon, source) FROM STDIN (FORMAT csv, HEADER match)", places);
        copy("COPY aliases_in (place_key, name, script, lang, lat, lon, country, province_iso, precision, note) "
                + "FROM STDIN (FORMAT csv, HEADER match)", aliases);
        jdbc.sql("DELETE FROM gazetteer_place").update();
        jdbc.sql("""
                INSERT INTO gazetteer_place (source, place_key, display_name, name, search_key, script, lang, country,
                    province, precision, note, geom)
                SELECT 'alias', a.place_key, first_value(a.name) OVER (PARTITION BY a.place_key ORDER BY a.ord),
                    a.name, gazetteer_key(a.name), a.script, a.lang, a.country, nullif(a.province_iso, ''),
                    a.precision, nullif(a.note, ''), ST_SetSRID(ST_MakePoint(a.lon, a.lat), 4326)
                FROM aliases_in a""").update();
        jdbc.sql("""
                INSERT INTO gazetteer_place (source, place_key, display_name, name, search_key, script, country,
                    province, precision, geom)
                SELECT 'geonames', 'geonames:' || p.country || ':' || p.name || '@' || p.lat || ',' || p.lon,
                    p.name, p.name, gazetteer_key(p.name), 'Latn', p.country, m.iso, 'town',
                    ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)
                FROM places_in p LEFT JOIN geonames_admin1_iso m ON m.country = p.country AND m.admin1 = p.admin1
                """).update();
        loads.record(DATASET, sha);
        jdbc.sql("ANALYZE gazetteer_place").update();
    }

    /** COPY of a file through the transaction's own connection. */
    private void copy(String sql, Path file) {
        var connection = DataSourceUtils.getConnection(dataSource);
        try (InputStream in = Files.newInputStream(file)) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, in);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot load " + file + ": " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
