package org.incidentmapper.export;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.incidentmapper.cluster.AdvisoryLock;
import org.incidentmapper.cluster.Coordination;
import org.springframework.stereotype.Component;

/**
 * The {@code mapper.export.max-concurrent} export slots, shared by every instance on the database: each slot is an
 * advisory lock held on a connection of its own for as long as the export runs, so an instance that dies mid-export
 * gives its slot back with its connection.
 */
@Component
class ExportSlots {

    private static final Log log = LogFactory.getLog(ExportSlots.class);

    /** A held slot; closing it gives the slot back. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final DataSource coordination;
    private final int slots;

    ExportSlots(@Coordination DataSource coordination, ExportProperties settings) {
        this.coordination = coordination;
        this.slots = settings.maxConcurrent();
    }

    /** A free slot, or empty when as many exports as allowed already run on all instances together. */
    Optional<Slot> tryAcquire() throws SQLException {
        Connection connection = coordination.getConnection();
        try {
            for (int slot = 0; slot < slots; slot++) {
                if (AdvisoryLock.EXPORT_SLOT.tryLock(connection, slot)) {
                    return Optional.of(() -> release(connection));
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return Optional.empty();
    }

    private static void release(Connection connection) {
        try (connection) {
            AdvisoryLock.releaseAll(connection);
        } catch (SQLException e) {
            // the connection is broken, and the server released its locks when it broke
            log.warn("Export slot released with its connection: " + e.getMessage());
        }
    }
}
