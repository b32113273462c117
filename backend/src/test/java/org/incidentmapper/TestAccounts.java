package org.incidentmapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.incidentmapper.security.AccountRepository;
import org.incidentmapper.security.Role;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * One account per role for the tests, named after the role, each with the password {@link #PASSWORD} and the bearer
 * token {@link #token(String)}. {@link Api} calls with the token, so a test request costs no password hashing; tests
 * of passwords and sessions use the password.
 */
@TestConfiguration
public class TestAccounts implements ApplicationRunner {

    public static final String PASSWORD = "test-password-of-12+";

    private final AccountRepository accounts;
    private final PasswordEncoder encoder;
    private final JdbcClient jdbc;

    TestAccounts(AccountRepository accounts, PasswordEncoder encoder, JdbcClient jdbc) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.jdbc = jdbc;
    }

    /** The bearer token of the test account named {@code role}. */
    public static String token(String role) {
        return "test-token-of-" + role + "-0123456789abcdef";
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Role role : Role.values()) {
            accounts.create(role.key(), encoder.encode(PASSWORD), role);
            jdbc.sql("""
                    INSERT INTO api_token (token_hash, account_id, name, expires_at)
                    SELECT :hash, id, 'tests', now() + interval '7 days' FROM account WHERE username = :username
                    ON CONFLICT (token_hash) DO NOTHING""")
                    .param("hash", sha256(token(role.key()))).param("username", role.key()).update();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
