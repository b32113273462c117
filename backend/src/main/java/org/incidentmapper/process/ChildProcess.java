package org.incidentmapper.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One external command, run the one way this app runs commands: stdin closed, stdout and stderr together into a
 * temporary file (so a chatty child can never block on a full pipe, and the timeout always fires), the output kept
 * up to {@link #maxOutputBytes} (its head and its tail when longer), and an environment that holds only what is given
 * here: {@code PATH}, {@code LANG}, {@code HOME} (the temp directory) and the variables of {@link #withEnv}. Nothing
 * of the app's own environment (database passwords, {@code PG*} variables) reaches the child unless named.
 *
 * <p>On timeout or interruption the child and its descendants are killed.
 */
public record ChildProcess(List<String> command, Map<String, String> env, Path workDir, Duration timeout,
        int maxOutputBytes) {

    /** What a run gave: exit code (-1 when killed), the captured output, and whether it was killed for time. */
    public record Result(int exitCode, String output, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public ChildProcess {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /** {@code command} with a clean environment, the temp directory as working directory, 10 minutes, 64 KiB. */
    public static ChildProcess of(List<String> command) {
        return new ChildProcess(command, Map.of(), Path.of(System.getProperty("java.io.tmpdir")),
                Duration.ofMinutes(10), 64 * 1024);
    }

    public ChildProcess withEnv(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(more);
        return new ChildProcess(command, merged, workDir, timeout, maxOutputBytes);
    }

    public ChildProcess withTimeout(Duration limit) {
        return new ChildProcess(command, env, workDir, limit, maxOutputBytes);
    }

    public ChildProcess in(Path dir) {
        return new ChildProcess(command, env, dir, timeout, maxOutputBytes);
    }

    public ChildProcess withMaxOutput(int bytes) {
        return new ChildProcess(command, env, workDir, timeout, bytes);
    }

    /** The environment the child gets: the fixed base, then {@link #env}. */
    public Map<String, String> environment() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("PATH", PATH);
        all.put("LANG", "C.UTF-8");
        all.put("HOME", System.getProperty("java.io.tmpdir"));
        all.putAll(env);
        return all;
    }

    /**
     * Runs the command to its end or its timeout.
     *
     * @throws IOException when it cannot be started (missing program)
     * @throws InterruptedException when the calling thread is interrupted; the child has been killed
     */
    public Result run() throws IOException, InterruptedException {
        Path output = Files.createTempFile("child-process", ".out");
        Process process = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment());
            process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(process);
                throw e;
            }
            if (!finished) {
                kill(process);
                return new Result(-1, read(output), true);
            }
            return new Result(process.exitValue(), read(output), false);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            // a SIGKILLed process goes at once; wait so its files can be deleted
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The output file, or its first and last halves of {@link #maxOutputBytes} when longer. */
    private String read(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            if (size <= maxOutputBytes) {
                byte[] all = new byte[(int) size];
                in.readFully(all);
                return new String(all, StandardCharsets.UTF_8);
            }
            byte[] head = new byte[maxOutputBytes / 2];
            byte[] tail = new byte[maxOutputBytes / 2];
            in.readFully(head);
            in.seek(size - tail.length);
            in.readFully(tail);
            return new String(head, StandardCharsets.UTF_8) + "\n…(" + (size - head.length - tail.length)
                    + " bytes left out)…\n" + new String(tail, StandardCharsets.UTF_8);
        }
    }
}
