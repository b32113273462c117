package org.incidentmapper.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.postgresql.core.BaseConnection;

/**
 * Streams a JSON response written while a query runs, and cancels that query in PostgreSQL when the client has
 * gone. Rows are written through {@link #write}; while none has been written for {@link #INTERVAL_MS}, a watcher
 * thread writes one space (whitespace is valid between JSON tokens) and flushes, so a closed connection shows up
 * within a second even while the database is still sorting or aggregating; the watcher then cancels the
 * connection's running statement ({@code BaseConnection.cancelQuery}, PostgreSQL's cancel request). Writes and
 * the watcher take turns on one lock, so a space never lands inside a row.
 */
public final class StreamWatch implements AutoCloseable {

    static final long INTERVAL_MS = 400;
    private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stream-watch");
        thread.setDaemon(true);
        return thread;
    });

    private final OutputStream out;
    private final BaseConnection connection;
    private final ScheduledFuture<?> task;
    private volatile long lastWrite = System.nanoTime();
    private volatile boolean clientGone;

    /** Watches {@code out} for the query running on {@code connection} (null: only detect, nothing to cancel). */
    public StreamWatch(OutputStream out, Connection connection) {
        this.out = out;
        this.connection = unwrap(connection);
        this.task = WATCHER.scheduleWithFixedDelay(this::keepAlive, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** Writes {@code text}; an {@link UncheckedIOException} when the client has gone. */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code utf8}, text already encoded (e.g. a text column's bytes as PostgreSQL sent them, which skips
     * decoding them into a String and encoding them again); an {@link UncheckedIOException} when the client has gone.
     */
    public void write(byte[] utf8) {
        synchronized (this) {
            try {
                out.write(utf8);
            } catch (IOException e) {
                clientGone = true;
                throw new UncheckedIOException(e);
            }
            lastWrite = System.nanoTime();
        }
    }

    /**
     * Sends what was written so far (the container otherwise holds the first 8 KB back): called after a
     * collection's first row, so the client's first byte waits for the query's first row only.
     */
    public void flush() {
        synchronized (this) {
            try {
                out.flush();
            } catch (IOException e) {
                clientGone = true;
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Whether writing to the client failed (it closed the connection). */
    public boolean clientGone() {
        return clientGone;
    }

    private void keepAlive() {
        if (clientGone || System.nanoTime() - lastWrite < TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS)) {
            return;
        }
        synchronized (this) {
            try {
                out.write(' ');
                out.flush();
                lastWrite = System.nanoTime();
            } catch (IOException | RuntimeException e) {
                clientGone = true;
            }
        }
        if (clientGone) {
            task.cancel(false);
            cancelQuery();
        }
    }

    private void cancelQuery() {
        if (connection == null) {
            return;
        }
        try {
            connection.cancelQuery();
        } catch (SQLException e) {
            // the query may have ended meanwhile; nothing left to stop
        }
    }

    private static BaseConnection unwrap(Connection connection) {
        try {
            return connection != null && connection.isWrapperFor(BaseConnection.class)
                    ? connection.unwrap(BaseConnection.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
