package org.incidentmapper;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole app on a random port against the private test PostGIS (application-test.properties), loaded with
 * {@code fixtures/filter-fixtures.geojson}, with one account per role ({@link TestAccounts}). Tagged "integration": it runs
 * in {@code mvn verify} (failsafe), not in the unit tier of {@code mvn test}. Every test class with
 * this annotation shares one app and one cluster.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestAccounts.class)
public @interface MapperIntegrationTest {
}
