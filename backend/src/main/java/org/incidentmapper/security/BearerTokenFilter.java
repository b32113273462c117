package org.incidentmapper.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} for scripts: the token's SHA-256 is looked up in api_token. An unknown,
 * expired or disabled token is a 401; the request never falls through to weaker authentication.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    /** Request attribute: the username whose account this request's token lookup has just read. */
    static final String ACCOUNT_READ = BearerTokenFilter.class.getName() + ".accountRead";

    private final TokenRepository tokens;

    BearerTokenFilter(TokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(7).strip();
        var account = token.isEmpty() || token.length() > 200 ? java.util.Optional.<Account>empty()
                : tokens.byToken(sha256(token));
        if (account.isEmpty() || !account.get().enabled() || AccountUserDetailsService.isLocked(account.get())) {
            ProblemResponses.write(request, response, 401, "Unauthorized", "The bearer token is unknown, expired or disabled");
            return;
        }
        var auth = UsernamePasswordAuthenticationToken.authenticated(account.get().username(), null,
                AccountUserDetailsService.authorities(account.get().role()));
        SecurityContextHolder.getContext().setAuthentication(auth);
        // the account was read (enabled, not locked, its role) by this very request: AccountStatusFilter need not
        request.setAttribute(ACCOUNT_READ, account.get().username());
        chain.doFilter(request, response);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
