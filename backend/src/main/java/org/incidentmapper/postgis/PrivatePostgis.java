package org.incidentmapper.postgis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.process.ChildProcess;

/**
 * A PostgreSQL cluster of the app's own, made with {@code initdb} and run with {@code pg_ctl}.
 *
 * <p>It listens on 127.0.0.1 only, with no Unix socket. The superuser {@value #SUPERUSER} (password in
 * {@code <data-dir>.password}, mode 600) only provisions: it creates the roles, the database and the {@code postgis}
 * extension. The app itself connects as {@value #APP_ROLE} (password in {@code <data-dir>.app-password}, mode 600),
 * which owns the database and its objects but has no SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS and is
 * in none of {@code pg_read_server_files}, {@code pg_write_server_files}, {@code pg_execute_server_program}.
 *
 * <p>When the JVM runs as root the cluster runs as the unprivileged {@code postgres} account, since PostgreSQL refuses
 * root. The process that starts the cluster records itself in {@code <data-dir>.owner} and stops the cluster when it
 * exits. A cluster found running is reused and left running when its owner still lives (e.g. a command-line import
 * beside the running app); when its owner is gone (killed with {@code kill -9}), this process adopts it: it becomes
 * the owner and stops it on exit.
 */
public final class PrivatePostgis {

    static final String SUPERUSER = "mapper";
    /** The role the app connects as: owner of the database, nothing more. */
    public static final String APP_ROLE = "mapper_app";
    /** Roles the app switches to (SET ROLE): generalised reads below analyst level, and boundary staging. */
    static final List<String> APP_MEMBER_OF = List.of("mapper_generalised", "mapper_staging");
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

    /** The superuser's password: for provisioning and for the administrator, never for the app's connections. */
    public String superuserPassword() {
        return secret(passwordFile());
    }

    /** The password of {@value #APP_ROLE}, the role the app connects as. */
    public String appPassword() {
        return secret(appPasswordFile());
    }

    /**
     * Makes the cluster if needed, starts it unless it already runs (adopting it when its owner is gone), and
     * provisions {@code database}: roles, database owned by {@value #APP_ROLE}, extensions.
     */
    public synchronized void start(String database) {
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb();
        }
        ensureSecret(appPasswordFile());
        if (isRunning()) {
            Optional<ProcessHandle> owner = liveOwner();
            if (owner.isPresent()) {
                log.info("Reusing the PostGIS cluster in " + dataDir + ", run by process " + owner.get().pid());
            } else {
                log.warn("Adopting the PostGIS cluster in " + dataDir + ": the process that started it is gone; "
                        + "it will be stopped when this one exits");
                takeOwnership();
            }
        } else {
            run(List.of("setsid", binDir.resolve("pg_ctl").toString(), "start", "-w", "-t", "120", "-D", dataDir.toString(),
                    "-l", dataDir.resolve("server.log").toString(), "-o", "-p " + port));
            takeOwnership();
            log.info("Started private PostGIS in " + dataDir + " on 127.0.0.1:" + port);
        }
        new Provisioning(this, database).run();
    }

    private void takeOwnership() {
        recordOwner(ProcessHandle.current());
        if (!startedHere) {
            startedHere = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "private-postgis-stop"));
        }
    }

    /** Stops the cluster if this object started or adopted it: waits for clients to disconnect first, then forces. */
    public synchronized void stop() {
        if (!startedHere) {
            return;
        }
        startedHere = false;
        if (!isRunning()) {
            return;
        }
        String pgCtl = binDir.resolve("pg_ctl").toString();
        try {
            run(List.of(pgCtl, "stop", "-m", "smart", "-t", "15", "-D", dataDir.toString()));
        } catch (RuntimeException slow) {
            run(List.of(pgCtl, "stop", "-m", "fast", "-t", "60", "-D", dataDir.toString()));
        }
        try {
            Files.deleteIfExists(ownerFile());
        } catch (IOException e) {
            log.warn("cannot delete " + ownerFile(), e);
        }
    }

    /** Stops whatever cluster runs in this data directory, without waiting for clients. */
    void forceStop() {
        exec(asClusterOwner(List.of(binDir.resolve("pg_ctl").toString(), "stop", "-m", "immediate", "-D",
                dataDir.toString())));
    }

    /** Stops the cluster, whoever started it (waiting for the shutdown), as an outage would; {@link #restart} undoes it. */
    public void stopForOutage() {
        run(List.of(binDir.resolve("pg_ctl").toString(), "stop", "-m", "fast", "-w", "-t", "60", "-D",
                dataDir.toString()));
    }

    /** Starts the cluster again after {@link #stopForOutage}. */
    public void restart() {
        run(List.of("setsid", binDir.resolve("pg_ctl").toString(), "start", "-w", "-t", "120", "-D", dataDir.toString(),
                "-l", dataDir.resolve("server.log").toString(), "-o", "-p " + port));
    }

    public boolean isRunning() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return false;
        }
        return exec(asClusterOwner(List.of(binDir.resolve("pg_ctl").toString(), "status", "-D", dataDir.toString())))
                .exitCode() == 0;
    }

    /** The process recorded as the cluster's owner, when it still runs (same pid and same start time). */
    Optional<ProcessHandle> liveOwner() {
        try {
            List<String> lines = Files.readAllLines(ownerFile());
            long pid = Long.parseLong(lines.get(0).strip());
            String started = lines.size() > 1 ? lines.get(1).strip() : "";
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().map(Object::toString).orElse("").equals(started));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Records {@code owner} as the process that stops the cluster when it exits. */
    void recordOwner(ProcessHandle owner) {
        try {
            Files.writeString(ownerFile(), owner.pid() + "\n"
                    + owner.info().startInstant().map(Object::toString).orElse("") + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + ownerFile(), e);
        }
    }

    private Path ownerFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".owner");
    }

    private void initdb() {
        try {
            Files.createDirectories(dataDir);
            ensureSecret(passwordFile());
            if (runningAsRoot()) {
                exec(List.of("chown", SYSTEM_ACCOUNT + ":", dataDir.toString())).orThrow("chown");
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
            Files.writeString(pwfile, superuserPassword() + "\n");
            if (runningAsRoot()) {
                exec(List.of("chown", SYSTEM_ACCOUNT + ":", pwfile.toString())).orThrow("chown");
            }
            run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                    "--pwfile=" + pwfile, "--auth-local=reject", "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--locale=C.UTF-8"));
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

    private Path passwordFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".password");
    }

    private Path appPasswordFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".app-password");
    }

    /** A random password in {@code file} (mode 600), made when missing. */
    private static void ensureSecret(Path file) {
        if (Files.exists(file)) {
            return;
        }
        try {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, HexFormat.of().formatHex(bytes) + "\n");
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    private static String secret(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private void run(List<String> command) {
        exec(asClusterOwner(command)).orThrow(String.join(" ", command));
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
        return existing != null
                && exec(List.of("runuser", "-u", SYSTEM_ACCOUNT, "--", "test", "-x", existing.toString())).exitCode() == 0;
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

    /** Runs a command through the app's one process runner: clean environment, 3 minutes at most. */
    static Result exec(List<String> command) {
        try {
            ChildProcess.Result result = ChildProcess.of(command).withTimeout(Duration.ofMinutes(3)).run();
            return new Result(result.exitCode(), (result.timedOut() ? "timed out: " : "") + result.output());
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
