package org.incidentmapper.category;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.incidentmapper.security.Visibility;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the category table. */
@Repository
public class CategoryRepository {

    private final JdbcClient jdbc;

    CategoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every category key; what a {@code category=} filter may name. */
    public Set<String> keys() {
        return Set.copyOf(jdbc.sql("SELECT key FROM category").query(String.class).list());
    }

    /** Whether incidents of this category last a period (a compound) rather than one day (a raid). */
    public boolean isPeriod(String key) {
        return jdbc.sql("SELECT is_period FROM category WHERE key = :key").param("key", key)
                .query(Boolean.class).optional().orElse(false);
    }

    /** Every category's key and label, in display order: the allowed values of an incident's category. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        jdbc.sql("SELECT key, label FROM category ORDER BY sort_order, key")
                .query((row, n) -> labels.put(row.getString(1), row.getString(2))).list();
        return labels;
    }

    /**
     * Every category with what the caller may count of it (from {@code counted_incident}, see V15): for viewers a
     * sensitive category counts only its cells of at least k incidents, {@code withheld} says that some were left
     * out, and the count and dates are null when nothing is left; {@code listed} says whether its incidents are
     * listed one by one for this caller. A viewer's counts are read from generalised.counted_edge (V86), which is
     * counted_incident grouped by public province and month edge (kept on write; withheld cells as rows of their own
     * with n = 0): every incident or cell starts in one month, so the same numbers without a row per incident.
     */
    List<Category> listWithCounts() {
        if (Visibility.current() == Visibility.FULL) {
            // an analyst counts every incident: the month edges (V71, kept with V31's counts) say the same without
            // reading them all, from one row per key and month (every incident starts in one month and ends in one)
            return jdbc.sql("""
                    SELECT c.key, c.label, c.colour, c.is_period AS period, c.sensitive,
                           CAST(coalesce(sum(m.starts), 0) AS bigint) AS count, min(m.first_start) AS first_date,
                           max(m.last_date) AS last_date, false AS withheld, true AS listed
                    FROM category c LEFT JOIN incident_month_edge m ON m.category = c.key
                    GROUP BY c.key
                    ORDER BY c.sort_order, c.key""")
                    .query(Category.class).list();
        }
        return jdbc.sql("""
                SELECT key, label, colour, period, sensitive,
                       CASE WHEN n = 0 AND some_withheld THEN NULL ELSE visible_count(n, sensitive) END AS count,
                       CASE WHEN n > 0 AND visible_count(n, sensitive) IS NOT NULL THEN first_date END AS first_date,
                       CASE WHEN n > 0 AND visible_count(n, sensitive) IS NOT NULL THEN last_date END AS last_date,
                       some_withheld OR visible_count(n, sensitive) IS NULL AS withheld,
                       category_listed_below_analyst(key) OR current_user <> 'mapper_generalised' AS listed
                FROM (SELECT c.key, c.label, c.colour, c.is_period AS period, c.sensitive, c.sort_order,
                             CAST(coalesce(sum(i.starts) FILTER (WHERE NOT i.withheld), 0) AS bigint) AS n,
                             coalesce(bool_or(i.withheld), false) AS some_withheld,
                             min(i.first_start) FILTER (WHERE NOT i.withheld) AS first_date,
                             max(i.last_date) FILTER (WHERE NOT i.withheld) AS last_date
                      FROM category c LEFT JOIN generalised.counted_edge i ON i.category = c.key
                      GROUP BY c.key) counted
                ORDER BY sort_order, key""")
                .query(Category.class).list();
    }
}
