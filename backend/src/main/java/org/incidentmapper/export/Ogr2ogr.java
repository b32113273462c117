package org.incidentmapper.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.process.ChildProcess;
import org.incidentmapper.security.Visibility;
import org.postgresql.Driver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs GDAL's ogr2ogr reading the app's own PostGIS, one process per call. The database is named on the command
 * line ({@code PG:host=… port=… dbname=… user=…}); its password travels only in the {@code PGPASSWORD} environment
 * variable. A run that outlasts {@code mapper.export.timeout}, or whose thread is interrupted, is killed. Runs go
 * through {@link ChildProcess}, so ogr2ogr gets nothing of the app's environment beyond what is named here.
 */
@Component
class Ogr2ogr {

    private static final Log log = LogFactory.getLog(Ogr2ogr.class);
    private static final int STDERR_LOGGED = 4000;

    private final ExportProperties settings;
    private final String source;
    private final String password;

    Ogr2ogr(ExportProperties settings, @Value("${spring.datasource.url}") String jdbcUrl,
            @Value("${spring.datasource.username:}") String username,
            @Value("${spring.datasource.password:}") String password) {
        this.settings = settings;
        this.source = source(jdbcUrl, username);
        this.password = password;
    }

    /** The database as ogr2ogr opens it: a {@code PG:} connection string without the password. */
    String source() {
        return source;
    }

    /**
     * Runs {@code ogr2ogr arguments…}; its error output goes to a file in {@code workDir}.
     *
     * @throws ExportFailedException when it exits non-zero, times out or is interrupted (the process is killed)
     */
    void run(List<String> arguments, Path workDir) {
        run(settings.ogr2ogr(), arguments, workDir);
    }

    /**
     * Runs {@code ogrinfo arguments…} the same way: for SQL on a file an ogr2ogr run has written.
     *
     * @throws ExportFailedException as {@link #run(List, Path)}
     */
    void ogrinfo(List<String> arguments, Path workDir) {
        run(settings.ogrinfo(), arguments, workDir);
    }

    private void run(String program, List<String> arguments, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(arguments);
        if (log.isDebugEnabled()) {
            log.debug("Running: " + command.stream().map(Ogr2ogr::shellQuote).collect(Collectors.joining(" ")));
        }
        try {
            // the one process runner: a clean environment plus what ogr2ogr needs to read the database as the caller
            // (a viewer's export reads the generalised views); output bounded, killed on timeout or interruption
            ChildProcess process = ChildProcess.of(command).in(workDir).withTimeout(settings.timeout())
                    .withMaxOutput(2 * STDERR_LOGGED).withEnv(Map.of("PGPASSWORD", password, "PGCLIENTENCODING", "UTF8",
                            "PGOPTIONS", Visibility.current().pgOptions()));
            long started = System.nanoTime();
            ChildProcess.Result result = process.run();
            String errors = result.output().strip();
            if (result.timedOut()) {
                throw new ExportFailedException(program + " took longer than " + settings.timeout() + "; killed. " + errors);
            }
            if (result.exitCode() != 0) {
                throw new ExportFailedException(program + " exited with " + result.exitCode() + ": " + errors);
            }
            if (!errors.isBlank()) {
                log.warn(program + " warned: " + errors);
            }
            log.debug(program + " finished in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (IOException e) {
            throw new ExportFailedException("cannot run " + program + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportFailedException("interrupted while " + program + " ran; killed", e);
        }
    }

    /** {@code PG:host=… port=… dbname=… user=…} from the JDBC URL, each value quoted as libpq wants. */
    static String source(String jdbcUrl, String username) {
        Properties url = Driver.parseURL(jdbcUrl, new Properties());
        if (url == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        StringBuilder conninfo = new StringBuilder("PG:");
        conninfo.append("host=").append(conninfoValue(url.getProperty("PGHOST", "localhost")));
        conninfo.append(" port=").append(conninfoValue(url.getProperty("PGPORT", "5432")));
        conninfo.append(" dbname=").append(conninfoValue(url.getProperty("PGDBNAME")));
        if (!username.isBlank()) {
            conninfo.append(" user=").append(conninfoValue(username));
        }
        if (url.getProperty("sslmode") != null) {
            conninfo.append(" sslmode=").append(conninfoValue(url.getProperty("sslmode")));
        }
        return conninfo.toString();
    }

    private static String conninfoValue(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** One argument as a POSIX shell word, so a logged command can be run again by hand. */
    static String shellQuote(String argument) {
        return argument.matches("[A-Za-z0-9_./:=,+-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'";
    }
}
