package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DType#parse} takes the spellings numpy 2's {@code np.dtype} takes for the supported
 * types (fixed-width strings included), as the same type, and refuses the others: names only numpy 1 knows, types kafka-npy does
 * not support, and what numpy 2 refuses. The spellings that the corpus's tab-separated list
 * cannot carry (whitespace, control characters) and those numpy 1.24 reads otherwise are here;
 * the interop test checks every verdict against numpy 2.
 */
class DTypeSpellingTest {
    private static final String REFUSED = "refused";

    static Stream<Spelling> spellings() {
        return Stream.of(
                new Spelling("csingle", "<c8"),
                new Spelling("cdouble", "<c16"),
                new Spelling("n", "<i8"),
                new Spelling(">n", ">i8"),
                new Spelling("N", "<u8"),
                new Spelling("f04", "<f4"),
                new Spelling("f+4", "<f4"),
                new Spelling(">f 8", ">f8"),
                new Spelling("f\t8", "<f8"),
                new Spelling("f\n8", "<f8"),
                new Spelling("f\u000b4", "<f4"),
                new Spelling("<f\n+0004", "<f4"),
                new Spelling("c016", "<c16"),
                new Spelling("u+1", "|u1"),
                new Spelling("()f4", "<f4"),
                new Spelling(">()f4", ">f4"),
                new Spelling("<()=f4", "<f4"),
                new Spelling("() >f4", ">f4"),
                new Spelling("()  f4", "<f4"),
                new Spelling("()f4 \n", "<f4"),
                new Spelling("()f4\u0085", "<f4"),
                new Spelling("()f4\u001c", "<f4"),
                new Spelling("<()float32", "<f4"),
                new Spelling("()?", "|b1"),
                // numpy's type numbers as one character: NPY_BOOL is 0, NPY_LONGDOUBLE 13 (\r), NPY_HALF 23
                new Spelling("\0", "|b1"),
                new Spelling("\1", "|i1"),
                new Spelling(">\3", ">i2"),
                new Spelling("\5", "<i4"),
                new Spelling("\t", "<i8"),
                new Spelling("\n", "<u8"),
                new Spelling("\13", "<f4"),
                new Spelling(">\14", ">f8"),
                new Spelling("\16", "<c8"),
                new Spelling("\17", "<c16"),
                new Spelling("\27", "<f2"),
                new Spelling("clongdouble", REFUSED),
                new Spelling("float_", REFUSED),
                new Spelling("cfloat", REFUSED),
                new Spelling("complex_", REFUSED),
                new Spelling("singlecomplex", REFUSED),
                new Spelling("bool8", REFUSED),
                new Spelling("int0", REFUSED),
                new Spelling("longfloat", REFUSED),
                new Spelling("f-4", REFUSED),
                new Spelling("f+ 4", REFUSED),
                new Spelling("f4 ", REFUSED),
                new Spelling("f\u001c4", REFUSED),
                new Spelling("f4294967300", REFUSED),
                new Spelling("f4,", REFUSED),
                new Spelling("1f4", REFUSED),
                new Spelling("(2,)f4", REFUSED),
                new Spelling("|()<f4", REFUSED),
                new Spelling("<()>f4", REFUSED),
                new Spelling(">()float32", REFUSED),
                new Spelling("() \tf4", REFUSED),
                new Spelling("( )f4", REFUSED),
                new Spelling("()f 4", REFUSED),
                new Spelling("()", REFUSED),
                new Spelling("()S5", "|S5"),
                new Spelling("S\t5", "|S5"),
                new Spelling(">U\n+03", ">U3"),
                new Spelling("|U7", "<U7"),
                new Spelling("a", "|S0"),
                new Spelling("str", "<U0"),
                new Spelling("string_", REFUSED),
                new Spelling("unicode_", REFUSED),
                new Spelling("U-1", REFUSED),
                new Spelling("U536870912", REFUSED),
                new Spelling("S5 ", REFUSED),
                new Spelling("\r", REFUSED),
                new Spelling("\20", REFUSED),
                new Spelling("\21", REFUSED));
    }

    /** A spelling and what numpy 2 reads it as: a supported type's descr, or {@code "refused"}. */
    record Spelling(String text, String numpy) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("'");
            text.chars().forEach(c -> out.append(c < 0x20 || c >= 0x7f && c < 0xa0 ? String.format("\\x%02x", c) : (char) c));
            return out.append("' -> ").append(numpy).toString();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void parseReadsWhatNumpy2ReadsAndRefusesTheRest(Spelling spelling) {
        if (spelling.numpy().equals(REFUSED)) {
            assertThrows(IllegalArgumentException.class, () -> DType.parse(spelling.text()));
        } else {
            assertEquals(spelling.numpy(), DType.parse(spelling.text()).descr());
        }
    }

    @Test
    @Tag("integration")
    void numpy2ReachesTheseVerdicts(@TempDir Path dir) throws IOException {
        List<Spelling> cases = spellings().toList();
        Files.writeString(dir.resolve("spellings.hex"), cases.stream()
                .map(c -> HexFormat.of().formatHex(c.text().getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.joining("\n")));
        List<String> verdicts = NumpyCorpus.runProgram(NumpyCorpus.DEFAULT_PYTHON, String.join("\n",
                "import os, sys, warnings, numpy as np",
                "warnings.simplefilter('ignore')",
                "supported = {'b1', 'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'f2', 'f4', 'f8', 'c8', 'c16'}",
                "for h in open(os.path.join(sys.argv[1], 'spellings.hex')).read().split():",
                "    try:",
                "        d = np.dtype(bytes.fromhex(h).decode('utf-8'))",
                "        plain = d.names is None and d.shape == () and (d.str[1:] in supported or d.kind in 'SU')",
                "        print(d.str if plain else '" + REFUSED + "')",
                "    except Exception:",
                "        print('" + REFUSED + "')"), dir).lines().toList();
        assertEquals(cases.stream().map(Spelling::toString).collect(Collectors.joining("\n")),
                IntStream.range(0, cases.size()).mapToObj(i -> new Spelling(cases.get(i).text(), verdicts.get(i)))
                        .map(Spelling::toString).collect(Collectors.joining("\n")));
    }
}
