package io.github.kafkanpy.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One of the examples' programs run as a real process, the way a user runs it: its own JVM with the
 * test classpath, and its own temporary folder, so that what it leaves there is its own and nothing
 * else's. It is killed if it is still running after three minutes.
 */
final class ChildJvm implements AutoCloseable {
    /** The exit status of a JVM that SIGTERM ended. */
    static final int SIGTERM_EXIT = 128 + 15;
    private static final Duration LIFETIME = Duration.ofMinutes(3);

    private final Process process;
    private final Path tmp;
    private final Path stderr;
    private final BufferedReader stdout;

    private ChildJvm(Process process, Path tmp, Path stderr) {
        this.process = process;
        this.tmp = tmp;
        this.stderr = stderr;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code main} with {@code java.io.tmpdir} set to {@code work/tmp}; its standard error
     * goes to {@code work/stderr.log}.
     */
    static ChildJvm start(Path work, Class<?> main, String... args) throws IOException {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Path stderr = work.resolve("stderr.log");
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-Dkafkanpy.examplesPythonDir=" + System.getProperty("kafkanpy.examplesPythonDir", ""),
                "-Dkafkanpy.scriptsDir=" + System.getProperty("kafkanpy.scriptsDir", ""),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        // a hung program ends, and so does a test's blocked read of its output
        CompletableFuture.delayedExecutor(LIFETIME.toSeconds(), TimeUnit.SECONDS).execute(process::destroyForcibly);
        return new ChildJvm(process, tmp, stderr);
    }

    /** @return the next line of its standard output, or null once that has ended */
    String readLine() throws IOException {
        return stdout.readLine();
    }

    /** @return the lines of its standard output up to and including the first that matches, or all of them */
    List<String> readUntil(Predicate<String> last) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
            lines.add(line);
            if (last.test(line)) {
                break;
            }
        }
        return lines;
    }

    /** Waits up to a minute for its standard error to contain a text; false if it does not, or the program ended first. */
    boolean awaitInStderr(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!stderr().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    /** Closes its standard input. */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Sends it SIGTERM, as {@code kill} does; its standard input stays open. */
    void terminate() {
        process.toHandle().destroy();
    }

    /**
     * Sends it SIGTERM and closes its standard input at once, as {@link Process#destroy()} does, and
     * as happens when the terminal or the parent process that runs it goes away.
     */
    void terminateAndCloseStdin() {
        process.destroy();
    }

    /** Kills it with SIGKILL, as a crash or {@code kill -9} would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits up to a minute for it to exit; returns its exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("still running a minute later; standard error:\n" + stderr());
        }
        return process.exitValue();
    }

    /** @return the names of the {@code kafka-npy-*} entries in its temporary folder */
    List<String> leftovers() throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("kafka-npy-")).sorted().toList();
        }
    }

    /** @return what it wrote to standard error so far */
    String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills it if a failed test left it running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
