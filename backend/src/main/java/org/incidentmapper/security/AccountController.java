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
 * {@code /api/me} (bearer tokens: {@link TokenController}). Generated passwords are in the response once and stored
 * only as hashes; a changed password, role or enabled flag revokes every token of the account.
 */
@RestController
class AccountController {

    record NewAccount(String username, String role, String password) {
    }

    record AccountChange(String role, Boolean enabled, String password) {
    }

    private final AccountRepository accounts;
    private final TokenRepository tokens;
    private final PasswordEncoder encoder;
    private final AuditLog audit;

    AccountController(AccountRepository accounts, TokenRepository tokens, PasswordEncoder encoder, AuditLog audit) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.encoder = encoder;
        this.audit = audit;
    }

    @GetMapping("/api/me")
    Map<String, Object> me(Authentication auth) {
        Account account = accounts.find(auth.getName()).orElseThrow(() -> new NotFoundException("No such account"));
        return Map.of("username", account.username(), "role", account.role().key());
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
        String password = body.password() == null ? AccountBootstrap.randomPassword()
                : PasswordPolicy.check("password", body.password(), body.username());
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
        String hash = body.password() == null ? null
                : encoder.encode(PasswordPolicy.check("password", body.password(), username));
        accounts.update(username, role, body.enabled(), hash);
        Account after = accounts.find(username).orElseThrow();
        // a token outlives none of these: a leaked token must not keep a disabled or demoted account's access
        boolean revoke = hash != null || after.role() != before.role() || after.enabled() != before.enabled();
        int revoked = revoke ? tokens.revokeAll(username) : 0;
        Map<String, Object> detail = new LinkedHashMap<>();
        if (hash != null) {
            detail.put("passwordChanged", true);
        }
        if (revoke) {
            detail.put("tokensRevoked", revoked);
        }
        audit.record("update", "account", username, jsonOf(summary(before)), jsonOf(summary(after)),
                detail.isEmpty() ? null : jsonOf(detail));
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

    static String jsonOf(Map<String, ?> map) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(map);
    }
}
