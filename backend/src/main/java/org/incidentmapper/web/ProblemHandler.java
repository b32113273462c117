package org.incidentmapper.web;

import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into RFC 9457 {@code application/problem+json}. A user's mistake names the parameter at fault
 * in the {@code parameter} member; anything unexpected is a 500 whose body reveals no internals.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Log log = LogFactory.getLog(ProblemHandler.class);

    private final String uploadLimit;

    ProblemHandler(@Value("${spring.servlet.multipart.max-file-size:}") String uploadLimit) {
        this.uploadLimit = uploadLimit;
    }

    @ExceptionHandler(BadParameterException.class)
    ProblemDetail badParameter(BadParameterException e) {
        return badRequest(e.parameter(), e.getMessage());
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Invalid field '" + e.field() + "'");
        problem.setProperty("parameter", e.field());
        problem.setProperty("errors", java.util.List.of(java.util.Map.of("field", e.field(), "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return badRequest(e.getName(), "'" + e.getName() + "' has an invalid value");
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("about:blank"));
        return problem;
    }

    /** An upload over {@code spring.servlet.multipart.max-file-size}: refused while it streams in, never buffered. */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String limit = uploadLimit.isBlank() ? "" : " of " + uploadLimit.replaceAll("(?i)([0-9])\\s*([KMG]?B)$", "$1 $2");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The file is larger than the upload limit" + limit + "; split it into smaller files");
        problem.setTitle("File too large");
        problem.setProperty("parameter", "file");
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    /**
     * The database refused a read to the caller's role (a table a viewer may not see): answered as what it is, a
     * 403, never with the data. Endpoints should be closed to such callers before they get here.
     */
    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    ResponseEntity<ProblemDetail> dataAccess(org.springframework.dao.DataAccessException e) {
        if (DatabaseOutage.is(e)) {
            return outage(e);
        }
        if (e.getMostSpecificCause() instanceof java.sql.SQLException sql && "42501".equals(sql.getSQLState())) {
            log.warn("Refused by the database for the caller's role: " + sql.getMessage());
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(
                    ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your role does not allow this request"));
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseOutage.is(e)) {
            return outage(e);
        }
        log.error("Unexpected error", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "The server could not complete the request; the error was logged."));
    }

    /** The database could not be reached: 503 with Retry-After (see {@link DatabaseOutage}). */
    private static ResponseEntity<ProblemDetail> outage(Exception e) {
        log.warn("Database unavailable: " + e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", DatabaseOutage.retryAfter())
                .header("Cache-Control", "no-store").body(DatabaseOutage.problem());
    }

    static ProblemDetail badRequest(String parameter, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid parameter '" + parameter + "'");
        problem.setProperty("parameter", parameter);
        return problem;
    }
}
