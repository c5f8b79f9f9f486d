package io.github.kafkanpy.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmarks' smoke mode, run in CI so they cannot rot: every JMH benchmark for one short
 * iteration (no timing is judged), then each report program in its quick mode. The end-to-end report
 * (embedded broker) and the Python benchmark (python3) are in the integration tier.
 */
class BenchmarksSmokeTest {

    @Test
    void everyJmhBenchmarkRunsOnceAndTheReportReadsItsResults(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh-smoke.json");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("io.github.kafkanpy.benchmarks.*Benchmark.*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build()).run();
        assertEquals(8 * 5 + 16 * 4 + 2 * 4 * 3 + 2 * 4, results.size(), "every benchmark and dataset ran");
        String report = capture(() -> JmhReport.main(new String[] {json.toString()}));
        assertTrue(report.contains("| emb2KiB |") && report.contains("| f32_16MiB | Jackson JSON (float[] as numbers) |")
                && report.contains("| f32_16MiB | kafka-npy JSON envelope (base64) |")
                && report.contains("| adc4096x4 | 3 | delta-shuffle |") && report.contains("| embeddings32x512 |"), report);
    }

    @Test
    void theFilterReportPrintsItsTablesAndExportsItsDataSets(@TempDir Path dir) throws Exception {
        String report = capture(() -> FilterReport.main(new String[] {"--export", dir.toString()}));
        assertTrue(report.contains("| sensor4096x8 | 131200 | zstd | 3 |") && report.contains("| adc | [16, 4] |")
                && report.contains("| 300 (the example's) |"), report);
        for (String set : Datasets.FILTER_SETS) {
            assertEquals(io.github.kafkanpy.npy.Npy.toBytes(Datasets.filterSet(set)).length,
                    java.nio.file.Files.size(dir.resolve(set + ".npy")));
        }
    }

    @Test
    void theCompressionReportRunsInQuickMode() throws Exception {
        String report = capture(() -> CompressionReport.main(new String[] {"--quick"}));
        assertTrue(report.contains("| uint8 image (224, 224, 3) | zstd | 3 |"), report);
    }

    @Test
    @Tag("integration")
    void theEndToEndReportRunsInQuickModeOnTheEmbeddedBroker() throws Exception {
        String report = capture(() -> EndToEndReport.main(new String[] {"--quick"}));
        assertTrue(report.contains("| 1 MiB | RawArraySerde |"), report);
    }

    @Test
    @Tag("integration")
    void theSoakReportRunsInQuickModeAndDrawsItsChart(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("soak.png");
        String report = capture(() -> SoakReport.main(new String[] {"--quick", "--png", png.toString()}));
        assertTrue(report.contains("| time (s) | records/s |") && report.contains("Heap after GC over the last 80%")
                && report.contains("| NPY (1 KiB float32) |") && report.contains("| raw (1 KiB float32) |"), report);
        assertTrue(javax.imageio.ImageIO.read(png.toFile()).getWidth() > 0, "a PNG was written");
    }

    @Test
    @Tag("integration")
    void thePythonPackageBenchmarkRunsInQuickMode() throws Exception {
        // the package installed from python/ into the numpy 2 venv, as benchmarks/run-all.sh runs it
        Process env = new ProcessBuilder("bash", Path.of(System.getProperty("kafkanpy.scriptsDir", "../scripts"),
                "python-env.sh").toString(), "numpy2").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String python = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, env.waitFor(), "scripts/python-env.sh numpy2");
        Process p = new ProcessBuilder(python,
                Path.of(System.getProperty("kafkanpy.benchmarksPythonDir", "python"), "bench.py").toString(), "--quick")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("| 2 KiB float32 (512,) |") && out.contains("| snappy |"), out);
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static String capture(Body body) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }
}
