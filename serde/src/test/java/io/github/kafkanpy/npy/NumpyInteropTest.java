package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * kafka-npy against real numpy: numpy 2.x ({@code python3}) and Debian's numpy 1.24
 * ({@code /usr/bin/python3}) save a corpus of arrays; Java must read every value, write bytes
 * identical to {@code np.save}'s, and write files {@code np.load} reads back as equal arrays.
 */
@Tag("integration")
class NumpyInteropTest {

    @TestFactory
    Stream<DynamicNode> javaReadsAndWritesWhatNumpy2Does() {
        return corpusTests(NumpyCorpus.of(NumpyCorpus.DEFAULT_PYTHON));
    }

    @TestFactory
    Stream<DynamicNode> javaReadsAndWritesWhatDebianNumpy124Does() {
        return corpusTests(NumpyCorpus.of(NumpyCorpus.DEBIAN_PYTHON));
    }

    @Test
    void npLoadOfNumpy2ReadsEveryArrayJavaWrites() throws IOException {
        assertNpLoadAgrees(NumpyCorpus.of(NumpyCorpus.DEFAULT_PYTHON));
    }

    @Test
    void npLoadOfDebianNumpy124ReadsEveryArrayJavaWrites() throws IOException {
        assertNpLoadAgrees(NumpyCorpus.of(NumpyCorpus.DEBIAN_PYTHON));
    }

    @Test
    void dtypeParseAgreesWithNumpy2OnEverySpelling() throws IOException {
        NumpyCorpus corpus = NumpyCorpus.of(NumpyCorpus.DEFAULT_PYTHON);
        for (String[] row : spellings(corpus)) {
            String spelling = row[0];
            String numpy = row[1];
            if (supported(numpy)) {
                assertEquals(numpy, DType.parse(spelling).descr(), "DType.parse('" + spelling + "')");
            } else {
                assertThrows(IllegalArgumentException.class, () -> DType.parse(spelling),
                        "numpy says " + numpy + " for '" + spelling + "'");
            }
        }
    }

    @Test
    void dtypeParseAgreesWithNumpy124WhereItAcceptsASupportedType() throws IOException {
        NumpyCorpus corpus = NumpyCorpus.of(NumpyCorpus.DEBIAN_PYTHON);
        for (String[] row : spellings(corpus)) {
            if (supported(row[1])) {
                assertEquals(row[1], DType.parse(row[0]).descr(), "DType.parse('" + row[0] + "')");
            }
        }
    }

    @Test
    void float16RoundingMatchesNumpyBitForBit() throws IOException {
        for (String python : List.of(NumpyCorpus.DEFAULT_PYTHON, NumpyCorpus.DEBIAN_PYTHON)) {
            NumpyCorpus corpus = NumpyCorpus.of(python);
            int checked = 0;
            for (String line : Files.readAllLines(corpus.dir.resolve("float16.tsv"))) {
                String[] f = line.split("\t");
                long bits = Long.parseUnsignedLong(f[1], 16);
                short expected = (short) Integer.parseInt(f[2], 16);
                short actual = f[0].equals("f4") ? Float16.fromFloat(Float.intBitsToFloat((int) bits))
                        : Float16.fromDouble(Double.longBitsToDouble(bits));
                if (actual != expected) {
                    assertEquals(Integer.toHexString(expected & 0xffff), Integer.toHexString(actual & 0xffff),
                            "float16 of " + f[0] + " bits " + f[1] + " (numpy " + corpus.numpyVersion + ")");
                }
                checked++;
            }
            assertEquals(true, checked > 400_000, "float16 cases checked: " + checked);
        }
    }

    @Test
    void toStringIsNumpy2sRepr() throws IOException {
        NumpyCorpus corpus = NumpyCorpus.of(NumpyCorpus.DEFAULT_PYTHON);
        for (String line : Files.readAllLines(corpus.dir.resolve("repr.tsv"))) {
            String[] f = line.split("\t", 2);
            NdArray a = Npy.read(Files.readAllBytes(corpus.dir.resolve(f[0] + ".npy")));
            assertEquals(f[1].replace("\\n", "\n"), a.toString(), f[0]);
        }
    }

    private static boolean supported(String numpyDescr) {
        return numpyDescr.matches("[<>|](b1|i1|i2|i4|i8|u1|u2|u4|u8|f2|f4|f8|c8|c16|S\\d+|U\\d+)");
    }

