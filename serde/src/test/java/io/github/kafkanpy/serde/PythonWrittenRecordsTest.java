package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.npy.NdArray;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the Python package writes, Java reads, under numpy 2 and numpy 1.24 alike: every record of
 * {@code python_records.py} (kafka_npy.encode and encode_raw with every codec, np.save with
 * Python's own codec modules), written to files and read by the deserializers bit for bit. The
 * same records go through a real broker under Debian's Python in {@link PythonEndToEndTest}.
 */
@Tag("integration")
class PythonWrittenRecordsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"numpy2", "debian"})
    void javaReadsEveryRecordThePythonPackageWrites(String env, @TempDir Path dir) throws Exception {
        PythonKafka.assumeAvailable();
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> read = new TreeMap<>();
        for (String line : PythonKafka.runWith(PythonKafka.venv(env), PythonKafka.tests("py_write_records.py"),
                dir.toString())) {
            String[] f = line.split("\t", -1);
            expected.put(f[1], f[2] + " " + f[3] + " " + f[4]);
            byte[] value = Files.readAllBytes(dir.resolve(f[0] + ".value"));
            Path headerFile = dir.resolve(f[0] + ".headers");
            NdArray array;
            if (Files.exists(headerFile)) {
                Headers headers = new RecordHeaders();
                for (String h : Files.readAllLines(headerFile, StandardCharsets.UTF_8)) {
                    int eq = h.indexOf('=');
                    headers.add(h.substring(0, eq), h.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
                }
                array = new RawArrayDeserializer().deserialize("t", headers, value);
            } else {
                array = new NpyDeserializer().deserialize("t", value);
            }
            read.put(f[1], PythonEndToEndTest.describe(array));
        }
        assertTrue(expected.size() >= 8 * 15, "records written: " + expected.size());
        assertEquals(expected, read, "dtype, shape and checksum of every record Python wrote");
    }
}
