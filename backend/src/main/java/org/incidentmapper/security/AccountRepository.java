package org.incidentmapper.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The account and api_token tables. */
@Repository
public class AccountRepository {

    /** Failed logins in a row after which an account is locked, and for how long. */
    static final int MAX_FAILED_LOGINS = 5;
    static final String LOCK_INTERVAL = "15 minutes";

    private static final String COLUMNS = "id, username, role, enabled, failed_logins, locked_until, created_at";

    private final JdbcClient jdbc;

    /** Accounts are read as the app itself, never under the caller's visibility: the caller is not known yet. */
    AccountRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(GeneralisingDataSource.asApp(dataSource));
    }

    record Credentials(Account account, String passwordHash) {
    }

    Optional<Credentials> credentials(String username) {
        return jdbc.sql("SELECT " + COLUMNS + ", password_hash FROM account WHERE username = :u").param("u", username)
                .query((rs, n) -> new Credentials(account(rs), rs.getString("password_hash"))).optional();
    }

    public Optional<Account> find(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE username = :u").param("u", username)
                .query((rs, n) -> account(rs)).optional();
    }

    public List<Account> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account ORDER BY username").query((rs, n) -> account(rs)).list();
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM account)").query(Boolean.class).single();
    }

    /** Creates an account; false when the username is taken. */
    public boolean create(String username, String passwordHash, Role role) {
        return jdbc.sql("""
                INSERT INTO account (username, password_hash, role) VALUES (:u, :h, :r)
                ON CONFLICT (username) DO NOTHING""")
                .param("u", username).param("h", passwordHash).param("r", role.key()).update() == 1;
    }

    public boolean update(String username, Role role, Boolean enabled, String passwordHash) {
        return jdbc.sql("""
                UPDATE account SET role = coalesce(CAST(:r AS text), role),
                       enabled = coalesce(CAST(:e AS boolean), enabled),
                       password_hash = coalesce(CAST(:h AS text), password_hash),
                       failed_logins = CASE WHEN CAST(:h AS text) IS NULL THEN failed_logins ELSE 0 END,
                       locked_until = CASE WHEN CAST(:h AS text) IS NULL THEN locked_until END
                WHERE username = :u""")
                .param("u", username).param("r", role == null ? null : role.key()).param("e", enabled)
                .param("h", passwordHash).update() == 1;
    }

    void loginFailed(String username) {
        jdbc.sql("""
                UPDATE account SET failed_logins = failed_logins + 1,
                       locked_until = CASE WHEN failed_logins + 1 >= :max THEN now() + CAST(:lock AS interval)
                                           ELSE locked_until END
                WHERE username = :u""")
                .param("u", username).param("max", MAX_FAILED_LOGINS).param("lock", LOCK_INTERVAL).update();
    }

    void loginSucceeded(String username) {
        jdbc.sql("UPDATE account SET failed_logins = 0, locked_until = NULL WHERE username = :u AND failed_logins > 0")
                .param("u", username).update();
    }

    static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("username"), Role.parse(rs.getString("role")),
                rs.getBoolean("enabled"), rs.getInt("failed_logins"),
                rs.getObject("locked_until", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class));
    }
}
