package org.incidentmapper;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Like {@link MapperIntegrationTest}, for tests that create, edit, delete and import incidents: their app has a
 * private PostGIS cluster of its own (same fixtures), so the read-only tests keep counting the fixtures alone.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestAccounts.class)
@TestPropertySource(properties = {"mapper.db.data-dir=target/pgtest-write", "mapper.import.batch-size=100",
    "spring.servlet.multipart.max-file-size=2MB", "spring.servlet.multipart.max-request-size=2MB"})
public @interface WriteIntegrationTest {
}
