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

    List<Category> listWithCounts() {
        return jdbc.sql("""
                SELECT c.key, c.label, c.colour, c.is_period AS period, count(i.id) AS count,
                       min(i.start_date) AS first_date, max(coalesce(i.end_date, i.start_date)) AS last_date
                FROM category c LEFT JOIN incident i ON i.category = c.key
                GROUP BY c.key
                ORDER BY c.sort_order, c.key""")
                .query(Category.class).list();
    }
}
