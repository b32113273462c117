package org.incidentmapper.postgis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A streaming hot standby of a {@link PrivatePostgis} cluster: {@code pg_basebackup -R} of the running primary
 * (as its superuser, over the replication line initdb puts in pg_hba.conf for 127.0.0.1), started with
 * {@code pg_ctl} on a port of its own. For tests and for trying the standby routing on one machine; a production
 * standby is set up by the DBA (README "A hot standby for reads").
 */
public final class PrivateStandby {

    private static final Log log = LogFactory.getLog(PrivateStandby.class);

    private final PrivatePostgis primary;
    private final Path dataDir;
    private final int port;
    private final Path binDir;
    private boolean running;

    public PrivateStandby(PrivatePostgis primary, Path dataDir, int port) {
        this.primary = primary;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = port;
        this.binDir = binDir();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Copies the primary (made once) and starts the standby; it streams from the primary until {@link #stop()}. */
    public synchronized void start() {
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            basebackup();
        }
        run(List.of("setsid", binDir.resolve("pg_ctl").toString(), "start", "-w", "-t", "120", "-D", dataDir.toString(),
                "-l", dataDir.resolveSibling(dataDir.getFileName() + ".log").toString(), "-o", "-p " + port));
        running = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "private-standby-stop"));
        log.info("Started a hot standby of " + primary.dataDir() + " in " + dataDir + " on 127.0.0.1:" + port);
    }

    /** Stops the standby at once (as a crash or a pulled cable would, from the app's point of view). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        run(List.of(binDir.resolve("pg_ctl").toString(), "stop", "-m", "immediate", "-D", dataDir.toString()));
    }

    private void basebackup() {
        // kept beside the data directory: -R writes its path into primary_conninfo, and streaming reconnects with it
        Path pgpass = dataDir.resolveSibling(dataDir.getFileName() + ".pgpass");
        try {
            Files.createDirectories(dataDir.getParent());
            Files.deleteIfExists(pgpass);
            Files.createFile(pgpass, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pgpass, "127.0.0.1:" + primary.port() + ":*:" + PrivatePostgis.SUPERUSER + ":"
                    + primary.superuserPassword() + "\n");
            if (PrivatePostgis.runningAsRoot()) {
                PrivatePostgis.exec(List.of("chown", "postgres:", pgpass.toString())).orThrow("chown");
                PrivatePostgis.exec(List.of("chown", "postgres:", dataDir.getParent().toString()));
            }
            List<String> command = asClusterOwner(List.of("env", "PGPASSFILE=" + pgpass,
                    binDir.resolve("pg_basebackup").toString(), "-D", dataDir.toString(), "-R", "-X", "stream",
                    "-c", "fast", "-h", "127.0.0.1", "-p", Integer.toString(primary.port()), "-U", PrivatePostgis.SUPERUSER,
                    "-w"));
            PrivatePostgis.exec(command).orThrow("pg_basebackup");
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the standby in " + dataDir, e);
        }
    }

    private static void run(List<String> command) {
        PrivatePostgis.exec(asClusterOwner(command)).orThrow(String.join(" ", command));
    }

    private static List<String> asClusterOwner(List<String> command) {
        if (!PrivatePostgis.runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static Path binDir() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("pg_basebackup")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("pg_basebackup not found under /usr/lib/postgresql", e);
        }
    }
}
