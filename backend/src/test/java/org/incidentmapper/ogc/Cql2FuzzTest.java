package org.incidentmapper.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Hostile and random filters: the parser and the SQL writer either refuse with a {@link Cql2Exception} (a 400
 * naming a position inside the filter) or produce SQL whose only words are the allow-listed columns, fixed
 * operators and bound parameters — never text of the filter.
 */
class Cql2FuzzTest {

    static final List<String> TOKENS = List.of("category", "title", "startDate", "endDate", "victimsCount", "geometry",
            "sensitive", "secret", "pg_sleep(10)", "'raid'", "'x'' OR ''1''=''1'", "'%'", "'2022-01-01'", "1", "-2.5",
            "1e308", "1e999", "TRUE", "NULL", "=", "<>", "<", ">=", "AND", "OR", "NOT", "LIKE", "ILIKE", "IN", "BETWEEN",
            "IS", "(", ")", ",", ";", "--", "/*", "*/", "\"", "'", "DATE('2022-02-30')", "TIMESTAMP('x')",
            "INTERVAL('..', '2022-01-01')", "S_INTERSECTS(", "T_INTERSECTS(", "POINT(1 2)", "POLYGON((0 0, 1 1))",
            "BBOX(1,2,3,4)", "DROP TABLE incident", "$$", "\\", "\u0000", "ក្រុង", "西港", "E'\\x41'", "::text",
            "CASE WHEN", "UNION SELECT password FROM account");

    static final Pattern SAFE_TOKEN = Pattern.compile(
            "(?:[()\\s,]|:cql\\d+|i\\.[a-z_]+|AND|OR|NOT|TRUE|FALSE|IS|NULL|LIKE|ILIKE|IN|BETWEEN|[=<>]+|CAST|AS|date|"
                    + "daterange|'\\[\\]'|&&|ST_(?:Intersects|Within|Contains|Disjoint|GeomFromText|FlipCoordinates|Transform)|"
                    + "4326|3857)");

    @Test
    void randomTokenSoupIsRefusedOrBecomesSafeSql() {
        Random random = new Random(20261130);
        int accepted = 0;
        for (int run = 0; run < 20_000; run++) {
            StringBuilder filter = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                filter.append(TOKENS.get(random.nextInt(TOKENS.size()))).append(random.nextBoolean() ? " " : "");
            }
            accepted += check(filter.toString());
        }
        // the soup holds valid filters too, so both outcomes are exercised
        assertThat(accepted).isGreaterThan(20);
    }

    @Test
    void randomCharactersAndDeepNesting() {
        Random random = new Random(7);
        for (int run = 0; run < 5_000; run++) {
            char[] chars = new char[1 + random.nextInt(60)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000));
            }
            check(new String(chars));
        }
        check("(".repeat(5000) + "TRUE" + ")".repeat(5000));
        check("NOT ".repeat(5000) + "TRUE");
        check("category IN (" + "'a',".repeat(3000) + "'b')");
        check("S_INTERSECTS(geometry, POLYGON((" + "1 1,".repeat(20000) + "1 1)))");
    }

    /** 1 when the filter became SQL, 0 when it was refused; anything else fails the test. */
    static int check(String filter) {
        try {
            MapSqlParameterSource params = new MapSqlParameterSource();
            String sql = Cql2Sql.where(Cql2Parser.parse(filter), params, OgcCrs.CRS84);
            assertThat(SAFE_TOKEN.matcher(sql).replaceAll("")).as(filter + " → " + sql).isEmpty();
            return 1;
        } catch (Cql2Exception e) {
            assertThat(e.position()).as(filter).isBetween(0, filter.length());
            return 0;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("filter " + filter + " threw " + e, e);
        }
    }
}
