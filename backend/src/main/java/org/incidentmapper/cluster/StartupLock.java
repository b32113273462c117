package org.incidentmapper.cluster;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Lets one instance at a time run the startup loaders (gazetteer, boundaries, sample data, first account): two
 * instances started together would otherwise both find a dataset missing and both load it. The lock is taken when
 * the context has started, before any {@code ApplicationRunner}, and released when the app is ready (or failed), so
 * it brackets every loader whatever their order. The second instance waits, then finds the datasets recorded.
 * Flyway's migrations take a lock of their own.
 */
@Component
class StartupLock {

    private static final Log log = LogFactory.getLog(StartupLock.class);

    private final DataSource coordination;
    private Connection held;

    StartupLock(@Coordination DataSource coordination) {
        this.coordination = coordination;
    }

    @EventListener
    synchronized void started(ApplicationStartedEvent event) throws SQLException {
        Connection connection = coordination.getConnection();
        try {
            if (!AdvisoryLock.STARTUP.tryLock(connection, 0)) {
                log.info("Another instance is running its startup loaders; waiting for it to finish");
                AdvisoryLock.STARTUP.lock(connection, 0);
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        held = connection;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        release();
    }

    @EventListener
    void failed(ApplicationFailedEvent event) {
        release();
    }

    @EventListener
    void closed(ContextClosedEvent event) {
        release();
    }

    private synchronized void release() {
        if (held == null) {
            return;
        }
        try (Connection connection = held) {
            AdvisoryLock.releaseAll(connection);
        } catch (SQLException e) {
            log.warn("Could not release the startup lock cleanly (it ends with the connection): " + e.getMessage());
        } finally {
            held = null;
        }
    }
}
