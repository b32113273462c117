package org.incidentmapper.postgis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A PostgreSQL cluster of the app's own, made with {@code initdb} and run with {@code pg_ctl}.
 *
 * <p>It listens on 127.0.0.1 only, with no Unix socket, and authenticates with a random password kept beside the
 * data directory (mode 600). When the JVM runs as root the cluster runs as the unprivileged {@code postgres} account,
 * since PostgreSQL refuses root. A cluster this object started is stopped when the JVM exits; one that was already
 * running is reused and left running.
 */
public final class PrivatePostgis {

    static final String SUPERUSER = "mapper";
    private static final Log log = LogFactory.getLog(PrivatePostgis.class);
    private static final String SYSTEM_ACCOUNT = "postgres";

    private final Path dataDir;
    private final Path binDir;
    private final int port;
    private final boolean durable;
    private boolean startedHere;

    /**
     * @param dataDir where the cluster lives; made on first start
     * @param port TCP port on 127.0.0.1
     * @param durable false turns off fsync and friends: for throw-away test clusters only
     */
    public PrivatePostgis(Path dataDir, int port, boolean durable) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.binDir = findBinDir();
        this.port = port;
        this.durable = durable;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** JDBC URL of {@code database} in this cluster. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String password() {
        try {
            return Files.readString(passwordFile()).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + passwordFile(), e);
        }
    }

    /** Makes the cluster if needed, starts it unless it already runs, and creates {@code database} if missing. */
    public synchronized void start(String database) {
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb();
        }
        if (isRunning()) {
            log.info("Reusing the PostGIS cluster already running in " + dataDir);
        } else {
            run(List.of("setsid", binDir.resolve("pg_ctl").toString(), "start", "-w", "-t", "120", "-D", dataDir.toString(),
                    "-l", dataDir.resolve("server.log").toString(), "-o", "-p " + port), null);
            startedHere = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "private-postgis-stop"));
            log.info("Started private PostGIS in " + dataDir + " on 127.0.0.1:" + port);
        }
        createDatabase(database);
    }

    /** Stops the cluster if this object started it: waits for clients to disconnect first, then forces. */
    public synchronized void stop() {
        if (!startedHere) {
            return;
        }
        startedHere = false;
        String pgCtl = binDir.resolve("pg_ctl").toString();
        try {
            run(List.of(pgCtl, "stop", "-m", "smart", "-t", "15", "-D", dataDir.toString()), null);
        } catch (RuntimeException slow) {
            run(List.of(pgCtl, "stop", "-m", "fast", "-t", "60", "-D", dataDir.toString()), null);
        }
    }

    /** Stops whatever cluster runs in this data directory, without waiting for clients. */
    void forceStop() {
        exec(asClusterOwner(List.of(binDir.resolve("pg_ctl").toString(), "stop", "-m", "immediate", "-D",
                dataDir.toString())), null);
    }

    boolean isRunning() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return false;
        }
        return exec(asClusterOwner(List.of(binDir.resolve("pg_ctl").toString(), "status", "-D", dataDir.toString())), null)
                .exitCode() == 0;
    }

    private void initdb() {
        try {
            Files.createDirectories(dataDir);
            Path secret = passwordFile();
            if (!Files.exists(secret)) {
                byte[] bytes = new byte[24];
                new SecureRandom().nextBytes(bytes);
                Files.writeString(secret, HexFormat.of().formatHex(bytes) + "\n");
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            }
            if (runningAsRoot()) {
                exec(List.of("chown", SYSTEM_ACCOUNT + ":", dataDir.toString()), null).orThrow("chown");
                Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dataDir, e);
        }
        log.info("Creating a private PostGIS cluster in " + dataDir);
        Path pwfile = null;
        try {
            // initdb reads the password from a file the cluster owner can open; it lives only while initdb runs
            pwfile = Files.createTempFile("mapper-initdb", ".pw", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pwfile, password() + "\n");
            if (runningAsRoot()) {
                exec(List.of("chown", SYSTEM_ACCOUNT + ":", pwfile.toString()), null).orThrow("chown");
            }
            run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                    "--pwfile=" + pwfile, "--auth-local=reject", "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--locale=C.UTF-8"), null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the initdb password file", e);
        } finally {
            if (pwfile != null) {
                pwfile.toFile().delete();
            }
        }
        List<String> settings = new ArrayList<>(List.of(
                "# written by the incident mapper",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = 50",
                "shared_buffers = 256MB",
                "work_mem = 32MB"));
        if (!durable) {
            settings.addAll(List.of("fsync = off", "synchronous_commit = off", "full_page_writes = off"));
        }
        try {
            Files.write(dataDir.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot configure " + dataDir, e);
        }
    }

    private void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a lower-case identifier: " + database);
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", SUPERUSER);
        credentials.setProperty("password", password());
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), credentials);
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " in " + dataDir, e);
        }
    }

    private Path passwordFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".password");
    }

    private void run(List<String> command, String stdin) {
        exec(asClusterOwner(command), stdin).orThrow(String.join(" ", command));
    }

    private static List<String> asClusterOwner(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SYSTEM_ACCOUNT, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Whether the unprivileged account can reach {@code dir}: every parent must be searchable by it. */
    static boolean reachableByClusterOwner(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && exec(List.of("runuser", "-u", SYSTEM_ACCOUNT, "--", "test", "-x", existing.toString()),
                null).exitCode() == 0;
    }

    private static Path findBinDir() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL server binaries not found under " + root
                    + ": install them with 'apt-get install postgresql-15 postgresql-15-postgis-3'", e);
        }
    }

    record Result(int exitCode, String output) {
        void orThrow(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "): " + output.strip());
            }
        }
    }

    static Result exec(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
