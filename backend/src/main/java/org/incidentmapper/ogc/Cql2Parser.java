package org.incidentmapper.ogc;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.WKTWriter;

/**
 * A hand-written recursive-descent parser of the CQL2 text subset this service supports (OGC 21-065: Basic CQL2,
 * Advanced Comparison Operators, Basic Spatial Functions with S_INTERSECTS/S_WITHIN/S_CONTAINS/S_DISJOINT, and
 * T_INTERSECTS). It builds a {@link Cql2} tree and nothing else: no text of the filter ever reaches SQL, and no
 * function is looked up by name outside the fixed keywords below.
 *
 * <pre>
 * filter     = or
 * or         = and { OR and }
 * and        = not { AND not }
 * not        = NOT not | primary
 * primary    = "(" or ")" | spatial | temporal | TRUE | FALSE | predicate
 * predicate  = scalar ( compOp scalar | [NOT] (LIKE|ILIKE) scalar | [NOT] BETWEEN scalar AND scalar
 *                     | [NOT] IN "(" scalar { "," scalar } ")" | IS [NOT] NULL )
 * scalar     = property | 'text' | number | TRUE | FALSE | DATE('…') | TIMESTAMP('…')
 * spatial    = (S_INTERSECTS|S_WITHIN|S_CONTAINS|S_DISJOINT) "(" geom "," geom ")"
 * geom       = property | WKT geometry | BBOX(x1, y1, x2, y2)
 * temporal   = T_INTERSECTS "(" time "," time ")";  time = property | DATE | TIMESTAMP | INTERVAL(end, end)
 * </pre>
 */
final class Cql2Parser {

    /** Deepest nesting of parentheses and NOTs accepted: enough for any real filter, bounded for hostile ones. */
    static final int MAX_DEPTH = 40;
    static final int MAX_LIST = 500;

