package org.incidentmapper.ogc;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Turns a {@link Cql2} tree into an SQL condition on alias {@code i}: identifiers come only from {@link Queryable},
 * operators and functions only from fixed text here, and every literal is added to the parameters as a typed
 * bound value ({@code :cql1}, {@code :cql2}, …). Types are checked first, so the database never sees a comparison
 * of a date with a word; a mismatch is a {@link Cql2Exception} naming the position.
 */
final class Cql2Sql {

    private final MapSqlParameterSource params;
    private final OgcCrs filterCrs;
    private int next;

    private Cql2Sql(MapSqlParameterSource params, OgcCrs filterCrs) {
        this.params = params;
        this.filterCrs = filterCrs;
    }

    /**
     * The condition for {@code tree}; its values are added to {@code params}. WKT literals are in {@code filterCrs}
     * and are transformed to the data's EPSG:4326 (the literal, never the column, so the spatial index serves it).
     */
    static String where(Cql2 tree, MapSqlParameterSource params, OgcCrs filterCrs) {
        return new Cql2Sql(params, filterCrs).condition(tree);
    }

    private String condition(Cql2 node) {
        if (node instanceof Cql2.Logical l) {
            return l.operands().stream().map(this::condition).collect(Collectors.joining(" " + l.op() + " ", "(", ")"));
        }
        if (node instanceof Cql2.Not n) {
            return "(NOT " + condition(n.operand()) + ")";
        }
        if (node instanceof Cql2.Bool b) {
            return b.value() ? "TRUE" : "FALSE";
        }
        if (node instanceof Cql2.Comparison c) {
            Queryable.Type type = commonType(c.position(), c.left(), c.right());
            requireNot(type, Queryable.Type.GEOMETRY, c.position(), "a comparison");
            return "(" + scalar(c.left(), type) + " " + c.op() + " " + scalar(c.right(), type) + ")";
        }
        if (node instanceof Cql2.Like l) {
            Queryable.Type type = commonType(l.position(), l.value(), l.pattern());
            if (type != Queryable.Type.TEXT) {
                throw new Cql2Exception(l.position(), "LIKE compares text only");
            }
            String pattern = scalar(l.pattern(), type);
            return "(" + scalar(l.value(), type) + (l.negated() ? " NOT" : "") + (l.caseInsensitive() ? " ILIKE " : " LIKE ")
                    + pattern + searchTextCondition(l, pattern) + ")";
        }
        if (node instanceof Cql2.Between b) {
            Queryable.Type type = commonType(b.position(), b.value(), b.low(), b.high());
            requireNot(type, Queryable.Type.GEOMETRY, b.position(), "BETWEEN");
            requireNot(type, Queryable.Type.BOOLEAN, b.position(), "BETWEEN");
            return "(" + scalar(b.value(), type) + (b.negated() ? " NOT" : "") + " BETWEEN " + scalar(b.low(), type)
                    + " AND " + scalar(b.high(), type) + ")";
        }
        if (node instanceof Cql2.In in) {
            List<Cql2> all = new ArrayList<>(in.list());
            all.add(0, in.value());
            Queryable.Type type = commonType(in.position(), all.toArray(Cql2[]::new));
            requireNot(type, Queryable.Type.GEOMETRY, in.position(), "IN");
            return "(" + scalar(in.value(), type) + (in.negated() ? " NOT" : "") + " IN ("
                    + in.list().stream().map(v -> scalar(v, type)).collect(Collectors.joining(", ")) + "))";
        }
        if (node instanceof Cql2.IsNull n) {
            if (!(n.value() instanceof Cql2.Property)) {
                throw new Cql2Exception(n.position(), "IS NULL applies to a property");
            }
            return "(" + property(n.value()).column + (n.negated() ? " IS NOT NULL)" : " IS NULL)");
        }
        if (node instanceof Cql2.Spatial s) {
            String function = switch (s.function()) {
                case "S_INTERSECTS" -> "ST_Intersects";
                case "S_WITHIN" -> "ST_Within";
                case "S_CONTAINS" -> "ST_Contains";
                default -> "ST_Disjoint";
            };
            return function + "(" + geometry(s.left()) + ", " + geometry(s.right()) + ")";
        }
        if (node instanceof Cql2.Temporal t) {
            return temporal(t);
        }
        throw new Cql2Exception(node.position(), "Expected a condition (a comparison, LIKE, BETWEEN, "
                + "IN, IS NULL, S_INTERSECTS or T_INTERSECTS), not a lone value");
    }

    private String temporal(Cql2.Temporal t) {
        String[] left = range(t.left());
        String[] right = range(t.right());
        // [a, b] and [c, d] intersect; a null upper end is open (still running, or '..')
        return "(daterange(" + left[0] + ", " + left[1] + ", '[]') && daterange(" + right[0] + ", " + right[1] + ", '[]'))";
    }

    /** Text columns search_text (V88) holds, lower-cased, whose own trigram indexes V88 dropped (title keeps one). */
    private static final java.util.Set<String> SEARCHED = java.util.Set.of("i.description", "i.location_name");

