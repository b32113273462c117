package org.incidentmapper.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.incidentmapper.process.ChildProcess;

/**
 * Runs PostgreSQL's client programs (pg_dump, pg_restore) from the newest {@code /usr/lib/postgresql/N/bin}, the
 * directory the private cluster's server comes from, through {@link ChildProcess} with a timeout.
 */
final class PgTools {

    private final Path binDir;
    private final Duration timeout;

    PgTools(Duration timeout) {
        this.binDir = findBinDir();
        this.timeout = timeout;
    }

    /** What a finished program printed (stdout and stderr together). */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code program arguments…} through the app's one process runner: a clean environment plus {@code env}
     * (the libpq variables, password included, reach this child only).
     */
    Result run(String program, List<String> arguments, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(binDir.resolve(program).toString());
        command.addAll(arguments);
        try {
            ChildProcess.Result result = ChildProcess.of(command).withEnv(env).withTimeout(timeout).run();
            return result.timedOut() ? new Result(-1, program + " did not finish within " + timeout + " and was stopped")
                    : new Result(result.exitCode(), result.output());
        } catch (IOException e) {
            return new Result(-1, program + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, program + " interrupted");
        }
    }

    private static Path findBinDir() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("pg_dump")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("pg_dump not found under " + root
                    + ": install it with 'apt-get install postgresql-15'", e);
        }
    }
}
