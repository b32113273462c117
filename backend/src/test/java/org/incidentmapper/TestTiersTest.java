package org.incidentmapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The unit tier ({@code mvn test}) must run without a database or a browser: every test class that starts the app
 * is tagged "integration" (directly or through {@link MapperIntegrationTest} / {@link WriteIntegrationTest}), so it
 * runs in failsafe and a forgotten tag cannot slow the fast loop or break it on a machine without PostGIS.
 */
class TestTiersTest {

    @Test
    void everyClassThatStartsTheAppIsInTheIntegrationTier() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(SpringBootTest.class, true));
        List<String> untagged = new java.util.ArrayList<>();
        List<String> found = new java.util.ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("org.incidentmapper")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            found.add(type.getSimpleName());
            boolean integration = AnnotatedElementUtils.findAllMergedAnnotations(type, Tag.class).stream()
                    .anyMatch(tag -> tag.value().equals("integration"));
            if (!integration) {
                untagged.add(type.getName());
            }
        }
        assertThat(found).as("the scan sees the integration tests").contains("IncidentApiTest", "ImportApiTest");
        assertThat(untagged).as("@SpringBootTest classes without @Tag(\"integration\")").isEmpty();
    }
}
