package org.incidentmapper.security;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Loads accounts for form and HTTP Basic login, and counts failed logins: after
 * {@value AccountRepository#MAX_FAILED_LOGINS} in a row the account is locked for a while.
 */
@Service
class AccountUserDetailsService implements UserDetailsService {

    private final AccountRepository accounts;

    AccountUserDetailsService(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        var credentials = accounts.credentials(username)
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
        Account account = credentials.account();
        return User.withUsername(account.username())
                .password(credentials.passwordHash())
                .authorities(authorities(account.role()))
                .disabled(!account.enabled())
                .accountLocked(isLocked(account))
                .build();
    }

    static boolean isLocked(Account account) {
        return account.lockedUntil() != null && account.lockedUntil().isAfter(OffsetDateTime.now());
    }

    static List<SimpleGrantedAuthority> authorities(Role role) {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @EventListener
    void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        accounts.loginFailed(event.getAuthentication().getName());
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        accounts.loginSucceeded(event.getAuthentication().getName());
    }
}
