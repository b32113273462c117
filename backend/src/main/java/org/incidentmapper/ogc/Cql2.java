package org.incidentmapper.ogc;

import java.time.LocalDate;
import java.util.List;

/**
 * The tree a CQL2 text filter is parsed into ({@link Cql2Parser}); {@link Cql2Sql} turns it into SQL. Every node
 * remembers where it started in the filter text, so an error can name the position.
 */
sealed interface Cql2 {

    int position();

    /** A boolean combination: {@code op} is AND or OR, with two or more operands. */
    record Logical(int position, String op, List<Cql2> operands) implements Cql2 {
    }

    record Not(int position, Cql2 operand) implements Cql2 {
    }

    /** {@code left op right}; op is one of = <> < <= > >=. */
    record Comparison(int position, String op, Cql2 left, Cql2 right) implements Cql2 {
    }

    /** {@code value [NOT] LIKE pattern}, {@code ILIKE} when caseInsensitive. */
    record Like(int position, Cql2 value, Cql2 pattern, boolean negated, boolean caseInsensitive) implements Cql2 {
    }

    record Between(int position, Cql2 value, Cql2 low, Cql2 high, boolean negated) implements Cql2 {
    }

    record In(int position, Cql2 value, List<Cql2> list, boolean negated) implements Cql2 {
    }

    record IsNull(int position, Cql2 value, boolean negated) implements Cql2 {
    }

    /** {@code S_INTERSECTS}, {@code S_WITHIN}, … of two geometries (a property or a WKT literal). */
    record Spatial(int position, String function, Cql2 left, Cql2 right) implements Cql2 {
    }

    /** {@code T_INTERSECTS(a, b)} of two temporal values (a date property, an instant or an interval). */
    record Temporal(int position, Cql2 left, Cql2 right) implements Cql2 {
    }

    /** A queryable by name (checked against {@link Queryable} when turned into SQL). */
    record Property(int position, String name) implements Cql2 {
    }

    record Text(int position, String value) implements Cql2 {
    }

    record Number(int position, double value, boolean whole) implements Cql2 {
    }

    record Bool(int position, boolean value) implements Cql2 {
    }

    /** {@code DATE('…')} or {@code TIMESTAMP('…')}, as the calendar day it falls on (UTC). */
    record Day(int position, LocalDate value) implements Cql2 {
    }

    /** {@code INTERVAL(a, b)}; an end is a {@link Day}, a {@link Property}, or null for {@code '..'} (open). */
    record Interval(int position, Cql2 start, Cql2 end) implements Cql2 {
    }

    /** A WKT geometry literal, already checked by JTS and written back as normalised WKT. */
    record Geometry(int position, String wkt) implements Cql2 {
    }
}
