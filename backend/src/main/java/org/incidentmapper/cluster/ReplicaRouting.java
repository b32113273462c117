package org.incidentmapper.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.stereotype.Component;

/**
 * The app's DataSource when a hot standby is configured ({@code mapper.replica.url}): a connection taken while the
 * current request is a read {@link ReplicaReadFilter} sent to the standby comes from the standby's pool, every other
 * one from the primary's. While the standby is unreachable or no longer in recovery ({@link #check()}), or when
 * taking a connection from it fails, everything goes to the primary.
 *
 * <p>It sits inside the security layer's {@code GeneralisingDataSource} (this wrapper runs first), so a standby
 * connection is set to the caller's visibility like any other: a viewer reads the generalised views there too.
 */
public final class ReplicaRouting extends AbstractDataSource {

    private static final Log log = LogFactory.getLog(ReplicaRouting.class);
    private static final ThreadLocal<Boolean> readRequest = new ThreadLocal<>();
    private static final ThreadLocal<Integer> primaryOnly = ThreadLocal.withInitial(() -> 0);

    private final DataSource primary;
    private final HikariDataSource replica;
    private volatile boolean replicaUsable = true;

    ReplicaRouting(DataSource primary, HikariDataSource replica) {
        this.primary = primary;
        this.replica = replica;
    }

    /**
     * Runs {@code work} with every connection taken from the primary, though the request is a read: for the writes a
     * read makes (the audit event of an export).
     */
    public static <T> T onPrimary(Supplier<T> work) {
        primaryOnly.set(primaryOnly.get() + 1);
        try {
            return work.get();
        } finally {
            primaryOnly.set(primaryOnly.get() - 1);
        }
    }

    /** Marks the current thread's request as one the standby may serve, until {@link #endRead()}. */
    static void beginRead() {
        readRequest.set(Boolean.TRUE);
    }

    static void endRead() {
        readRequest.remove();
    }

    /** Whether connections taken now would come from the standby. */
    boolean routesToReplica() {
        return replicaUsable && Boolean.TRUE.equals(readRequest.get()) && primaryOnly.get() == 0;
    }

    boolean replicaUsable() {
        return replicaUsable;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (routesToReplica()) {
            try {
                return replica.getConnection();
            } catch (SQLException e) {
                markUnusable(e.getMessage());
            }
        }
        return primary.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return primary.getConnection(username, password);
    }

    /**
     * Asks the standby whether it is one (in recovery) and reachable; reads go back to it on the first success.
     * Run every {@code mapper.replica.check-interval} by {@link StandbyHealth}.
     */
    boolean check() {
        boolean ok;
        String why = null;
        try (Connection connection = replica.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            ok = result.next() && result.getBoolean(1);
            why = ok ? null : "it is not in recovery (promoted?)";
        } catch (SQLException e) {
            ok = false;
            why = e.getMessage();
        }
        if (ok && !replicaUsable) {
            log.info("Standby reachable again: read-only requests go to it");
        }
        if (ok) {
            replicaUsable = true;
        } else {
            markUnusable(why);
        }
        return ok;
    }

    private void markUnusable(String why) {
        if (replicaUsable) {
            log.warn("Standby not usable, read-only requests go to the primary: " + why);
        }
        replicaUsable = false;
    }

    void close() {
        replica.close();
    }

    /**
     * Wraps the app's {@code dataSource} bean when {@code mapper.replica.url} is set. The standby's pool copies the
     * primary's settings (size, init SQL), with {@code mapper.replica.username}/{@code password} (default: the
     * primary's) and a short {@code mapper.replica.connect-timeout} (default 1s), so a stopped standby costs a read at
     * most that long before it falls back.
     */
    @Component
    static class Wrapper implements BeanPostProcessor, EnvironmentAware, Ordered {
        private Environment env;

        @Override
        public void setEnvironment(Environment environment) {
            this.env = environment;
        }

        /** Before the security layer's wrapper, so that one wraps this one. */
        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            String url = env.getProperty("mapper.replica.url", "");
            if (url.isBlank() || !"dataSource".equals(beanName) || !(bean instanceof DataSource primary)
                    || bean instanceof ReplicaRouting) {
                return bean;
            }
            HikariConfig config = new HikariConfig();
            if (bean instanceof HikariDataSource hikari) {
                hikari.copyStateTo(config);
            }
            config.setPoolName("standby");
            config.setJdbcUrl(url);
            config.setUsername(env.getProperty("mapper.replica.username", env.getProperty("spring.datasource.username")));
            config.setPassword(env.getProperty("mapper.replica.password", env.getProperty("spring.datasource.password")));
            config.setConnectionTimeout(env.getProperty("mapper.replica.connect-timeout", java.time.Duration.class,
                    java.time.Duration.ofSeconds(1)).toMillis());
            config.setReadOnly(true);
            config.setMinimumIdle(1);
            config.setInitializationFailTimeout(-1);
            log.info("Read-only requests go to the standby " + url);
            return new ReplicaRouting(primary, new HikariDataSource(config));
        }
    }
}
