package org.incidentmapper.ogc;

import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A filter that cannot be parsed or names what is not queryable: 400 problem+json with the position in it. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class Cql2ProblemHandler {

    @ExceptionHandler(Cql2Exception.class)
    ProblemDetail invalidFilter(Cql2Exception e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create("about:blank"));
        problem.setTitle("Invalid parameter 'filter'");
        problem.setProperty("parameter", "filter");
        problem.setProperty("position", e.position());
        return problem;
    }
}
