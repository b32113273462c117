package org.incidentmapper.security;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The api_token table: bearer tokens, kept only as the SHA-256 of the token, each with an expiry. Read as the app
 * itself (like accounts): the caller is not known when a token is checked.
 */
@Repository
class TokenRepository {

    /** A token as its owner and admins see it: never the token, never its hash. */
    record TokenInfo(long id, String name, OffsetDateTime created, OffsetDateTime expires, OffsetDateTime lastUsed) {
    }

    private final JdbcClient jdbc;

    TokenRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(GeneralisingDataSource.asApp(dataSource));
    }

    /** Stores a token of {@code username} valid for {@code ttl}; its id and expiry. */
    TokenInfo add(String username, String tokenHash, String name, Duration ttl) {
        return jdbc.sql("""
                INSERT INTO api_token (token_hash, account_id, name, expires_at)
                SELECT :h, id, :n, now() + make_interval(secs => :ttl) FROM account WHERE username = :u
                RETURNING id, name, created_at, expires_at, last_used_at""")
                .param("h", tokenHash).param("n", name).param("u", username).param("ttl", ttl.toSeconds())
                .query(TokenRepository::info).single();
    }

    /**
     * The account holding an unexpired token with this hash; notes the use (at most once a minute, so scripts
     * calling often do not write on every request). One statement: the lookup and the note are one round trip.
     */
    Optional<Account> byToken(String tokenHash) {
        return jdbc.sql("""
                WITH found AS (
                    SELECT t.id AS token_id, t.last_used_at, a.id, a.username, a.role, a.enabled, a.failed_logins,
                           a.locked_until, a.created_at
                    FROM api_token t JOIN account a ON a.id = t.account_id
                    WHERE t.token_hash = :h AND t.expires_at > now()
                ), noted AS (
                    UPDATE api_token SET last_used_at = now()
                    WHERE id IN (SELECT token_id FROM found
                                 WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
                )
                SELECT id, username, role, enabled, failed_logins, locked_until, created_at FROM found""")
                .param("h", tokenHash).query((rs, n) -> AccountRepository.account(rs)).optional();
    }

    /** The tokens of {@code username}, newest first, expired ones included (until revoked). */
    List<TokenInfo> list(String username) {
        return jdbc.sql("""
                SELECT t.id, t.name, t.created_at, t.expires_at, t.last_used_at
                FROM api_token t JOIN account a ON a.id = t.account_id
                WHERE a.username = :u ORDER BY t.created_at DESC, t.id DESC""")
                .param("u", username).query(TokenRepository::info).list();
    }

    /** Deletes token {@code id} of {@code username}; what it was, or empty when that account has no such token. */
    Optional<TokenInfo> revoke(String username, long id) {
        return jdbc.sql("""
                DELETE FROM api_token t USING account a
                WHERE a.id = t.account_id AND a.username = :u AND t.id = :id
                RETURNING t.id, t.name, t.created_at, t.expires_at, t.last_used_at""")
                .param("u", username).param("id", id).query(TokenRepository::info).optional();
    }

    /** Deletes every token of {@code username}; how many there were. */
    int revokeAll(String username) {
        return jdbc.sql("DELETE FROM api_token t USING account a WHERE a.id = t.account_id AND a.username = :u")
                .param("u", username).update();
    }

    private static TokenInfo info(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("last_used_at", OffsetDateTime.class));
    }
}
