package org.incidentmapper.category;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    List<Category> listWithCounts() {
        return jdbc.sql("""
                SELECT key, label, colour, period, sensitive, visible_count(n, sensitive) AS count,
                       CASE WHEN visible_count(n, sensitive) IS NULL THEN NULL ELSE first_date END AS first_date,
                       CASE WHEN visible_count(n, sensitive) IS NULL THEN NULL ELSE last_date END AS last_date
                FROM (SELECT c.key, c.label, c.colour, c.is_period AS period, c.sensitive, c.sort_order,
                             count(i.id) AS n, min(i.start_date) AS first_date,
                             max(coalesce(i.end_date, i.start_date)) AS last_date
                      FROM category c LEFT JOIN incident i ON i.category = c.key
                      GROUP BY c.key) counted
                ORDER BY sort_order, key""")
                .query(Category.class).list();
    }
}
