package org.incidentmapper.backup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.postgresql.Driver;
import org.springframework.core.env.Environment;

/** A database to back up or restore into, as JDBC sees it and as libpq's tools (pg_dump, pg_restore) see it. */
record Database(String jdbcUrl, String username, String password) {

    /** The database the app with this environment uses ({@code spring.datasource.*}). */
    static Database of(Environment env) {
        return new Database(env.getRequiredProperty("spring.datasource.url"),
                env.getProperty("spring.datasource.username", ""), env.getProperty("spring.datasource.password", ""));
    }

    Connection connect() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", username);
        credentials.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl, credentials);
    }

    /** The libpq environment (PGHOST, PGPORT, …) that points pg_dump and pg_restore at this database. */
    Map<String, String> libpqEnvironment() {
        Properties url = Driver.parseURL(jdbcUrl, new Properties());
        if (url == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", url.getProperty("PGHOST", "localhost"));
        env.put("PGPORT", url.getProperty("PGPORT", "5432"));
        env.put("PGDATABASE", url.getProperty("PGDBNAME"));
        env.put("PGUSER", username);
        env.put("PGPASSWORD", password);
        if (url.getProperty("sslmode") != null) {
            env.put("PGSSLMODE", url.getProperty("sslmode"));
        }
        return env;
    }

    /** Host, port and database, for messages (never the password). */
    String describe() {
        Map<String, String> env = libpqEnvironment();
        return env.get("PGDATABASE") + " on " + env.get("PGHOST") + ":" + env.get("PGPORT");
    }
}
