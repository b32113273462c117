package org.incidentmapper.audit;

import java.util.Set;

import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.DateParam;
import org.incidentmapper.web.QueryParams;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/audit} (admins): events newest first, filtered by {@code from}, {@code to}, {@code actor},
 * {@code action}, {@code entity}, {@code entityId}, at most {@code limit} (default 100, up to 1000). Read-only:
 * the API has no way to change or delete an event, and the table refuses it too.
 */
@RestController
class AuditController {

    private static final Set<String> PARAMETERS = Set.of("from", "to", "actor", "action", "entity", "entityId", "limit");

    private final JdbcClient jdbc;

    AuditController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping(value = "/api/audit", produces = "application/json")
    String list(@RequestParam MultiValueMap<String, String> query) {
        QueryParams params = QueryParams.of(query, PARAMETERS);
        MapSqlParameterSource values = new MapSqlParameterSource()
                .addValue("from", params.get("from").map(v -> DateParam.lowerBound("from", v)).orElse(null))
                .addValue("to", params.get("to").map(v -> DateParam.upperBound("to", v)).orElse(null))
                .addValue("actor", params.get("actor").orElse(null))
                .addValue("action", params.get("action").orElse(null))
                .addValue("entity", params.get("entity").orElse(null))
                .addValue("entityId", params.get("entityId").orElse(null))
                .addValue("limit", params.wholeNumber("limit", 1, 1000).orElse(100));
        return jdbc.sql("""
                SELECT coalesce(json_agg(e ORDER BY e.id DESC), '[]')::text FROM (
                  SELECT id, at, actor, action, entity, entity_id AS "entityId", before, after, detail,
                         remote_addr AS "remoteAddr"
                  FROM audit_event
                  WHERE (CAST(:from AS date) IS NULL OR at >= CAST(:from AS date))
                    AND (CAST(:to AS date) IS NULL OR at < CAST(:to AS date) + 1)
                    AND (CAST(:actor AS text) IS NULL OR actor = :actor)
                    AND (CAST(:action AS text) IS NULL OR action = :action)
                    AND (CAST(:entity AS text) IS NULL OR entity = :entity)
                    AND (CAST(:entityId AS text) IS NULL OR entity_id = :entityId)
                  ORDER BY id DESC LIMIT :limit) e""")
                .paramSource(values).query(String.class).single();
    }
}
