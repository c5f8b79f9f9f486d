package io.github.kafkanpy.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bytes representation against real numpy, both ways and under numpy 2 and Debian's numpy
 * 1.24: what a byte-array sink stores from a raw-variant record is a file {@code np.load} opens to
 * the same array, and a file {@code np.save} wrote goes through the converter and comes out as
 * the very same bytes.
 */
@Tag("integration")
class NumpyFilesTest {
    private static final String TOPIC = "files";

    static Stream<String> pythons() {
        List<String> found = new ArrayList<>();
        found.add(System.getenv().getOrDefault("KAFKANPY_PYTHON", "python3"));
        if (Files.isExecutable(Path.of("/usr/bin/python3")) && !found.contains("/usr/bin/python3")) {
            found.add("/usr/bin/python3");
        }
        return found.stream();
    }

    private static NpyConverter converter(Map<String, ?> configs) {
        NpyConverter c = new NpyConverter();
        c.configure(configs, false);
        return c;
    }

    private static String python(String python, Path dir, String program) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c", program, dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @ParameterizedTest
    @MethodSource("pythons")
    void npLoadOpensTheFileASinkStoresFromARawRecord(String python, @TempDir Path dir) throws Exception {
        NdArray array = NdArray.of(DType.UINT64, new long[] {-1L, 1L << 63, 7, 8, 9, 10}, 2, 3).toFortranOrder();
        Headers headers = new RecordHeaders();
        byte[] raw = new RawArraySerializer(Compression.LZ4).serialize(TOPIC, headers, array);
        SchemaAndValue file = converter(Map.of("npy.connect.representation", "bytes")).toConnectData(TOPIC, headers, raw);
        Files.write(dir.resolve("record.npy"), (byte[]) file.value());
        String out = python(python, dir, String.join("\n",
                "import sys, os, numpy as np",
                "a = np.load(os.path.join(sys.argv[1], 'record.npy'), allow_pickle=False)",
                "print(a.dtype.str, a.shape, np.isfortran(a), a.tolist())"));
        assertEquals("<u8 (2, 3) True [[18446744073709551615, 9223372036854775808, 7], [8, 9, 10]]", out.strip());
    }

    @ParameterizedTest
    @MethodSource("pythons")
    void filesNpSaveWroteComeBackFromTheConverterByteForByte(String python, @TempDir Path dir) throws Exception {
        String names = python(python, dir, String.join("\n",
                "import sys, os, numpy as np",
                "arrays = {",
                "  'i8': np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max]),",
                "  'f2': np.array([1.5, np.nan, -np.inf], dtype=np.float16),",
                "  'c8': np.array([[1 + 2j, 3 - 4j]], dtype=np.complex64),",
                "  'U3': np.array(['ab', 'xyz']),",
                "  'f8F': np.asfortranarray(np.arange(6.0).reshape(2, 3)),",
                "  'be': np.array([1, 2], dtype='>i4'),",
                "}",
                "for name, a in arrays.items():",
                "    np.save(os.path.join(sys.argv[1], name + '.npy'), a)",
                "print(' '.join(arrays))"));
        NpyConverter struct = converter(Map.of());
        NpyConverter bytes = converter(Map.of("npy.connect.representation", "bytes"));
        for (String name : names.strip().split(" ")) {
            byte[] saved = Files.readAllBytes(dir.resolve(name + ".npy"));
            SchemaAndValue connect = struct.toConnectData(TOPIC, saved);
            byte[] written = struct.fromConnectData(TOPIC, connect.schema(), connect.value());
            assertArrayEquals(saved, written, name + ": struct and back gives np.save's bytes");
            byte[] file = (byte[]) bytes.toConnectData(TOPIC, bytes.fromConnectData(TOPIC, Schema.BYTES_SCHEMA, saved)).value();
            assertEquals(HexFormat.of().formatHex(saved), HexFormat.of().formatHex(file), name + ": bytes mode gives np.save's bytes");
        }
    }
}
