package org.incidentmapper.security;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Accounts made outside the web UI. On the embedded default's first start (no account yet, private cluster) a local
 * demo admin is created and its password printed once to the console — never to the log. From the command line,
 * {@code --mapper.create-account=NAME [--mapper.create-account-role=admin]} creates an account (password from the
 * environment variable MAPPER_ACCOUNT_PASSWORD, or generated and printed) and exits.
 */
@Component
class AccountBootstrap implements ApplicationRunner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountRepository accounts;
    private final PasswordEncoder encoder;
    private final ApplicationContext context;
    private final boolean demoAccount;
    private final String createAccount;
    private final String createRole;

    AccountBootstrap(AccountRepository accounts, PasswordEncoder encoder, ApplicationContext context,
            @Value("${mapper.security.demo-account:${mapper.db.private:false}}") boolean demoAccount,
            @Value("${mapper.create-account:}") String createAccount,
            @Value("${mapper.create-account-role:admin}") String createRole) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.context = context;
        this.demoAccount = demoAccount;
        this.createAccount = createAccount;
        this.createRole = createRole;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!createAccount.isBlank()) {
            createFromCommandLine();
            return;
        }
        if (demoAccount && accounts.isEmpty()) {
            String password = randomPassword();
            accounts.create("admin", encoder.encode(password), Role.ADMIN);
            System.out.println("""

                    ==================================================================
                     Local demo account created (shown once, not logged):
                       user: admin    password: %s
                     Change it or make your own accounts at /api/accounts.
                    ==================================================================
                    """.formatted(password));
        }
    }

    private void createFromCommandLine() {
        Role role;
        try {
            role = Role.parse(createRole);
        } catch (IllegalArgumentException e) {
            System.err.println("Unknown role '" + createRole + "'; use viewer, analyst or admin");
            System.exit(SpringApplication.exit(context, () -> 2));
            return;
        }
        String given = System.getenv("MAPPER_ACCOUNT_PASSWORD");
        String password = given == null || given.isBlank() ? randomPassword() : given;
        try {
            PasswordPolicy.check("MAPPER_ACCOUNT_PASSWORD", password, createAccount);
        } catch (org.incidentmapper.web.InvalidFieldException e) {
            System.err.println(e.getMessage());
            System.exit(SpringApplication.exit(context, () -> 2));
            return;
        }
        boolean created = accounts.create(createAccount, encoder.encode(password), role);
        if (!created) {
            System.err.println("An account named '" + createAccount + "' exists already");
            System.exit(SpringApplication.exit(context, () -> 1));
            return;
        }
        System.out.println("Created " + role.key() + " account '" + createAccount + "'"
                + (password.equals(given) ? "" : " with password: " + password));
        System.exit(SpringApplication.exit(context, () -> 0));
    }

    static String randomPassword() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
