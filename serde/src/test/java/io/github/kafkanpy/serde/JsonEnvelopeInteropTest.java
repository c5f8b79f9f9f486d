package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSON envelopes against real numpy, 2.x ({@code python3}) and Debian's 1.24
 * ({@code /usr/bin/python3}): Python writes every array in every envelope form with {@code json}
 * and {@code base64} ({@code json_envelopes.py write}) and Java must read each as the array
 * {@code np.save} saved; Java writes each array and Python must decode it with json, base64 and
 * numpy alone into the same array, from text exactly as {@code json.dumps} writes it.
 */
@Tag("integration")
class JsonEnvelopeInteropTest {
    private final JsonArrayDeserializer deserializer = new JsonArrayDeserializer();
    private final JsonArraySerializer serializer = new JsonArraySerializer();

    @ParameterizedTest
    @ValueSource(strings = {"python3", "/usr/bin/python3"})
    void javaReadsEveryEnvelopeFormPythonWritesAsTheArrayNpSaveSaved(String python, @TempDir Path dir)
            throws IOException, InterruptedException {
        assumeNumpy(python);
        PythonKafka.runWith(python, PythonKafka.tests("json_envelopes.py"), "write", dir.toString());
        List<String> cases = Files.readAllLines(dir.resolve("cases.tsv"));
        Set<String> forms = new LinkedHashSet<>();
        for (String line : cases) {
            String[] f = line.split("\t");
            NdArray expected = Npy.read(Files.readAllBytes(dir.resolve(f[0] + ".npy")));
            NdArray got = deserializer.deserialize("t", Files.readAllBytes(dir.resolve(f[0] + "." + f[1] + ".json")));
            String what = f[0] + " as " + f[1];
            assertEquals(expected.dtype(), got.dtype(), what);
            assertEquals(Arrays.toString(expected.shape()), Arrays.toString(got.shape()), what);
            assertEquals(Canonical.sha256(expected), Canonical.sha256(got), what);
            if (f[1].equals("object") || f[1].equals("wrapped")) {
                assertEquals(expected.fortranOrder(), got.fortranOrder(), what);
            }
            forms.add(f[1]);
        }
        assertEquals(Set.of("object", "wrapped", "lists", "triple"), forms);
        assertEquals(576, cases.size(), "envelopes written by " + python);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3", "/usr/bin/python3"})
    void pythonDecodesEveryEnvelopeJavaWritesWithJsonBase64AndNumpyAlone(String python, @TempDir Path dir)
            throws IOException, InterruptedException {
        assumeNumpy(python);
        PythonKafka.runWith(python, PythonKafka.tests("json_envelopes.py"), "write", dir.toString());
        Set<String> names = new LinkedHashSet<>();
        for (String line : Files.readAllLines(dir.resolve("cases.tsv"))) {
            names.add(line.split("\t")[0]);
        }
        for (String name : names) {
            NdArray array = Npy.read(Files.readAllBytes(dir.resolve(name + ".npy")));
            Files.write(dir.resolve(name + ".java.json"), serializer.serialize("t", array));
        }
        List<String> checked = PythonKafka.runWith(python, PythonKafka.tests("json_envelopes.py"), "verify", dir.toString());
        assertEquals(names.size(), checked.size(), String.join("\n", checked));
    }

    private static void assumeNumpy(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
        if (!ok && "1".equals(System.getenv("KAFKANPY_REQUIRE_NUMPY"))) {
            fail("KAFKANPY_REQUIRE_NUMPY=1 but " + python + " has no numpy: " + out);
        }
        Assumptions.assumeTrue(ok, () -> python + " has no numpy, JSON interop skipped: " + out);
    }
}
