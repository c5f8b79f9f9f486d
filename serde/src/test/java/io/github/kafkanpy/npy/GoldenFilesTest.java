package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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

    /** numpy 2's verdict on each golden spelling: its descr and item size, or {@code ERR}. */
    private static Map<String, String[]> dtypeVerdicts() throws IOException {
        Map<String, String[]> verdicts = new LinkedHashMap<>();
        for (String[] row : rows("dtypes.tsv")) {
            verdicts.put(new String(HexFormat.of().parseHex(row[0]), StandardCharsets.UTF_8), new String[] {row[1], row[2]});
        }
        return verdicts;
    }

    private static boolean supported(String numpyDescr) {
        return numpyDescr.matches("[<>|](b1|i1|i2|i4|i8|u1|u2|u4|u8|f2|f4|f8|c8|c16|S\\d+|U\\d+)");
    }

    /** What DType.parse makes of a spelling: its descr and item size, or {@code ERR}. */
    private static String parsed(String spelling) {
        try {
            DType dtype = DType.parse(spelling);
            return dtype.descr() + " " + dtype.itemSize();
        } catch (IllegalArgumentException e) {
            return "ERR";
        }
    }

    @Test
    void dtypeParseReachesNumpy2sVerdictOnEveryGoldenSpelling() throws IOException {
        List<String> disagreements = new ArrayList<>();
        int accepted = 0;
        for (Map.Entry<String, String[]> e : dtypeVerdicts().entrySet()) {
            String numpy = supported(e.getValue()[0]) ? e.getValue()[0] + " " + e.getValue()[1] : "ERR";
            String ours = parsed(e.getKey());
            if (!ours.equals(numpy)) {
                disagreements.add(new DTypeSpellingTest.Spelling(e.getKey(), numpy) + ", DType.parse: " + ours);
            }
            accepted += numpy.equals("ERR") ? 0 : 1;
        }
        assertEquals(List.of(), disagreements);
        assertTrue(accepted > 500 && dtypeVerdicts().size() - accepted > 1000, accepted + " spellings accepted");
    }

    @Test
    void theHandWrittenSpellingVerdictsAreNumpy2sGoldenOnes() throws IOException {
        Map<String, String[]> golden = dtypeVerdicts();
        List<String> missing = new ArrayList<>();
        for (DTypeSpellingTest.Spelling spelling : DTypeSpellingTest.spellings().toList()) {
            String[] numpy = golden.get(spelling.text());
            if (numpy == null) {
                missing.add(spelling.toString());
            } else {
                assertEquals(supported(numpy[0]) ? numpy[0] : "refused", spelling.numpy(), spelling + ": numpy 2 says " + numpy[0]);
            }
        }
        assertEquals(List.of(), missing, "hand-written spellings missing from golden/dtypes.tsv");
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
        long[] singles = Npz.read(golden("float16.npz")).get("half_as_single").toLongArray();
        assertEquals(1 << 16, singles.length);
        for (int half = 0; half < singles.length; half++) {
            assertEquals(Integer.toHexString((int) singles[half]), Integer.toHexString(Float.floatToRawIntBits(Float16.toFloat((short) half))),
                    "float16 bits " + Integer.toHexString(half));
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
        assertTrue(singles.length > 30_000 && doubles.length > 11_000, singles.length + " and " + doubles.length);
    }
}
