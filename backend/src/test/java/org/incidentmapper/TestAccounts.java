package org.incidentmapper;

import org.incidentmapper.security.AccountRepository;
import org.incidentmapper.security.Role;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.security.crypto.password.PasswordEncoder;

/** One account per role for the tests, named after the role, each with the password {@link #PASSWORD}. */
@TestConfiguration
public class TestAccounts implements ApplicationRunner {

    public static final String PASSWORD = "test-password-of-12+";

    private final AccountRepository accounts;
    private final PasswordEncoder encoder;

    TestAccounts(AccountRepository accounts, PasswordEncoder encoder) {
        this.accounts = accounts;
        this.encoder = encoder;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Role role : Role.values()) {
            accounts.create(role.key(), encoder.encode(PASSWORD), role);
        }
    }
}
