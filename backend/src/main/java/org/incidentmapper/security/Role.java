package org.incidentmapper.security;

import java.util.Locale;

/** What an account may do; each role includes the ones before it. */
public enum Role {
    /** reads the map and exports, with sensitive incidents generalised */
    VIEWER,
    /** also adds, edits, imports, and sees sensitive incidents exactly */
    ANALYST,
    /** also manages accounts and reads the audit trail */
    ADMIN;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public static Role parse(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
