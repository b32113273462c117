package org.incidentmapper.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Re-reads the caller's account on every request, so a disabled or locked account is cut off at once, even in a
 * session that was authenticated before, and a role change takes effect on the next request. A bearer token's request
 * is not read twice: {@link BearerTokenFilter} reads the account with the token.
 */
class AccountStatusFilter extends OncePerRequestFilter {

    private final AccountRepository accounts;

    AccountStatusFilter(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        if (auth.getName().equals(request.getAttribute(BearerTokenFilter.ACCOUNT_READ))) {
            chain.doFilter(request, response); // BearerTokenFilter read this account (and its role) a moment ago
            return;
        }
        var account = accounts.find(auth.getName());
        if (account.isEmpty() || !account.get().enabled() || AccountUserDetailsService.isLocked(account.get())) {
            SecurityContextHolder.clearContext();
            var session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            ProblemResponses.write(request, response, 401, "Unauthorized", "This account is disabled or locked");
            return;
        }
        var current = AccountUserDetailsService.authorities(account.get().role());
        if (!auth.getAuthorities().containsAll(current) || auth.getAuthorities().size() != current.size()) {
            var updated = UsernamePasswordAuthenticationToken.authenticated(auth.getPrincipal(), null, current);
            SecurityContextHolder.getContext().setAuthentication(updated);
        }
        chain.doFilter(request, response);
    }
}
