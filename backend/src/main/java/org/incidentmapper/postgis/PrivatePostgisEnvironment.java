package org.incidentmapper.postgis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Points the app at its private PostGIS cluster unless {@code spring.datasource.url} is set.
 *
 * <p>Settings: {@code mapper.db.data-dir} (default {@code var/pgdata}, relative to the working directory),
 * {@code mapper.db.port} (default 54329; 0 picks a free port), {@code mapper.db.name} (default {@code incidents}),
 * {@code mapper.db.durable} (default true), {@code mapper.db.fresh} (tests: wipe the cluster first).
 * One cluster per data directory per JVM, however many application contexts ask for it.
 */
public class PrivatePostgisEnvironment implements EnvironmentPostProcessor {

    private static final Log log = LogFactory.getLog(PrivatePostgisEnvironment.class);
    private static final Map<Path, PrivatePostgis> clusters = new ConcurrentHashMap<>();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty("spring.datasource.url")) {
            return;
        }
        String database = env.getProperty("mapper.db.name", "incidents");
        Path requested = Path.of(env.getProperty("mapper.db.data-dir", "var/pgdata")).toAbsolutePath().normalize();
        PrivatePostgis cluster = clusters.computeIfAbsent(requested, dir -> start(env, dir, database));
        env.getPropertySources().addFirst(new MapPropertySource("privatePostgis", Map.of(
                "spring.datasource.url", cluster.jdbcUrl(database),
                "spring.datasource.username", PrivatePostgis.APP_ROLE,
                "spring.datasource.password", cluster.appPassword(),
                "mapper.db.private", "true")));
    }

    /** The cluster this JVM runs in {@code dataDir} (as given in {@code mapper.db.data-dir}), if any: for tests. */
    public static java.util.Optional<PrivatePostgis> cluster(Path dataDir) {
        return java.util.Optional.ofNullable(clusters.get(dataDir.toAbsolutePath().normalize()));
    }

    private static PrivatePostgis start(ConfigurableEnvironment env, Path requested, String database) {
        Path dataDir = requested;
        if (PrivatePostgis.runningAsRoot() && !PrivatePostgis.reachableByClusterOwner(requested.getParent())) {
            dataDir = Path.of("/var/lib/incident-mapper", digest(requested.toString()), requested.getFileName().toString());
            log.warn("The 'postgres' account cannot reach " + requested + "; keeping the cluster in " + dataDir);
        }
        int port = env.getProperty("mapper.db.port", Integer.class, 54329);
        boolean durable = env.getProperty("mapper.db.durable", Boolean.class, true);
        if (env.getProperty("mapper.db.fresh", Boolean.class, false)) {
            wipe(dataDir, durable);
        }
        PrivatePostgis cluster = new PrivatePostgis(dataDir, port == 0 ? freePort() : port, durable);
        cluster.start(database);
        return cluster;
    }

    /** Stops a cluster left running by an earlier run in the same place, then deletes it. */
    private static void wipe(Path dataDir, boolean durable) {
        if (!Files.exists(dataDir)) {
            return;
        }
        PrivatePostgis leftover = new PrivatePostgis(dataDir, 0, durable);
        if (leftover.isRunning()) {
            leftover.forceStop();
        }
        try {
            FileSystemUtils.deleteRecursively(dataDir);
            for (String suffix : new String[] {".password", ".app-password", ".owner"}) {
                Files.deleteIfExists(dataDir.resolveSibling(dataDir.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + dataDir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
