package org.incidentmapper.category;

import java.util.List;
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

    /** Every category with its count, first and last date, from the precomputed counts (V31). */
    List<Category> listWithCounts() {
        return jdbc.sql("""
                SELECT key, label, colour, period, sensitive, visible_count(n, sensitive) AS count,
                       CASE WHEN visible_count(n, sensitive) IS NULL THEN NULL ELSE first_date END AS first_date,
                       CASE WHEN visible_count(n, sensitive) IS NULL THEN NULL ELSE last_date END AS last_date
                FROM (SELECT c.key, c.label, c.colour, c.is_period AS period, c.sensitive, c.sort_order,
                             CAST(coalesce(sum(m.n), 0) AS bigint) AS n, min(m.first_start) AS first_date,
                             max(m.last_date) AS last_date
                      FROM category c LEFT JOIN incident_month_count m ON m.category = c.key
                      GROUP BY c.key) counted
                ORDER BY sort_order, key""")
                .query(Category.class).list();
    }
}
