package org.incidentmapper.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

/** What counts as an outage (503), whatever layer wrapped it; a mistake in the app does not. */
class DatabaseOutageUnitTest {

    @Test
    void aRollbackThatFailedOnTheDeadConnectionIsAnOutage() {
        // DatabaseOutageTest saw this as a 500: the statement died (57P01), then the rollback found Hikari's proxy
        // closed and its SQLException (no SQLState) replaced the first one
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new RuntimeException("query failed",
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertThat(DatabaseOutage.is(rollback)).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("Connection is closed"))).isTrue();
        assertThat(DatabaseOutage.is(new SQLException("the server closed the connection", "08006"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("deadlock detected", "40P01"));
        rollback.initApplicationException(new IllegalStateException("a bug"));
        assertThat(DatabaseOutage.is(rollback)).isFalse();
        assertThat(DatabaseOutage.is(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseOutage.is(new SQLException("Connection is closing"))).isFalse();
        assertThat(DatabaseOutage.is(new IllegalArgumentException("bad"))).isFalse();
    }
}
