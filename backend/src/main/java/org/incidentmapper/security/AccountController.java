package org.incidentmapper.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.incidentmapper.audit.AuditLog;
import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts: admins list, create, change and disable them ({@code /api/accounts}); everyone signed in reads
 * {@code /api/me} and makes bearer tokens for their own scripts ({@code POST /api/me/tokens}). Generated passwords
 * and tokens are in the response once and stored only as hashes.
 */
@RestController
class AccountController {

    record NewAccount(String username, String role, String password) {
    }

    record AccountChange(String role, Boolean enabled, String password) {
    }

    record NewToken(String name) {
    }

    private final AccountRepository accounts;
    private final PasswordEncoder encoder;
    private final AuditLog audit;

    AccountController(AccountRepository accounts, PasswordEncoder encoder, AuditLog audit) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.audit = audit;
    }

    @GetMapping("/api/me")
    Map<String, Object> me(Authentication auth) {
        Account account = accounts.find(auth.getName()).orElseThrow(() -> new NotFoundException("No such account"));
        return Map.of("username", account.username(), "role", account.role().key());
    }

    @PostMapping("/api/me/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Map<String, String> token(Authentication auth, @RequestBody NewToken body) {
        String name = body == null || body.name() == null || body.name().isBlank() ? "token" : body.name().strip();
        if (name.length() > 100) {
            throw new BadParameterException("name", "'name' is longer than 100 characters");
        }
        String token = AccountBootstrap.randomPassword() + AccountBootstrap.randomPassword();
        accounts.addToken(auth.getName(), BearerTokenFilter.sha256(token), name);
        audit.record("create", "api_token", auth.getName(), null, null, jsonOf(Map.of("name", name)));
        return Map.of("name", name, "token", token);
    }

    @GetMapping("/api/accounts")
    List<Account> list() {
        return accounts.list();
    }

    @PostMapping("/api/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Map<String, Object> create(@RequestBody NewAccount body) {
        if (body == null || body.username() == null || !body.username().matches("[A-Za-z0-9._@-]{3,64}")) {
            throw new BadParameterException("username", "'username' must be 3 to 64 letters, digits or . _ @ -");
        }
        Role role = role(body.role() == null ? "viewer" : body.role());
        String password = body.password() == null ? AccountBootstrap.randomPassword() : checked(body.password());
        if (!accounts.create(body.username(), encoder.encode(password), role)) {
            throw new BadParameterException("username", "An account named '" + body.username() + "' exists already");
        }
        audit.record("create", "account", body.username(), null, jsonOf(Map.of("role", role.key())), null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("username", body.username());
        answer.put("role", role.key());
        if (body.password() == null) {
            answer.put("password", password);
        }
        return answer;
    }

    @PatchMapping("/api/accounts/{username}")
    @Transactional
    Account change(@PathVariable String username, @RequestBody AccountChange body) {
        Account before = accounts.find(username).orElseThrow(() -> new NotFoundException("No account named " + username));
        Role role = body.role() == null ? null : role(body.role());
        String hash = body.password() == null ? null : encoder.encode(checked(body.password()));
        accounts.update(username, role, body.enabled(), hash);
        Account after = accounts.find(username).orElseThrow();
        audit.record("update", "account", username, jsonOf(summary(before)), jsonOf(summary(after)),
                hash == null ? null : jsonOf(Map.of("passwordChanged", true)));
        return after;
    }

    private static Map<String, Object> summary(Account a) {
        return Map.of("role", a.role().key(), "enabled", a.enabled());
    }

    private static Role role(String key) {
        try {
            return Role.parse(key);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("role", "'role' must be viewer, analyst or admin");
        }
    }

    private static String checked(String password) {
        if (password.length() < 12 || password.length() > 200) {
            throw new BadParameterException("password", "'password' must have 12 to 200 characters");
        }
        return password;
    }

    private static String jsonOf(Map<String, ?> map) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(map);
    }
}
