package org.incidentmapper.incident;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.incidentmapper.gazetteer.Candidate;
import org.incidentmapper.gazetteer.Geocoder;
import org.incidentmapper.web.MediaTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/incidents}, {@code PUT /api/incidents/{id}}, {@code DELETE /api/incidents/{id}}. Bodies are a
 * GeoJSON Feature with the properties {@code GET} returns; {@code place} (a name) may stand in for the geometry.
 *
 * <p>Edits are optimistic: {@code PUT} and {@code DELETE} name the version they started from ({@code If-Match:
 * W/"3"}, or property {@code version} in a PUT body); when someone saved in between, the answer is 409 with the
 * current Feature, and nothing is written. Invalid input is 422 with an {@code errors} array naming each field.
 */
@RestController
class IncidentEditController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MediaType GEO_JSON = MediaType.parseMediaType(MediaTypes.GEO_JSON + ";charset=UTF-8");

    private final IncidentWriter writer;
    private final IncidentRepository incidents;
    private final Geocoder geocoder;
    private final TransactionTemplate transaction;

    IncidentEditController(IncidentWriter writer, IncidentRepository incidents, Geocoder geocoder,
            TransactionTemplate transaction) {
        this.writer = writer;
        this.incidents = incidents;
        this.geocoder = geocoder;
        this.transaction = transaction;
    }

    @PostMapping("/api/incidents")
    ResponseEntity<?> create(@RequestBody byte[] body) {
        return transaction.execute(status -> {
            Checked checked = check(body);
            if (checked.problem() != null) {
                return checked.problem();
            }
            Optional<Long> existing = writer.idOf(IncidentWriter.identity(checked.record()), null);
            if (existing.isPresent()) {
                return conflict(existing.get(), "An incident with this identity (externalId, or source URL, start date "
                        + "and place) exists already as incident " + existing.get() + "; edit that one with PUT");
            }
            long id = writer.write(List.of(checked.record()), null).get(0).id();
            IncidentRepository.Versioned created = incidents.findVersioned(id).orElseThrow();
            return ResponseEntity.created(URI.create("/api/incidents/" + id)).eTag(created.etag())
                    .contentType(GEO_JSON).body(created.feature());
        });
    }

    @PutMapping("/api/incidents/{id}")
    ResponseEntity<?> replace(@PathVariable long id, @RequestBody byte[] body,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return transaction.execute(status -> {
            Checked checked = check(body);
            if (checked.problem() != null) {
                return checked.problem();
            }
            Integer expected = ifMatch != null ? version(ifMatch) : checked.version();
            if (expected == null) {
                return preconditionRequired();
            }
            ResponseEntity<?> refused = lockAt(id, expected);
            if (refused != null) {
                return refused;
            }
            String externalId = checked.record().externalId();
            if (externalId != null) {
                Optional<Long> other = writer.idOf(externalId, id);
                if (other.isPresent()) {
                    return conflict(other.get(), "externalId '" + externalId + "' belongs to incident " + other.get());
                }
            }
            writer.replace(id, checked.record());
            IncidentRepository.Versioned saved = incidents.findVersioned(id).orElseThrow();
            return ResponseEntity.ok().eTag(saved.etag()).contentType(GEO_JSON).body(saved.feature());
        });
    }

    @DeleteMapping("/api/incidents/{id}")
    ResponseEntity<?> delete(@PathVariable long id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return transaction.execute(status -> {
            Integer expected = ifMatch == null ? null : version(ifMatch);
            if (expected == null) {
                return preconditionRequired();
            }
            ResponseEntity<?> refused = lockAt(id, expected);
            if (refused != null) {
                return refused;
            }
            writer.delete(id);
            return ResponseEntity.noContent().build();
        });
    }

    /** Locks incident {@code id}; an answer when it is gone or at another version than {@code expected}. */
    private ResponseEntity<?> lockAt(long id, int expected) {
        Optional<Integer> current = writer.lockVersion(id);
        if (current.isEmpty()) {
            boolean deleted = writer.wasDeleted(id);
            HttpStatus status = deleted ? HttpStatus.GONE : HttpStatus.NOT_FOUND;
            return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status,
                    deleted ? "Incident " + id + " was deleted" : "No incident has id " + id));
        }
        if (current.get() != expected) {
            return conflict(id, "Incident " + id + " was changed by someone else: you edited version " + expected
                    + ", it is now at version " + current.get() + ". Nothing was saved; 'current' is the incident "
                    + "as it is now.");
        }
        return null;
    }

    private ResponseEntity<?> conflict(long id, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Edit conflict");
        incidents.findVersioned(id).ifPresent(v -> {
            problem.setProperty("currentVersion", v.version());
            problem.setProperty("current", JSON.readTree(v.feature()));
        });
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    private static ResponseEntity<?> preconditionRequired() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_REQUIRED,
                "Name the version you edited: header If-Match: W/\"<version>\" (the ETag of GET "
                        + "/api/incidents/{id}), or property 'version' in the body");
        problem.setTitle("Version required");
        return ResponseEntity.status(HttpStatus.PRECONDITION_REQUIRED).body(problem);
    }

    /** {@code W/"3"}, {@code "3"} or {@code 3} → 3; anything else → null. */
    static Integer version(String ifMatch) {
        String text = ifMatch.strip();
        if (text.startsWith("W/")) {
            text = text.substring(2);
        }
        text = text.replace("\"", "");
        return text.matches("[1-9][0-9]{0,8}") ? Integer.valueOf(text) : null;
    }

    /** The body made into a record, or the 400/422 answer saying why not. */
    private Checked check(byte[] body) {
        JsonNode feature;
        try {
            feature = JSON.readTree(body);
        } catch (JacksonException e) {
            return new Checked(null, null, invalid(HttpStatus.BAD_REQUEST, "The body is not JSON: "
                    + e.getOriginalMessage(), List.of(new RecordError(1, "body", "is not JSON")), List.of()));
        }
        if (feature == null || !feature.isObject() || !"Feature".equals(feature.path("type").asString(""))) {
            return new Checked(null, null, invalid(HttpStatus.BAD_REQUEST, "The body must be a GeoJSON Feature",
                    List.of(new RecordError(1, "type", "must be 'Feature'")), List.of()));
        }
        List<RecordError> errors = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        IncidentInput input = new IncidentInput(new RecordValidator(writer.categories(), writer::siteExists), geocoder);
        IncidentRecord record = input.check(1, feature.get("properties"), feature.get("geometry"), errors, candidates);
        JsonNode version = feature.path("properties").path("version");
        Integer bodyVersion = version.isIntegralNumber() ? version.asInt() : null;
        if (record == null) {
            return new Checked(null, null, invalid(HttpStatus.UNPROCESSABLE_CONTENT, errors.size()
                    + " field(s) of the incident are invalid", errors, candidates));
        }
        return new Checked(record, bodyVersion, null);
    }

    private static ResponseEntity<?> invalid(HttpStatus status, String detail, List<RecordError> errors,
            List<Candidate> candidates) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Invalid incident");
        problem.setProperty("errors", errors.stream().map(e -> new FieldError(e.field(), e.message())).toList());
        if (!candidates.isEmpty()) {
            problem.setProperty("candidates", candidates);
        }
        return ResponseEntity.status(status).body(problem);
    }

    record FieldError(String field, String message) {
    }

    private record Checked(IncidentRecord record, Integer version, ResponseEntity<?> problem) {
    }
}
