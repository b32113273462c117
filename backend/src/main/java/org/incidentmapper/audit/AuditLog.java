package org.incidentmapper.audit;

import jakarta.servlet.http.HttpServletRequest;

import org.incidentmapper.cluster.ReplicaRouting;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records one event in the audit trail, in the caller's transaction (so a rolled-back change leaves no event).
 * {@code before}, {@code after} and {@code detail} are JSON texts, typically written by PostgreSQL
 * ({@code to_jsonb(row)}); the actor and address come from the current request.
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String action, String entity, String entityId, String beforeJson, String afterJson,
            String detailJson) {
        // a read served by the standby (an export) still writes its event to the primary
        ReplicaRouting.onPrimary(() -> jdbc.sql("""
                INSERT INTO audit_event (actor, action, entity, entity_id, before, after, detail, remote_addr)
                VALUES (:actor, :action, :entity, :entityId, CAST(:before AS jsonb), CAST(:after AS jsonb),
                        CAST(:detail AS jsonb), :addr)""")
                .param("actor", actor()).param("action", action).param("entity", entity).param("entityId", entityId)
                .param("before", beforeJson).param("after", afterJson).param("detail", detailJson)
                .param("addr", remoteAddress())
                .update());
    }

    /** Who the current request is: an account name, "anonymous", or "system" outside any request. */
    public static String actor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) {
            return "system";
        }
        return auth instanceof AnonymousAuthenticationToken ? "anonymous" : auth.getName();
    }

    /** The address the current request came from, or null outside any request. */
    public static String remoteAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
