package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python side of the end-to-end tests: Debian's {@code /usr/bin/python3} with
 * {@code confluent_kafka}, numpy and the codec modules, in the virtual environment
 * {@code scripts/python-env.sh debian} makes, which has the {@code kafka_npy} package installed
 * from {@code python/} ({@code KAFKANPY_KAFKA_PYTHON} names another interpreter). Without them the
 * tests skip with a message, unless {@code KAFKANPY_REQUIRE_NUMPY=1} (as in CI), which makes that a
 * failure.
 */
final class PythonKafka {
    private static final String MODULES = "kafka_npy, confluent_kafka, kafka, numpy, zstandard, lz4.frame, snappy";
    private static String python;

    private PythonKafka() {
    }

    /** Skips (or, when required, fails) unless the Python side is installed. */
    static void assumeAvailable() {
        String problem = null;
        try {
            python = System.getenv().getOrDefault("KAFKANPY_KAFKA_PYTHON", venv("debian"));
            Process p = new ProcessBuilder(python, "-c", "import " + MODULES).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                problem = python + " cannot import " + MODULES + ": " + out.strip();
            }
        } catch (IOException e) {
            problem = "the Python environment cannot be made or run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (problem != null) {
            String hint = problem + ". Install them with: apt-get install python3-confluent-kafka python3-numpy "
                    + "python3-kafka python3-zstandard python3-lz4 python3-snappy";
            if ("1".equals(System.getenv("KAFKANPY_REQUIRE_NUMPY"))) {
                fail("KAFKANPY_REQUIRE_NUMPY=1 but " + hint);
            }
            Assumptions.abort("Python end-to-end tests skipped: " + hint);
        }
    }

    /** Runs a script under the Kafka-client interpreter and returns its standard output lines; fails the test on a non-zero exit. */
    static List<String> run(Path script, String... args) throws IOException, InterruptedException {
        return runWith(python, script, args);
    }

    /** Runs {@code python -m kafka_npy ARGS} under the Kafka-client interpreter and returns its output lines. */
    static List<String> runPackage(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("-m", "kafka_npy"));
        command.addAll(List.of(args));
        return execute(python, command);
    }

    /** Runs a script under an interpreter and returns its standard output lines; fails the test on a non-zero exit. */
    static List<String> runWith(String interpreter, Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        return execute(interpreter, command);
    }

    private static List<String> execute(String interpreter, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(interpreter));
        command.addAll(args);
        String what = String.join(" ", args);
        // output to a file, so that waitFor, not a blocking read of the pipe, decides when to give up
        Path stdout = Files.createTempFile("kafkanpy-python-", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(stdout.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(what + " did not finish within 3 minutes");
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail(what + " exited " + p.exitValue() + ":\n" + out);
            }
            return out.lines().filter(l -> !l.isBlank()).toList();
        } finally {
            Files.deleteIfExists(stdout);
        }
    }

    /**
     * The interpreter of a virtual environment with the kafka_npy package, made by
     * {@code scripts/python-env.sh}: {@code numpy2} over {@code python3}, {@code debian} over
     * Debian's {@code /usr/bin/python3} with its numpy 1.24 and Kafka clients.
     */
    static String venv(String name) throws IOException, InterruptedException {
        Path script = Paths.get(System.getProperty("kafkanpy.scriptsDir", "../scripts"), "python-env.sh");
        Process p = new ProcessBuilder("bash", script.toString(), name).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(script + " " + name + " failed");
        }
        return out;
    }

    static Path examples(String file) {
        return Paths.get(System.getProperty("kafkanpy.examplesPythonDir", "../examples/python"), file);
    }

    static Path tests(String file) {
        return Paths.get(System.getProperty("kafkanpy.pythonDir", "src/test/python"), file);
    }
}
