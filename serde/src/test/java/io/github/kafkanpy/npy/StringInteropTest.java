package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code S} and {@code U} arrays against real numpy 2.x and Debian's numpy 1.24: Java reads every
 * string numpy saved (empty strings, astral characters, NULs inside and at the end, widths 1 to
 * 300, big-endian {@code U}, 0-d, empty, Fortran order), writes the bytes {@code np.save} wrote,
 * prints numpy's repr, and writes files {@code np.load} reads back as the same arrays.
 */
@Tag("integration")
class StringInteropTest {

    /** One string array numpy saved: the strings.tsv line of {@code npy_corpus.py}. */
    record Case(String name, DType dtype, int[] shape, boolean fortran, String[] values) {
        @Override
        public String toString() {
            return name;
        }

        /** The array built in Java from the values numpy listed, in numpy's layout. */
        NdArray build() {
            NdArray c = NdArray.of(dtype, values).reshape(shape);
            return fortran ? c.toFortranOrder() : c;
        }
    }

    @TestFactory
    Stream<DynamicNode> javaReadsAndWritesTheStringsNumpy2Saves() throws IOException {
        return tests(NumpyCorpus.of(NumpyCorpus.DEFAULT_PYTHON));
    }

    @TestFactory
    Stream<DynamicNode> javaReadsAndWritesTheStringsDebianNumpy124Saves() throws IOException {
        return tests(NumpyCorpus.of(NumpyCorpus.DEBIAN_PYTHON));
    }

    @Test
    void npLoadOfNumpy2ReadsTheStringArraysJavaWrites() throws IOException {
        assertNpLoadAgrees(NumpyCorpus.of(NumpyCorpus.DEFAULT_PYTHON));
    }

    @Test
    void npLoadOfDebianNumpy124ReadsTheStringArraysJavaWrites() throws IOException {
        assertNpLoadAgrees(NumpyCorpus.of(NumpyCorpus.DEBIAN_PYTHON));
    }

    private static Stream<DynamicNode> tests(NumpyCorpus corpus) throws IOException {
        Map<String, String> reprs = Files.readAllLines(corpus.dir.resolve("strings_repr.tsv")).stream()
                .map(line -> line.split("\t", 2))
                .collect(Collectors.toMap(f -> f[0], f -> new String(HexFormat.of().parseHex(f[1]), StandardCharsets.UTF_8)));
        boolean numpy1 = corpus.numpyVersion.startsWith("1.");
        return cases(corpus).stream().map(c -> DynamicContainer.dynamicContainer(c.name(), Stream.of(
                dynamicTest("reads the strings numpy saved", () -> assertReadsValues(corpus, c)),
                dynamicTest("writes the bytes np.save wrote", () -> assertWritesNpSaveBytes(corpus, c)),
                dynamicTest("prints numpy's repr", () -> {
                    NdArray a = Npy.read(Files.readAllBytes(corpus.dir.resolve(c.name() + ".npy")));
                    // numpy 1 omits shape= from a summary's repr; Java prints numpy 2's
                    if (!(numpy1 && a.size() > 1000)) {
                        assertEquals(reprs.get(c.name()), a.toString());
                    }
                }))));
    }

    private static void assertReadsValues(NumpyCorpus corpus, Case c) throws IOException {
        NdArray a = Npy.read(Files.readAllBytes(corpus.dir.resolve(c.name() + ".npy")));
        assertEquals(c.dtype(), a.dtype(), "dtype");
        assertArrayEquals(c.shape(), a.shape(), "shape");
        assertEquals(c.fortran(), a.fortranOrder(), "fortran order");
        assertArrayEquals(c.values(), a.toStringArray(), "toStringArray");
        String[] indexed = new String[c.values().length];
        int[] shape = c.shape();
        for (int e = 0; e < indexed.length; e++) {
            int[] index = new int[shape.length];
            for (int d = shape.length - 1, rest = e; d >= 0; d--) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            indexed[e] = a.getString(index);
        }
        assertArrayEquals(c.values(), indexed, "getString");
        if (a.size() > 0) { // an empty nested Java array cannot carry its inner lengths
            assertEquals(a.toCOrder(), NdArray.fromJava(a.dtype(), a.toJava()), "toJava() and fromJava() round trip");
        }
    }

    private static void assertWritesNpSaveBytes(NumpyCorpus corpus, Case c) throws IOException {
        byte[] numpy = Files.readAllBytes(corpus.dir.resolve(c.name() + ".npy"));
        assertArrayEquals(numpy, Npy.toBytes(c.build()), "Npy.toBytes of the array built from the values");
        assertArrayEquals(numpy, Npy.toBytes(Npy.read(numpy)), "Npy.toBytes of the array read");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(c.build(), out);
        assertArrayEquals(numpy, out.toByteArray(), "Npy.write");
    }

    private static void assertNpLoadAgrees(NumpyCorpus corpus) throws IOException {
        List<Case> cases = cases(corpus);
        Path dir = Files.createTempDirectory("kafkanpy-java-strings");
        try {
            for (Case c : cases) {
                Files.copy(corpus.dir.resolve(c.name() + ".npy"), dir.resolve(c.name() + ".npy"));
                Files.write(dir.resolve(c.name() + ".java.npy"), Npy.toBytes(c.build()));
            }
            String out = NumpyCorpus.run(corpus.python, "verify", dir);
            assertTrue(cases.size() >= 20, "string cases: " + cases.size());
            assertTrue(out.contains("checked " + cases.size() + " arrays written by Java, 0 differ"), out);
        } finally {
            NumpyCorpus.deleteTree(dir);
        }
    }

    private static List<Case> cases(NumpyCorpus corpus) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.dir.resolve("strings.tsv"))) {
            String[] f = line.split("\t", -1);
            int[] shape = f[2].isEmpty() ? new int[0] : Stream.of(f[2].split(",")).mapToInt(Integer::parseInt).toArray();
            int size = (int) Shapes.elementCount(shape);
            String[] values = size == 0 ? new String[0] : f[4].split(",", -1);
            for (int i = 0; i < values.length; i++) {
                int[] chars = values[i].isEmpty() ? new int[0]
                        : Stream.of(values[i].split("\\.")).mapToInt(h -> Integer.parseInt(h, 16)).toArray();
                values[i] = new String(chars, 0, chars.length);
            }
            assertEquals(size, values.length, f[0]);
            cases.add(new Case(f[0], DType.parse(f[1]), shape, f[3].equals("1"), values));
        }
        return cases;
    }
}
