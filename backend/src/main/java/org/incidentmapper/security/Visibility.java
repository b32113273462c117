package org.incidentmapper.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * How much of a sensitive incident the current caller may see. This is the one place that decides it: every
 * database connection is set up from it ({@link GeneralisingDataSource}), and so is every process that reads the
 * database on the caller's behalf ({@link #pgOptions()}, for ogr2ogr).
 *
 * <p>In a web request, analysts and admins see everything; viewers and anonymous visitors see the generalised
 * views. Outside any request (start-up, migrations, data loading) the app itself reads the tables.
 */
public enum Visibility {
    FULL,
    GENERALISED;

    /** The database role and search path that make the generalised views shadow the tables. */
    static final String GENERALISED_ROLE = "mapper_generalised";
    static final String GENERALISED_PATH = "generalised, public";

    public static Visibility current() {
        if (RequestContextHolder.getRequestAttributes() == null) {
            return FULL;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            return GENERALISED;
        }
        boolean full = auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(Role.ANALYST.authority())
                || a.getAuthority().equals(Role.ADMIN.authority()));
        return full ? FULL : GENERALISED;
    }

    /**
     * SQL that puts a connection into this visibility, whatever state it was left in; {@code minCount} is the
     * threshold below which {@code visible_count()} withholds counts of sensitive categories.
     */
    String sessionSql(int minCount) {
        return this == FULL ? "RESET ROLE; RESET search_path; RESET mapper.min_count"
                : "SET ROLE " + GENERALISED_ROLE + "; SET search_path = " + GENERALISED_PATH
                        + "; SET mapper.min_count = " + minCount;
    }

    /**
     * The libpq {@code PGOPTIONS} a child process (ogr2ogr) reading for this caller must connect with: the same role,
     * search path and aggregate threshold ({@code mapper.security.min-count}) as the app's own connections.
     */
    public String pgOptions(int minCount) {
        return this == FULL ? "" : "-c role=" + GENERALISED_ROLE + " -c search_path=generalised,public"
                + " -c mapper.min_count=" + minCount;
    }
}
