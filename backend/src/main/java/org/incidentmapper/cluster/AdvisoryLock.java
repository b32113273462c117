package org.incidentmapper.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The cluster-wide locks the app takes, as PostgreSQL session-level advisory locks {@code (CLASS_ID, kind, slot)}.
 * A lock lives as long as the connection that took it: an instance that dies releases its locks with it.
 */
public enum AdvisoryLock {
    /** held while one instance runs the startup loaders */
    STARTUP,
    /** one per running export, slots 0 … max-concurrent − 1 */
    EXPORT_SLOT,
    /** held while a scheduled backup runs */
    BACKUP,
    /**
     * held (as a transaction lock) by afterMigrate.sql, whose DROP/CREATE VIEW two instances starting at once would
     * otherwise run together: its key, {@code key(0)} = 5570952751942205440, is written there as a literal
     */
    AFTER_MIGRATE;

    /** High 16 bits of every key: the app's own range, apart from other users of advisory locks. */
    private static final long CLASS_ID = 0x4D50L; // "MP"

    /** The bigint key of this lock's {@code slot}. */
    public long key(int slot) {
        return (CLASS_ID << 48) | ((long) ordinal() << 32) | (slot & 0xFFFFFFFFL);
    }

    /** Takes the lock, waiting for whoever holds it. */
    public void lock(Connection connection, int slot) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            statement.setLong(1, key(slot));
            statement.execute();
        }
    }

    /** Takes the lock if it is free, without waiting. */
    public boolean tryLock(Connection connection, int slot) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key(slot));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /** Releases every advisory lock {@code connection} holds, before it goes back to its pool. */
    public static void releaseAll(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock_all()")) {
            statement.execute();
        }
    }
}
