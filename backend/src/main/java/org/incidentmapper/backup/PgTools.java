package org.incidentmapper.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs PostgreSQL's client programs (pg_dump, pg_restore) from the newest {@code /usr/lib/postgresql/N/bin}, the
 * directory the private cluster's server comes from, with a timeout that kills the program when it passes.
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

    /** Runs {@code program arguments…} with {@code env} added to this process's environment. */
    Result run(String program, List<String> arguments, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(binDir.resolve(program).toString());
        command.addAll(arguments);
        Path log = null;
        try {
            log = Files.createTempFile("mapper-" + program, ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, program + " did not finish within " + timeout + " and was stopped");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, program + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, program + " interrupted");
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
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
