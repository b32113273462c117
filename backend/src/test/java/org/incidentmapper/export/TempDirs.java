package org.incidentmapper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Checks that exports leave their temporary directory base empty. */
final class TempDirs {

    private TempDirs() {
    }

    /** Waits up to 20 s for {@code dir} to be empty (or missing), then fails listing what is left. */
    static void awaitEmpty(Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Files.exists(dir)) {
            try (Stream<Path> left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                try (Stream<Path> left = Files.walk(dir)) {
                    assertThat(left.skip(1)).as("left in " + dir).isEmpty();
                }
            }
            Thread.sleep(50);
        }
    }
}
