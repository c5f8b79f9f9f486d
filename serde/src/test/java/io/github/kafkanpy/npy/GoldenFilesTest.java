package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DType#parse}, {@code repr} and float16 against files numpy 2 wrote
 * ({@code src/test/python/make_golden.py}), so they stay covered where Python is missing; the
 * interop tests check the same against live numpy.
 */
class GoldenFilesTest {

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden/" + name + " is missing from the test resources");
            }
            return in.readAllBytes();
        }
    }

    /** The rows of a golden table, after the line naming the numpy that wrote it. */
    private static List<String[]> rows(String name) throws IOException {
        List<String> lines = new String(golden(name), StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("# numpy 2."), name + " must come from numpy 2: " + lines.get(0));
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split("\t", -1));
        }
        return rows;
    }

    @Test
    void dtypeParseReachesNumpy2sVerdictOnEveryGoldenSpelling() throws IOException {
        int accepted = 0;
        for (String[] row : rows("dtypes.tsv")) {
            String spelling = row[0].replace("\\t", "\t");
            String numpy = row[1];
            if (numpy.matches("[<>|](b1|i1|i2|i4|i8|u1|u2|u4|u8|f2|f4|f8|c8|c16|S\\d+|U\\d+)")) {
                assertEquals(numpy, DType.parse(spelling).descr(), "DType.parse('" + spelling + "')");
                accepted++;
            } else {
                assertThrows(IllegalArgumentException.class, () -> DType.parse(spelling),
                        "numpy 2 says " + numpy + " for '" + spelling + "'");
            }
        }
        assertTrue(accepted > 100, "spellings accepted: " + accepted);
    }

    @Test
    void toStringIsNumpy2sReprOfEveryGoldenArray() throws IOException {
        Map<String, NdArray> arrays = Npz.read(golden("repr.npz"));
        List<String[]> reprs = rows("repr.tsv");
        for (String[] row : reprs) {
            String expected = new String(HexFormat.of().parseHex(row[1]), StandardCharsets.UTF_8);
            assertEquals(expected, arrays.get(row[0]).toString(), row[0]);
        }
        assertEquals(arrays.size(), reprs.size());
    }

    @Test
    void everyFloat16WidensToNumpysFloat32Exactly() throws IOException {
        Map<String, NdArray> table = Npz.read(golden("float16.npz"));
        int[] halves = table.get("half_bits").toIntArray();
        long[] singles = table.get("half_as_single").toLongArray();
        assertEquals(1 << 16, halves.length);
        for (int i = 0; i < halves.length; i++) {
            assertEquals(Integer.toHexString((int) singles[i]), Integer.toHexString(Float.floatToRawIntBits(Float16.toFloat((short) halves[i]))),
                    "float16 bits " + Integer.toHexString(halves[i]));
        }
    }

    @Test
    void float32AndFloat64RoundToFloat16AsNumpyRoundsThem() throws IOException {
        Map<String, NdArray> table = Npz.read(golden("float16.npz"));
        long[] singles = table.get("single_bits").toLongArray();
        int[] singleHalves = table.get("single_as_half").toIntArray();
        for (int i = 0; i < singles.length; i++) {
            assertEquals(Integer.toHexString(singleHalves[i]),
                    Integer.toHexString(Float16.fromFloat(Float.intBitsToFloat((int) singles[i])) & 0xffff),
                    "float16 of float32 bits " + Long.toHexString(singles[i]));
        }
        long[] doubles = table.get("double_bits").toLongArray();
        int[] doubleHalves = table.get("double_as_half").toIntArray();
        for (int i = 0; i < doubles.length; i++) {
            assertEquals(Integer.toHexString(doubleHalves[i]),
                    Integer.toHexString(Float16.fromDouble(Double.longBitsToDouble(doubles[i])) & 0xffff),
                    "float16 of float64 bits " + Long.toHexString(doubles[i]));
        }
        assertTrue(singles.length > 20_000 && doubles.length > 9_000, singles.length + " and " + doubles.length);
    }
}
