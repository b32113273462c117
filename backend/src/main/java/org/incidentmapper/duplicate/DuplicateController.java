package org.incidentmapper.duplicate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.incidentmapper.web.BadParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/duplicates} (candidate pairs), {@code POST /api/duplicates/merge}, {@code POST
 * /api/duplicates/keep-apart}, {@code GET /api/merges} (recent) and {@code POST /api/merges/{id}/undo}. Analysts and
 * admins only (SecurityConfig). Each write is one transaction: refused requests change nothing.
 *
 * <p>A merge names the versions it was decided on ({@code versions: {survivor, merged}}, like If-Match): when either
 * incident was saved since, the answer is 409 with both current versions and nothing is written.
 */
@RestController
class DuplicateController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CandidateRepository candidates;
    private final MergeRepository merges;
    private final TransactionTemplate transaction;

    DuplicateController(CandidateRepository candidates, MergeRepository merges, TransactionTemplate transaction) {
        this.candidates = candidates;
        this.merges = merges;
        this.transaction = transaction;
    }

    @GetMapping("/api/duplicates")
    ResponseEntity<String> candidates(@RequestParam MultiValueMap<String, String> query) {
        CandidateQuery q = CandidateQuery.parse(query);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(candidates.find(q));
    }

    @GetMapping("/api/merges")
    ResponseEntity<String> recent(@RequestParam MultiValueMap<String, String> query) {
        int limit = org.incidentmapper.web.QueryParams.of(query, java.util.Set.of("limit"))
                .wholeNumber("limit", 1, 200).orElse(20);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(merges.recent(limit));
    }

    @PostMapping("/api/duplicates/merge")
    ResponseEntity<?> merge(@RequestBody byte[] body) {
        JsonNode json = object(body);
        long survivor = id(json, "survivor");
        long merged = id(json, "merged");
        if (survivor == merged) {
            throw new BadParameterException("merged", "'merged' must be another incident than 'survivor'");
        }
        JsonNode versions = json.path("versions");
        if (!versions.isObject() || !versions.path("survivor").isIntegralNumber()
                || !versions.path("merged").isIntegralNumber()) {
            return problem(HttpStatus.PRECONDITION_REQUIRED, "Version required", "Name the versions the merge was "
                    + "decided on: 'versions': {\"survivor\": n, \"merged\": n} (the ETags of GET /api/incidents/{id})",
                    "versions");
        }
        List<String> take = new ArrayList<>();
        for (JsonNode field : json.path("take")) {
            String name = field.asString("");
            if (!MergeRepository.TAKEABLE.containsKey(name) || take.contains(name)) {
                throw new BadParameterException("take", "'take' lists fields the survivor takes from the merged "
                        + "incident, each once, from " + MergeRepository.TAKEABLE.keySet() + "; '"
                        + org.incidentmapper.web.QueryParams.abbreviate(name) + "' is not one");
            }
            take.add(name);
        }
        if (!json.path("take").isMissingNode() && !json.path("take").isArray()) {
            throw new BadParameterException("take", "'take' must be an array of field names");
        }
        return transaction.execute(status -> {
            Map<Long, MergeRepository.Locked> locked = merges.lock(survivor, merged);
            for (var entry : Map.of("survivor", survivor, "merged", merged).entrySet()) {
                if (!locked.containsKey(entry.getValue())) {
                    return gone(entry.getKey(), entry.getValue());
                }
            }
            int survivorVersion = versions.path("survivor").asInt();
            int mergedVersion = versions.path("merged").asInt();
            if (locked.get(survivor).version() != survivorVersion || locked.get(merged).version() != mergedVersion) {
                ResponseEntity<ProblemDetail> conflict = problem(HttpStatus.CONFLICT, "Edit conflict", "An incident "
                        + "was changed since you compared them: nothing was merged. Current versions: survivor "
                        + locked.get(survivor).version() + ", merged " + locked.get(merged).version() + ".", "versions");
                conflict.getBody().setProperty("currentVersions", Map.of("survivor", locked.get(survivor).version(),
                        "merged", locked.get(merged).version()));
                return conflict;
            }
            if (!locked.get(survivor).category().equals(locked.get(merged).category())) {
                return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Different categories", "Incidents " + survivor
                        + " and " + merged + " have different categories; a merge joins reports of one event",
                        "merged");
            }
            long mergeId;
            try {
                mergeId = merges.merge(survivor, merged, take);
            } catch (org.springframework.dao.DataIntegrityViolationException e) {
                // e.g. an end date taken from one before the start date kept from the other
                status.setRollbackOnly();
                return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid merge", "The survivor would break a rule "
                        + "of incidents with these fields taken (" + String.join(", ", take) + "): nothing was merged",
                        "take");
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"merge\":" + mergeId
                    + ",\"survivor\":" + merges.feature(survivor) + "}");
        });
    }

    @PostMapping("/api/merges/{id}/undo")
    ResponseEntity<?> undo(@PathVariable long id) {
        return transaction.execute(status -> {
            MergeRepository.Merge m = merges.lockMerge(id).orElse(null);
            if (m == null) {
                return problem(HttpStatus.NOT_FOUND, "Not found", "No merge has id " + id, "id");
            }
            if (m.undone()) {
                return problem(HttpStatus.CONFLICT, "Undone already", "Merge " + id + " was undone already", "id");
            }
            var survivor = merges.lock(m.survivorId()).get(m.survivorId());
            if (survivor == null) {
                return problem(HttpStatus.CONFLICT, "Survivor gone", "Incident " + m.survivorId() + ", which merge "
                        + id + " kept, is no longer there (merged into another or deleted): undo that first", "id");
            }
            if (survivor.version() != m.survivorVersionAfter()) {
                return problem(HttpStatus.CONFLICT, "Edited since", "Incident " + m.survivorId() + " was edited since "
                        + "the merge (version " + m.survivorVersionAfter() + ", now " + survivor.version()
                        + "); undoing would lose that edit. Nothing was changed.", "id");
            }
            var taken = merges.externalIdTaken(id);
            if (taken.isPresent()) {
                return problem(HttpStatus.CONFLICT, "External id taken", "The merged incident's external id belongs "
                        + "to incident " + taken.get() + " now (imported again since the merge). Nothing was changed.",
                        "id");
            }
            try {
                merges.undo(m);
            } catch (org.springframework.dao.DataIntegrityViolationException e) {
                // e.g. the site the merged incident was linked to was deleted since
                status.setRollbackOnly();
                return problem(HttpStatus.CONFLICT, "Cannot restore", "The merged incident cannot be put back as it "
                        + "was (something it refers to changed since the merge). Nothing was changed.", "id");
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"survivor\":"
                    + merges.feature(m.survivorId()) + ",\"restored\":" + merges.feature(m.mergedId()) + "}");
        });
    }

    @PostMapping("/api/duplicates/keep-apart")
    ResponseEntity<?> keepApart(@RequestBody byte[] body) {
        JsonNode json = object(body);
        long a = id(json, "a");
        long b = id(json, "b");
        if (a == b) {
            throw new BadParameterException("b", "'b' must be another incident than 'a'");
        }
        return transaction.execute(status -> {
            Map<Long, MergeRepository.Locked> locked = merges.lock(a, b);
            for (var entry : Map.of("a", a, "b", b).entrySet()) {
                if (!locked.containsKey(entry.getValue())) {
                    return gone(entry.getKey(), entry.getValue());
                }
            }
            boolean added = merges.keepApart(a, b);
            return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"a\":" + Math.min(a, b) + ",\"b\":" + Math.max(a, b) + ",\"keptApart\":true}");
        });
    }

    private ResponseEntity<ProblemDetail> gone(String field, long id) {
        return merges.mergedInto(id)
                .map(into -> problem(HttpStatus.GONE, "Merged", "Incident " + id + " was merged into incident " + into,
                        field))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "Not found", "No incident has id " + id, field));
    }

    private static JsonNode object(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw new BadParameterException("body", "The body must be a JSON object");
    }

    private static long id(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (!value.isIntegralNumber() || value.asLong() < 1) {
            throw new BadParameterException(field, "'" + field + "' must be an incident id (a whole number)");
        }
        return value.asLong();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty("parameter", field);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
