package org.incidentmapper.site;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import tools.jackson.databind.json.JsonMapper;

/**
 * The RFC 9457 answers of the site and relocation edit APIs, the same shapes as incidents': 400/422 with
 * {@code errors: [{field, message}]} and {@code parameter} naming the first field at fault; 409 with the record as
 * it is now; 428 when no version is named; 404 for an unknown id. Nothing is written when one of these is answered.
 */
final class EditProblems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EditProblems() {
    }

    static ResponseEntity<ProblemDetail> invalid(String what, List<InputReader.Problem> problems) {
        boolean notJson = problems.stream().anyMatch(p -> p.field().equals("body") || p.field().equals("type"));
        HttpStatus status = notJson ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, problems.size() + " field(s) of the " + what
                + " are invalid: " + problems.get(0).field() + " " + problems.get(0).message());
        problem.setTitle("Invalid " + what);
        problem.setProperty("parameter", problems.get(0).field());
        problem.setProperty("errors", problems);
        return ResponseEntity.status(status).body(problem);
    }

    static ResponseEntity<ProblemDetail> notFound(String detail) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail));
    }

    /** 409; {@code current} (a Feature, may be null) is the record as it is now, with its version. */
    static ResponseEntity<ProblemDetail> conflict(String detail, String current, Integer currentVersion) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Edit conflict");
        if (current != null) {
            problem.setProperty("currentVersion", currentVersion);
            problem.setProperty("current", JSON.readTree(current));
        }
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    static ResponseEntity<ProblemDetail> versionRequired(String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_REQUIRED,
                "Name the version you edited: header If-Match: W/\"<version>\" (the ETag of GET " + path + ")");
        problem.setTitle("Version required");
        problem.setProperty("parameter", "If-Match");
        return ResponseEntity.status(HttpStatus.PRECONDITION_REQUIRED).body(problem);
    }

    /** {@code W/"3"}, {@code "3"} or {@code 3} → 3; absent or anything else → null. */
    static Integer version(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        String text = ifMatch.strip();
        if (text.startsWith("W/")) {
            text = text.substring(2);
        }
        text = text.replace("\"", "");
        return text.matches("[1-9][0-9]{0,8}") ? Integer.valueOf(text) : null;
    }

    /** The body as JSON, or null with a problem naming {@code body}. */
    static tools.jackson.databind.JsonNode json(byte[] body, List<InputReader.Problem> problems) {
        try {
            tools.jackson.databind.JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                problems.add(new InputReader.Problem("body", "is empty"));
            }
            return node;
        } catch (tools.jackson.core.JacksonException e) {
            problems.add(new InputReader.Problem("body", "is not JSON: " + e.getOriginalMessage()));
            return null;
        }
    }
}
