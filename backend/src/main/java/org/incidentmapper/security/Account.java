package org.incidentmapper.security;

import java.time.OffsetDateTime;

/** An account as the admin API shows it; the password hash never leaves {@link AccountRepository}. */
public record Account(long id, String username, Role role, boolean enabled, int failedLogins,
        OffsetDateTime lockedUntil, OffsetDateTime createdAt) {
}