    private static final Set<String> SPATIAL = Set.of("S_INTERSECTS", "S_WITHIN", "S_CONTAINS", "S_DISJOINT");
    private static final Set<String> WKT_TYPES = Set.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT",
            "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION");
    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "LIKE", "ILIKE", "BETWEEN", "IN", "IS",
            "NULL", "TRUE", "FALSE", "DATE", "TIMESTAMP", "INTERVAL", "BBOX", "T_INTERSECTS");

    private final String text;
    private int pos;
    private int depth;

    private Cql2Parser(String text) {
        this.text = text;
    }

    /** The tree of {@code filter}; a {@link Cql2Exception} naming the position when it is not valid CQL2 text. */
    static Cql2 parse(String filter) {
        Cql2Parser parser = new Cql2Parser(filter);
        parser.skipSpace();
        if (parser.pos == filter.length()) {
            throw new Cql2Exception(0, "The filter is empty");
        }
        Cql2 tree = parser.or();
        parser.skipSpace();
        if (parser.pos < filter.length()) {
            throw new Cql2Exception(parser.pos, "Unexpected '" + parser.preview() + "' after a complete expression");
        }
        return tree;
    }

    private Cql2 or() {
        int start = mark();
        List<Cql2> operands = new ArrayList<>(List.of(and()));
        while (keyword("OR")) {
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new Cql2.Logical(start, "OR", List.copyOf(operands));
    }

    private Cql2 and() {
        int start = mark();
        List<Cql2> operands = new ArrayList<>(List.of(not()));
        while (keyword("AND")) {
            operands.add(not());
        }
        return operands.size() == 1 ? operands.get(0) : new Cql2.Logical(start, "AND", List.copyOf(operands));
    }

    private Cql2 not() {
        int start = mark();
        if (keyword("NOT")) {
            enter(start);
            Cql2 operand = not();
            depth--;
            return new Cql2.Not(start, operand);
        }
        return primary();
    }

    private Cql2 primary() {
        int start = mark();
        if (symbol("(")) {
            enter(start);
            Cql2 inner = or();
            expect(")");
            depth--;
            return inner;
        }
        String word = peekWord();
        if (word != null && SPATIAL.contains(word)) {
            pos += word.length();
            expect("(");
            Cql2 left = geometry();
            expect(",");
            Cql2 right = geometry();
            expect(")");
            return new Cql2.Spatial(start, word, left, right);
        }
        if ("T_INTERSECTS".equals(word)) {
            pos += word.length();
            expect("(");
            Cql2 left = time();
            expect(",");
            Cql2 right = time();
            expect(")");
            return new Cql2.Temporal(start, left, right);
        }
        Cql2 value = scalar();
        return predicate(start, value);
    }

    private Cql2 predicate(int start, Cql2 value) {
        skipSpace();
        for (String op : List.of("<>", "<=", ">=", "=", "<", ">")) {
            if (symbol(op)) {
                return new Cql2.Comparison(start, op, value, scalar());
            }
        }
        if (keyword("IS")) {
            boolean negated = keyword("NOT");
            if (!keyword("NULL")) {
                throw new Cql2Exception(mark(), "Expected NULL after IS" + (negated ? " NOT" : ""));
            }
            return new Cql2.IsNull(start, value, negated);
        }
        boolean negated = keyword("NOT");
        if (keyword("LIKE")) {
            return new Cql2.Like(start, value, scalar(), negated, false);
        }
        if (keyword("ILIKE")) {
            return new Cql2.Like(start, value, scalar(), negated, true);
        }
        if (keyword("BETWEEN")) {
            Cql2 low = scalar();
            if (!keyword("AND")) {
                throw new Cql2Exception(mark(), "Expected AND in BETWEEN");
            }
            return new Cql2.Between(start, value, low, scalar(), negated);
        }
        if (keyword("IN")) {
            expect("(");
            List<Cql2> list = new ArrayList<>(List.of(scalar()));
            while (symbol(",")) {
                if (list.size() == MAX_LIST) {
                    throw new Cql2Exception(mark(), "IN takes at most " + MAX_LIST + " values");
                }
                list.add(scalar());
            }
            expect(")");
            return new Cql2.In(start, value, List.copyOf(list), negated);
        }
        if (negated) {
            throw new Cql2Exception(mark(), "Expected LIKE, BETWEEN or IN after NOT");
        }
        if (value instanceof Cql2.Bool) {
            return value;
        }
        throw new Cql2Exception(mark(), atEnd() ? "The filter ends in the middle of a predicate"
                : "Expected a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN, IS NULL) but found '" + preview() + "'");
    }

    private Cql2 scalar() {
        skipSpace();
        int start = pos;
        if (atEnd()) {
            throw new Cql2Exception(start, "The filter ends where a value was expected");
        }
        char c = text.charAt(pos);
        if (c == '\'') {
            return new Cql2.Text(start, string());
        }
        if (c == '"') {
            return new Cql2.Property(start, quotedName());
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        String word = peekWord();
        if (word == null) {
            throw new Cql2Exception(start, "Expected a property, a value or '(' but found '" + preview() + "'");
        }
        switch (word) {
            case "TRUE", "FALSE" -> {
                pos += word.length();
                return new Cql2.Bool(start, word.equals("TRUE"));
            }
            case "DATE", "TIMESTAMP" -> {
                return day();
            }
            default -> {
                if (RESERVED.contains(word) || SPATIAL.contains(word) || WKT_TYPES.contains(word)) {
                    throw new Cql2Exception(start, "'" + word + "' cannot stand here; a property or a value was expected");
                }
                String name = rawWord();
                return new Cql2.Property(start, name);
            }
        }
    }

    private Cql2 geometry() {
        skipSpace();
        int start = pos;
        String word = peekWord();
        if (word != null && WKT_TYPES.contains(word)) {
            return wkt();
        }
        if ("BBOX".equals(word)) {
            pos += word.length();
            expect("(");
            double[] v = new double[4];
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    expect(",");
                }
                Cql2 n = number();
                v[i] = ((Cql2.Number) n).value();
            }
            expect(")");
            if (v[0] > v[2] || v[1] > v[3]) {
                throw new Cql2Exception(start, "BBOX must be (minX, minY, maxX, maxY) with min not above max");
            }
            return new Cql2.Geometry(start, "POLYGON((" + v[0] + " " + v[1] + ", " + v[2] + " " + v[1] + ", " + v[2]
                    + " " + v[3] + ", " + v[0] + " " + v[3] + ", " + v[0] + " " + v[1] + "))");
        }
        Cql2 value = scalar();
        if (!(value instanceof Cql2.Property)) {
            throw new Cql2Exception(start, "Expected a geometry property, a WKT geometry or BBOX(…)");
        }
        return value;
    }

    private Cql2 time() {
        skipSpace();
        int start = pos;
        if ("INTERVAL".equals(peekWord())) {
            pos += "INTERVAL".length();
            expect("(");
            Cql2 from = intervalEnd();
            expect(",");
            Cql2 to = intervalEnd();
            expect(")");
            return new Cql2.Interval(start, from, to);
        }
        Cql2 value = scalar();
        if (value instanceof Cql2.Text t) {
            return new Cql2.Day(start, date(start, t.value()));
        }
        if (!(value instanceof Cql2.Property || value instanceof Cql2.Day)) {
            throw new Cql2Exception(start, "Expected a date property, DATE('…'), TIMESTAMP('…') or INTERVAL(…, …)");
        }
        return value;
    }

    /** An end of INTERVAL: a date or timestamp, a quoted one, '..' (open), or a date property. */
    private Cql2 intervalEnd() {
        skipSpace();
        int start = pos;
        Cql2 value = scalar();
        if (value instanceof Cql2.Text t) {
            return t.value().equals("..") ? null : new Cql2.Day(start, date(start, t.value()));
        }
        if (value instanceof Cql2.Property || value instanceof Cql2.Day) {
            return value;
        }
        throw new Cql2Exception(start, "An INTERVAL end must be a date, a timestamp, '..' or a date property");
    }

    private Cql2 day() {
        int start = pos;
        String word = rawWord().toUpperCase(Locale.ROOT);
        expect("(");
        skipSpace();
        int at = pos;
        if (atEnd() || text.charAt(pos) != '\'') {
            throw new Cql2Exception(at, word + " takes a quoted value, e.g. " + word + "('2022-05-01')");
        }
        String value = string();
        expect(")");
        return new Cql2.Day(start, date(at, value));
    }

    /** A calendar date, from {@code YYYY-MM-DD} or an RFC 3339 timestamp (the day it falls on in UTC). */
    static LocalDate date(int position, String value) {
        try {
            if (value.matches("\\d{4}-\\d{2}-\\d{2}T?")) {
                return LocalDate.parse(value.substring(0, 10));
            }
            return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeException e) {
            throw new Cql2Exception(position, "'" + abbreviate(value) + "' is not a date (YYYY-MM-DD) or an RFC 3339 "
                    + "timestamp");
        }
    }

    private Cql2 number() {
        skipSpace();
        int start = pos;
        int end = pos;
        if (end < text.length() && (text.charAt(end) == '-' || text.charAt(end) == '+')) {
            end++;
        }
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || ".eE".indexOf(text.charAt(end)) >= 0
                || ((text.charAt(end) == '-' || text.charAt(end) == '+') && "eE".indexOf(text.charAt(end - 1)) >= 0))) {
            end++;
        }
        String literal = text.substring(start, end);
        try {
            double value = Double.parseDouble(literal);
            if (!Double.isFinite(value) || literal.length() > 30) {
                throw new NumberFormatException();
            }
            pos = end;
            return new Cql2.Number(start, value, literal.matches("[-+]?\\d{1,15}"));
        } catch (NumberFormatException e) {
            throw new Cql2Exception(start, "'" + abbreviate(literal) + "' is not a number");
        }
    }

    private Cql2 wkt() {
        int start = pos;
        int open = text.indexOf('(', pos);
        if (open < 0) {
            throw new Cql2Exception(start, "A WKT geometry needs its coordinates in parentheses");
        }
        int level = 0;
        int end = open;
        for (; end < text.length(); end++) {
            char c = text.charAt(end);
            if (c == '(') {
                level++;
            } else if (c == ')') {
                if (--level == 0) {
                    break;
                }
            } else if (!(Character.isLetterOrDigit(c) || " \t\n\r.,-+".indexOf(c) >= 0)) {
                throw new Cql2Exception(end, "Unexpected '" + c + "' in a WKT geometry");
            }
            if (level > 4) {
                throw new Cql2Exception(end, "A WKT geometry nests too deeply");
            }
        }
        if (end >= text.length()) {
            throw new Cql2Exception(start, "The WKT geometry is not closed by ')'");
        }
        String wkt = text.substring(start, end + 1);
        try {
            var geometry = new WKTReader().read(wkt);
            if (geometry.getCoordinates().length > 10_000) {
                throw new Cql2Exception(start, "The WKT geometry has more than 10000 points");
            }
            for (var c : geometry.getCoordinates()) {
                if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
                    throw new Cql2Exception(start, "The WKT geometry has a coordinate that is not a finite number");
                }
            }
            pos = end + 1;
            return new Cql2.Geometry(start, new WKTWriter().write(geometry));
        } catch (ParseException | IllegalArgumentException e) {
            throw new Cql2Exception(start, "Invalid WKT geometry: " + abbreviate(String.valueOf(e.getMessage())));
        }
    }

    private String string() {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    value.append('\'');
                    pos++;
                } else {
                    return value.toString();
                }
            } else {
                value.append(c);
            }
        }
        throw new Cql2Exception(start, "The text starting here is not closed by a quote (')");
    }

    private String quotedName() {
        int start = pos;
        int end = text.indexOf('"', pos + 1);
        if (end < 0) {
            throw new Cql2Exception(start, "The quoted property name is not closed by '\"'");
        }
        pos = end + 1;
        return text.substring(start + 1, end);
    }

    /** The identifier at the position, upper-cased, without consuming it; null when none starts here. */
    private String peekWord() {
        skipSpace();
        int end = wordEnd();
        return end == pos ? null : text.substring(pos, end).toUpperCase(Locale.ROOT);
    }

    private String rawWord() {
        int end = wordEnd();
        String word = text.substring(pos, end);
        pos = end;
        return word;
    }

    private int wordEnd() {
        int end = pos;
        if (end < text.length() && (Character.isLetter(text.charAt(end)) || text.charAt(end) == '_')) {
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                    || text.charAt(end) == ':' || text.charAt(end) == '.')) {
                end++;
            }
        }
        return end;
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = wordEnd();
        if (end - pos == word.length() && text.regionMatches(true, pos, word, 0, word.length())) {
            pos = end;
            return true;
        }
        return false;
    }

    private boolean symbol(String symbol) {
        skipSpace();
        if (text.startsWith(symbol, pos)) {
            // "<" must not swallow the start of "<=" or "<>": callers try the longer symbols first
            pos += symbol.length();
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!symbol(symbol)) {
            throw new Cql2Exception(mark(), atEnd() ? "The filter ends where '" + symbol + "' was expected"
                    : "Expected '" + symbol + "' but found '" + preview() + "'");
        }
    }

    private void enter(int at) {
        if (++depth > MAX_DEPTH) {
            throw new Cql2Exception(at, "The filter nests more than " + MAX_DEPTH + " levels deep");
        }
    }

    private int mark() {
        skipSpace();
        return pos;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String preview() {
        return abbreviate(text.substring(pos, Math.min(text.length(), pos + 20)));
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
