package org.incidentmapper.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one process runner: its timeout fires however much the child writes, its output is bounded, its environment clean. */
class ChildProcessTest {

    @Test
    void timeoutFiresWhileTheChildFloodsItsOutput() throws Exception {
        long started = System.nanoTime();
        ChildProcess.Result r = ChildProcess.of(List.of("sh", "-c", "head -c 20000000 /dev/zero | tr '\\0' x; sleep 60"))
                .withTimeout(Duration.ofSeconds(2)).withMaxOutput(1000).run();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertThat(r.timedOut()).isTrue();
        assertThat(r.ok()).isFalse();
        assertThat(seconds).isLessThan(20);
        assertThat(r.output().length()).isLessThan(1200);
        assertThat(r.output()).contains("bytes left out");
    }

    @Test
    void theChildSeesOnlyTheEnvironmentItIsGiven() throws Exception {
        ChildProcess.Result r = ChildProcess.of(List.of("env")).withEnv(Map.of("GDAL_SKIP", "VRT")).run();
        assertThat(r.ok()).isTrue();
        assertThat(r.output().lines().map(l -> l.substring(0, l.indexOf('='))).sorted().toList())
                .containsExactly("GDAL_SKIP", "HOME", "LANG", "PATH");
    }

    @Test
    void exitCodeAndOutputArePassedOn() throws Exception {
        ChildProcess.Result r = ChildProcess.of(List.of("sh", "-c", "echo out; echo err >&2; exit 3")).run();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).contains("out").contains("err");
        assertThat(r.timedOut()).isFalse();
    }
}
