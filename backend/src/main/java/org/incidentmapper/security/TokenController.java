package org.incidentmapper.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.incidentmapper.audit.AuditLog;
import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.InvalidFieldException;
import org.incidentmapper.web.NotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bearer tokens for scripts. Everyone signed in makes, lists and revokes their own ({@code /api/me/tokens});
 * admins list and revoke any account's ({@code /api/accounts/{name}/tokens}, closed to others in SecurityConfig).
 * A token is in the answer of its POST once and stored only as its SHA-256; every token expires, by default after
 * {@code mapper.security.token-default-ttl} (30 days), at most after {@code mapper.security.token-max-ttl}
 * (365 days). Every change is audited.
 */
@RestController
class TokenController {

    record NewToken(String name, Integer expiresInDays) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenRepository tokens;
    private final AccountRepository accounts;
    private final AuditLog audit;
    private final Duration defaultTtl;
    private final Duration maxTtl;

    TokenController(TokenRepository tokens, AccountRepository accounts, AuditLog audit,
            @Value("${mapper.security.token-default-ttl:30d}") Duration defaultTtl,
            @Value("${mapper.security.token-max-ttl:365d}") Duration maxTtl) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.audit = audit;
        this.defaultTtl = defaultTtl.compareTo(maxTtl) > 0 ? maxTtl : defaultTtl;
        this.maxTtl = maxTtl;
    }

    @PostMapping("/api/me/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Map<String, Object> create(Authentication auth, @RequestBody(required = false) NewToken body) {
        String name = body == null || body.name() == null || body.name().isBlank() ? "token" : body.name().strip();
        if (name.length() > 100) {
            throw new BadParameterException("name", "'name' is longer than 100 characters");
        }
        Duration ttl = defaultTtl;
        if (body != null && body.expiresInDays() != null) {
            ttl = Duration.ofDays(body.expiresInDays());
            if (body.expiresInDays() < 1 || ttl.compareTo(maxTtl) > 0) {
                throw new InvalidFieldException("expiresInDays",
                        "'expiresInDays' must be 1 to " + maxTtl.toDays() + " (mapper.security.token-max-ttl)");
            }
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        TokenRepository.TokenInfo info = tokens.add(auth.getName(), BearerTokenFilter.sha256(token), name, ttl);
        audit.record("create", "api_token", auth.getName(), null,
                AccountController.jsonOf(Map.of("id", info.id(), "name", name, "expires", info.expires().toString())),
                null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", info.id());
        answer.put("name", name);
        answer.put("token", token);
        answer.put("created", info.created());
        answer.put("expires", info.expires());
        return answer;
    }

    @GetMapping("/api/me/tokens")
    List<TokenRepository.TokenInfo> mine(Authentication auth) {
        return tokens.list(auth.getName());
    }

    @DeleteMapping("/api/me/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void revokeMine(Authentication auth, @PathVariable long id) {
        revoke(auth.getName(), id);
    }

    @GetMapping("/api/accounts/{username}/tokens")
    List<TokenRepository.TokenInfo> ofAccount(@PathVariable String username) {
        accounts.find(username).orElseThrow(() -> new NotFoundException("No account named " + username));
        return tokens.list(username);
    }

    @DeleteMapping("/api/accounts/{username}/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void revokeOfAccount(@PathVariable String username, @PathVariable long id) {
        revoke(username, id);
    }

    /** Revokes one token of {@code username}: 404 when that account has no token with this id (or someone else). */
    private void revoke(String username, long id) {
        TokenRepository.TokenInfo revoked = tokens.revoke(username, id)
                .orElseThrow(() -> new NotFoundException("No token " + id + " of account " + username));
        audit.record("delete", "api_token", username, AccountController.jsonOf(Map.of("id", revoked.id(),
                "name", revoked.name())), null, null);
    }
}