    private static List<String[]> spellings(NumpyCorpus corpus) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.dir.resolve("dtypes.tsv"))) {
            String[] f = line.split("\t", -1);
            rows.add(new String[] {f[0].replace("\\t", "\t"), f[1]});
        }
        return rows;
    }

    private static Stream<DynamicNode> corpusTests(NumpyCorpus corpus) {
        return corpus.cases.stream().map(c -> DynamicContainer.dynamicContainer(c.name(), Stream.of(
                dynamicTest("reads the values numpy saved", () -> assertReadsValues(corpus, c)),
                dynamicTest("writes the bytes np.save wrote", () -> assertWritesNpSaveBytes(corpus, c)))));
    }

    private static void assertReadsValues(NumpyCorpus corpus, NumpyCorpus.Case c) throws IOException {
        NdArray a = Npy.read(Files.readAllBytes(corpus.dir.resolve(c.name() + ".npy")));
        assertEquals(c.descr(), a.dtype().descr(), "descr");
        assertArrayEquals(c.shape(), a.shape(), "shape");
        assertEquals(c.fortran(), a.fortranOrder(), "fortran order");
        assertArrayEquals(c.bits(), typedBits(a), "values through the typed conversions");
        assertArrayEquals(c.bits(), indexedBits(a), "values through element access");
        if (a.size() > 0) { // an empty nested Java array cannot carry its inner lengths
            assertEquals(a.toCOrder().withByteOrder(ByteOrder.LITTLE_ENDIAN),
                    NdArray.fromJava(DType.of(a.dtype().kind(), ByteOrder.LITTLE_ENDIAN), a.toJava()),
                    "toJava() and fromJava() round trip");
        }
    }

    private static void assertWritesNpSaveBytes(NumpyCorpus corpus, NumpyCorpus.Case c) throws IOException {
        if (c.name().startsWith("hdr_") || c.name().contains("version")) {
            return; // written by hand or with another version: np.load checks Java's output for these
        }
        byte[] numpy = Files.readAllBytes(corpus.dir.resolve(c.name() + ".npy"));
        NdArray built = fromBits(c);
        assertArrayEquals(numpy, Npy.toBytes(built), "Npy.toBytes");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(built, out);
        assertArrayEquals(numpy, out.toByteArray(), "Npy.write");
    }

    private static void assertNpLoadAgrees(NumpyCorpus corpus) throws IOException {
        Path dir = Files.createTempDirectory("kafkanpy-java");
        try {
            for (NumpyCorpus.Case c : corpus.cases) {
                Files.copy(corpus.dir.resolve(c.name() + ".npy"), dir.resolve(c.name() + ".npy"));
                Files.write(dir.resolve(c.name() + ".java.npy"), Npy.toBytes(fromBits(c)));
            }
            String out = NumpyCorpus.run(corpus.python, "verify", dir);
            assertEquals(true, out.contains("checked " + corpus.cases.size() + " arrays written by Java, 0 differ"), out);
        } finally {
            NumpyCorpus.deleteTree(dir);
        }
    }

    /** Builds the case's array from its C-order element bits, then gives it the case's byte order and layout. */
    static NdArray fromBits(NumpyCorpus.Case c) {
        DType dtype = DType.parse(c.descr());
        int width = dtype.kind().isComplex() ? dtype.itemSize() / 2 : dtype.itemSize();
        ByteBuffer le = ByteBuffer.allocate(c.bits().length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (long b : c.bits()) {
            for (int i = 0; i < width; i++) {
                le.put((byte) (b >>> (8 * i)));
            }
        }
        NdArray array = NdArray.wrap(dtype.withByteOrder(ByteOrder.LITTLE_ENDIAN), le.flip(), false, c.shape())
                .withByteOrder(dtype.byteOrder());
        return c.fortran() ? array.toFortranOrder() : array;
    }

    private static long[] typedBits(NdArray a) {
        switch (a.dtype().kind()) {
            case BOOL: {
                boolean[] v = a.toBooleanArray();
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = v[i] ? 1 : 0;
                }
                return out;
            }
            case FLOAT16: {
                float[] v = a.toFloatArray();
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = Float16.fromFloat(v[i]) & 0xffff;
                }
                return out;
            }
            case FLOAT32: case COMPLEX64: {
                float[] v = a.toFloatArray();
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = Float.floatToRawIntBits(v[i]) & 0xffffffffL;
                }
                return out;
            }
            case FLOAT64: case COMPLEX128: {
                double[] v = a.toDoubleArray();
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = Double.doubleToRawLongBits(v[i]);
                }
                return out;
            }
            default: {
                long[] v = a.toLongArray();
                long mask = a.dtype().itemSize() == 8 ? -1L : (1L << (8 * a.dtype().itemSize())) - 1;
                for (int i = 0; i < v.length; i++) {
                    v[i] &= mask;
                }
                return v;
            }
        }
    }

    private static long[] indexedBits(NdArray a) {
        DType.Kind k = a.dtype().kind();
        int[] shape = a.shape();
        int n = (int) a.size();
        List<Long> out = new ArrayList<>();
        int[] index = new int[shape.length];
        for (int c = 0; c < n; c++) {
            int rest = c;
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            if (k.isComplex()) {
                double[] z = a.getComplex(index);
                for (double part : z) {
                    out.add(k == DType.Kind.COMPLEX64 ? Float.floatToRawIntBits((float) part) & 0xffffffffL
                            : Double.doubleToRawLongBits(part));
                }
            } else if (k == DType.Kind.BOOL) {
                out.add(a.getBoolean(index) ? 1L : 0L);
            } else if (k.isInteger()) {
                long mask = k.itemSize() == 8 ? -1L : (1L << (8 * k.itemSize())) - 1;
                out.add(a.getLong(index) & mask);
            } else {
                double v = a.getDouble(index);
                out.add(k == DType.Kind.FLOAT16 ? Float16.fromDouble(v) & 0xffffL
                        : k == DType.Kind.FLOAT32 ? Float.floatToRawIntBits((float) v) & 0xffffffffL
                        : Double.doubleToRawLongBits(v));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
