package org.incidentmapper.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * A cluster whose owner was killed ({@code kill -9}, so no shutdown hook ran) is adopted by the next start, which
 * then stops it on exit; a cluster whose owner still runs is reused and left running.
 */
@Tag("integration")
class OrphanClusterTest {

    static final Path DIR = Path.of("target/pgorphan").toAbsolutePath();
    static int port;

    @BeforeAll
    static void fresh() throws IOException {
        clean();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
    }

    @AfterAll
    static void clean() throws IOException {
        if (Files.exists(DIR.resolve("PG_VERSION"))) {
            PrivatePostgis leftover = new PrivatePostgis(DIR, 0, false);
            if (leftover.isRunning()) {
                leftover.forceStop();
            }
        }
        FileSystemUtils.deleteRecursively(DIR);
        for (String suffix : new String[] {".password", ".app-password", ".owner"}) {
            Files.deleteIfExists(DIR.resolveSibling(DIR.getFileName() + suffix));
        }
    }

    @Test
    void aClusterWhoseOwnerWasKilledIsAdoptedAndStoppedOnExit() throws Exception {
        new PrivatePostgis(DIR, port, false).start("orphan_test");
        // the process that started it dies with SIGKILL: a stand-in recorded as the owner, then killed
        Process owner = new ProcessBuilder("sleep", "600").start();
        new PrivatePostgis(DIR, port, false).recordOwner(owner.toHandle());
        owner.destroyForcibly().waitFor();

        PrivatePostgis next = new PrivatePostgis(DIR, port, false);
        assertThat(next.isRunning()).isTrue();
        assertThat(next.liveOwner()).isEmpty();
        next.start("orphan_test");
        assertThat(next.liveOwner()).map(ProcessHandle::pid).hasValue(ProcessHandle.current().pid());
        next.stop();
        assertThat(next.isRunning()).isFalse();
    }

    @Test
    void aClusterWhoseOwnerRunsIsReusedAndLeftRunning() throws Exception {
        PrivatePostgis owner = new PrivatePostgis(DIR, port, false);
        owner.start("orphan_test");
        // a command-line import beside the running app: same data directory, owner alive
        Process app = new ProcessBuilder("sleep", "600").start();
        try {
            owner.recordOwner(app.toHandle());
            PrivatePostgis beside = new PrivatePostgis(DIR, port, false);
            beside.start("orphan_test");
            beside.stop();
            assertThat(beside.isRunning()).isTrue();
            assertThat(beside.liveOwner()).map(ProcessHandle::pid).hasValue(app.pid());
        } finally {
            app.destroyForcibly().waitFor();
            owner.forceStop();
        }
        assertThat(owner.isRunning()).isFalse();
    }
}