    /**
     * For {@code column [I]LIKE 'pattern'} on a column that search_text holds, a condition the trigram index of
     * search_text answers and every match meets, so an OGC client's filter on description or place is not a scan
     * of every incident (V88 replaced their own trigram indexes with that one): a value matching the pattern
     * (case-insensitively for ILIKE, which PostgreSQL decides as lower(value) LIKE lower(pattern)) lower-cased
     * matches the lower-cased pattern, and it is part of search_text, so search_text matches it with '%' on each
     * side. Never for NOT LIKE, which no index narrows, nor for a pattern ending with the escape character, which
     * PostgreSQL refuses and which must stay an error rather than be hidden by the index finding nothing.
     */
    private static String searchTextCondition(Cql2.Like like, String pattern) {
        if (like.negated() || !(like.value() instanceof Cql2.Property p) || !(like.pattern() instanceof Cql2.Text t)
                || t.value().endsWith("\\") || !SEARCHED.contains(property(p).column)) {
            return "";
        }
        return " AND i.search_text LIKE '%' || lower(" + pattern + ") || '%'";
    }

    /** The first and last day of a temporal operand, as SQL expressions (NULL for an open end). */
    private String[] range(Cql2 node) {
        if (node instanceof Cql2.Interval i) {
            return new String[] {intervalEnd(i.start()), intervalEnd(i.end())};
        }
        if (node instanceof Cql2.Day d) {
            String day = bind(d.value());
            return new String[] {day, day};
        }
        if (node instanceof Cql2.Property p) {
            Queryable q = property(p);
            if (q.type != Queryable.Type.DATE) {
                throw new Cql2Exception(p.position(), "'" + q.property + "' is not a date");
            }
            return new String[] {q.column, q.column};
        }
        throw new Cql2Exception(node.position(), "Expected a date property, a date or an interval");
    }

    private String intervalEnd(Cql2 end) {
        if (end == null) {
            return "CAST(NULL AS date)";
        }
        return range(end)[0];
    }

    private String geometry(Cql2 node) {
        if (node instanceof Cql2.Geometry g) {
            return filterCrs.toStorage("ST_GeomFromText(" + bind(g.wkt()) + ", " + filterCrs.srid() + ")");
        }
        Queryable q = property(node);
        if (q.type != Queryable.Type.GEOMETRY) {
            throw new Cql2Exception(node.position(), "'" + q.property + "' is not a geometry");
        }
        return q.column;
    }

    /** One side of a predicate as SQL: a column, or a bound value of {@code type}. */
    private String scalar(Cql2 node, Queryable.Type type) {
        if (node instanceof Cql2.Property p) {
            return property(p).column;
        }
        if (node instanceof Cql2.Text t && type == Queryable.Type.DATE) {
            return bind(Cql2Parser.date(t.position(), t.value()));
        }
        if (node instanceof Cql2.Text t && type == Queryable.Type.TEXT) {
            return bind(t.value());
        }
        if (node instanceof Cql2.Number n && type == Queryable.Type.INTEGER) {
            return n.whole() ? bind((long) n.value()) : bind(n.value());
        }
        if (node instanceof Cql2.Bool b && type == Queryable.Type.BOOLEAN) {
            return bind(b.value());
        }
        if (node instanceof Cql2.Day d && type == Queryable.Type.DATE) {
            return bind(d.value());
        }
        if (node instanceof Cql2.Text || node instanceof Cql2.Number || node instanceof Cql2.Bool
                || node instanceof Cql2.Day) {
            throw mismatch(node, type);
        }
        throw new Cql2Exception(node.position(), "A value or a property was expected here");
    }

    /** The type both sides share: a property's type wins; values alone compare as what they are. */
    private Queryable.Type commonType(int position, Cql2... nodes) {
        Queryable.Type type = null;
        for (Cql2 node : nodes) {
            if (node instanceof Cql2.Property p) {
                Queryable q = property(p);
                if (type != null && type != q.type) {
                    throw new Cql2Exception(p.position(), "'" + q.property + "' is " + name(q.type) + ", not " + name(type));
                }
                type = q.type;
            }
        }
        if (type != null) {
            return type;
        }
        Cql2 first = nodes[0];
        return first instanceof Cql2.Number ? Queryable.Type.INTEGER
                : first instanceof Cql2.Bool ? Queryable.Type.BOOLEAN
                : first instanceof Cql2.Day ? Queryable.Type.DATE : Queryable.Type.TEXT;
    }

    private static Queryable property(Cql2 node) {
        if (!(node instanceof Cql2.Property p)) {
            throw new Cql2Exception(node.position(), "A property was expected here");
        }
        return Queryable.named(p.name()).orElseThrow(() -> new Cql2Exception(p.position(), "Unknown queryable '"
                + (p.name().length() > 40 ? p.name().substring(0, 40) + "…" : p.name()) + "'; the queryables are "
                + Queryable.names()));
    }

    private static void requireNot(Queryable.Type type, Queryable.Type refused, int position, String what) {
        if (type == refused) {
            throw new Cql2Exception(position, name(refused) + " values cannot be used in " + what);
        }
    }

    private static Cql2Exception mismatch(Cql2 value, Queryable.Type expected) {
        return new Cql2Exception(value.position(), "Expected " + name(expected) + " value here");
    }

    private static String name(Queryable.Type type) {
        return switch (type) {
            case TEXT -> "a text";
            case INTEGER -> "a number";
            case DATE -> "a date";
            case BOOLEAN -> "a boolean";
            case GEOMETRY -> "a geometry";
        };
    }

    private String bind(Object value) {
        String name = "cql" + (++next);
        params.addValue(name, value);
        return value instanceof LocalDate ? "CAST(:" + name + " AS date)" : ":" + name;
    }
}
