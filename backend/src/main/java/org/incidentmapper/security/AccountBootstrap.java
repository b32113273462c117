package org.incidentmapper.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Accounts made outside the web UI. On the embedded default's first start (no account yet, private cluster) a local
 * admin is created and its password written to {@code mapper.security.first-admin-password-file} (default
 * {@code var/admin.password}, mode 600; the console prints the path, never the password). From the command line,
 * {@code --mapper.create-account=NAME [--mapper.create-account-role=admin]} creates an account (password from the
 * environment variable MAPPER_ACCOUNT_PASSWORD, or generated and printed) and exits.
 */
@Component
public class AccountBootstrap {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountRepository accounts;
    private final PasswordEncoder encoder;
    private final ApplicationContext context;
    private final boolean demoAccount;
    private final String createAccount;
    private final String createRole;
    private final String passwordFile;

    AccountBootstrap(AccountRepository accounts, PasswordEncoder encoder, ApplicationContext context,
            @Value("${mapper.security.demo-account:${mapper.db.private:false}}") boolean demoAccount,
            @Value("${mapper.create-account:}") String createAccount,
            @Value("${mapper.create-account-role:admin}") String createRole,
            @Value("${mapper.security.first-admin-password-file:var/admin.password}") String passwordFile) {
        this.passwordFile = passwordFile;
        this.accounts = accounts;
        this.encoder = encoder;
        this.context = context;
        this.demoAccount = demoAccount;
        this.createAccount = createAccount;
        this.createRole = createRole;
    }

    /** One step of the {@link org.incidentmapper.StartupSequence}. */
    public void run(ApplicationArguments args) {
        if (!createAccount.isBlank()) {
            createFromCommandLine();
            return;
        }
        if (demoAccount && accounts.isEmpty()) {
            String password = randomPassword();
            accounts.create("admin", encoder.encode(password), Role.ADMIN);
            try {
                System.out.println(FirstAdminPassword.write(Path.of(passwordFile), "admin", password));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the first admin's password to " + passwordFile, e);
            }
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
