package org.incidentmapper.web;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * A database that cannot be reached is an outage, answered as one: 503 problem+json with {@code Retry-After}
 * ({@code mapper.db.retry-after}, default 5 s), after at most the pool's bounded wait
 * ({@code spring.datasource.hikari.connection-timeout}). Never a 401 (the accounts could not be read; the password
 * may be right) and never a 500. As a filter in front of everything (security included) it catches what escapes;
 * {@link #is} lets the security layer and {@link ProblemHandler} recognise an outage in what they catch themselves.
 * The pool reconnects by itself when the database is back.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseOutage extends OncePerRequestFilter {

    private static final Log log = LogFactory.getLog(DatabaseOutage.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static volatile long retryAfterSeconds = 5;

    DatabaseOutage(@Value("${mapper.db.retry-after:5s}") Duration retryAfter) {
        retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    /** Whether {@code failure} or one of its causes says the database could not be reached. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            // HikariCP's proxy of a connection that died says so without an SQLState
            if (t instanceof SQLException sql && sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage())) {
                return true;
            }
            // a rollback that failed on the dead connection hides the failure that made it roll back
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && rollback.getApplicationException() != failure && is(rollback.getApplicationException())) {
                return true;
            }
        }
        return false;
    }

    /** The 503 as a ProblemDetail, for handlers that answer with one (the caller sets Retry-After, see {@link #retryAfter}). */
    public static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The database cannot be reached; try again in " + retryAfterSeconds + " seconds");
        problem.setTitle("Database unavailable");
        return problem;
    }

    public static String retryAfter() {
        return Long.toString(retryAfterSeconds);
    }

    /** Writes the 503 unless the response has started. */
    public static void write(HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(503);
        response.setHeader("Retry-After", retryAfter());
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        ProblemDetail problem = problem();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.getTitle());
        body.put("status", 503);
        body.put("detail", problem.getDetail());
        JSON.writeValue(response.getWriter(), body);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!is(e)) {
                throw e;
            }
            log.warn("Database unavailable (" + request.getMethod() + " " + request.getRequestURI() + "): "
                    + rootMessage(e));
            write(response);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
