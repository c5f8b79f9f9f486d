package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The numpy side of the interop tests: runs the committed {@code npy_corpus.py} with a real
 * Python and numpy, once per interpreter, and reads back what it wrote.
 *
 * <p>The default interpreter is {@code python3} (override with {@code KAFKANPY_PYTHON}); Debian's
 * numpy 1.24 is {@code /usr/bin/python3}. An interpreter without numpy skips the tests with a
 * message, unless {@code KAFKANPY_REQUIRE_NUMPY=1}, which turns that into a failure so CI can
 * never skip them silently.
 */
final class NumpyCorpus {
    /** numpy 2.x, as installed for the default {@code python3}. */
    static final String DEFAULT_PYTHON = System.getenv().getOrDefault("KAFKANPY_PYTHON", "python3");
    /** Debian's {@code python3-numpy} (1.24 on bookworm). */
    static final String DEBIAN_PYTHON = "/usr/bin/python3";

    private static final Map<String, NumpyCorpus> CACHE = new ConcurrentHashMap<>();

    final String python;
    final String numpyVersion;
    final Path dir;
    final List<Case> cases;

    /** One array numpy saved: its file, dtype, shape, layout and element bits in C order. */
    record Case(String name, String descr, int[] shape, boolean fortran, long[] bits) {
        @Override
        public String toString() {
            return name;
        }
    }

    private NumpyCorpus(String python, String numpyVersion, Path dir, List<Case> cases) {
        this.python = python;
        this.numpyVersion = numpyVersion;
        this.dir = dir;
        this.cases = cases;
    }

    /** The corpus written by {@code python}'s numpy, or a skipped (or, when required, failed) test. */
    static NumpyCorpus of(String python) {
        return CACHE.computeIfAbsent(python, NumpyCorpus::create);
    }

    private static NumpyCorpus create(String python) {
        String version = numpyVersion(python);
        try {
            Path dir = Files.createTempDirectory("kafkanpy-corpus");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            run(python, "write", dir);
            List<Case> cases = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("cases.tsv"))) {
                String[] f = line.split("\t", -1);
                int[] shape = f[2].isEmpty() ? new int[0]
                        : java.util.Arrays.stream(f[2].split(",")).mapToInt(Integer::parseInt).toArray();
                long[] bits = f[4].isEmpty() ? new long[0]
                        : java.util.Arrays.stream(f[4].split(" ")).mapToLong(h -> Long.parseUnsignedLong(h, 16)).toArray();
                cases.add(new Case(f[0], f[1], shape, f[3].equals("1"), bits));
            }
            return new NumpyCorpus(python, version, dir, cases);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the corpus script in a mode and returns its output; fails the test on a non-zero exit. */
    static String run(String python, String mode, Path dir) {
        return exec(python + " npy_corpus.py " + mode, python, script().toString(), mode, dir.toString());
    }

    /**
     * Runs another committed script of {@code src/test/python} in a mode with {@code python}'s
     * numpy and returns its output; skips the test (fails it when numpy is required) without numpy.
     */
    static String runScript(String python, String script, String mode, Path dir) {
        numpyVersion(python);
        return exec(python + " " + script + " " + mode, python, script().resolveSibling(script).toString(), mode,
                dir.toString());
    }

    /**
     * Runs a Python program given as text with {@code python}'s numpy, {@code dir} its argument,
     * and returns its output; skips the test (fails it when numpy is required) without numpy.
     */
    static String runProgram(String python, String program, Path dir) {
        numpyVersion(python);
        return exec(python + " -c", python, "-c", program, dir.toString());
    }

    private static String exec(String what, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                fail(what + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path script() {
        String configured = System.getProperty("kafkanpy.corpusScript");
        return configured != null ? Paths.get(configured) : Paths.get("src/test/python/npy_corpus.py");
    }

    static String numpyVersion(String python) {
        String problem;
        try {
            Process p = new ProcessBuilder(python, "-c", "import numpy; print(numpy.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0) {
                return out;
            }
            problem = python + " has no numpy: " + out.lines().reduce((a, b) -> b).orElse("");
        } catch (IOException e) {
            problem = python + " cannot be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        String hint = problem + ". Install numpy for it (Debian: apt-get install python3-numpy) or point "
                + "KAFKANPY_PYTHON at a python3 with numpy.";
        if ("1".equals(System.getenv("KAFKANPY_REQUIRE_NUMPY"))) {
            fail("KAFKANPY_REQUIRE_NUMPY=1 but " + hint);
        }
        Assumptions.abort("numpy interop tests skipped: " + hint);
        throw new AssertionError("unreachable");
    }

    /** Deletes a directory and everything in it; {@code File.deleteOnExit} deletes only empty ones. */
    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
