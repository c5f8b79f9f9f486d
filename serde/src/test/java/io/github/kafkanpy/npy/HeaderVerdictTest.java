package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Headers at the edge of what {@code np.load} takes ({@code ast.literal_eval} and numpy's own
 * checks), each with numpy's verdict: Java reads the headers numpy reads, as the same array, and
 * refuses the others naming the problem and its offset. The interop tests give the same headers
 * to numpy 2 and Debian's numpy 1.24, which must both reach the verdict written here. numpy reads
 * them from bytes, as a Kafka consumer holds a value: from a file, numpy 1.24 also takes one
 * negative dimension as "whatever is left" ({@code (-6,)} loads as {@code (6,)}).
 */
class HeaderVerdictTest {
    private static final byte[] SIX_FLOATS = new byte[24];
    private static final String REFUSED = "refused";

    /**
     * A header with 24 bytes of data after it; {@code numpy} is what np.load makes of it, an
     * array's {@code "descr shape"} or {@code "refused"}; a refusing Java names {@code problem}
     * at the first occurrence of {@code at} in the header.
     */
    record Case(int version, String header, String numpy, String problem, String at) {
        @Override
        public String toString() {
            return "format " + version + ".0 " + header.replace("\n", "\\n").replace("\r", "\\r");
        }
    }

    static List<Case> cases() {
        return List.of(
                reads("'<f4'", "(+6,)"),
                reads("'<f4'", "(+ 6,)"),
                reads("'<f4'", "(+(6),)"),
                reads("'<f4'", "(+ ( (6) ) ,)"),
                readsAs("'<f4'", "(2, +3)", "<f4 (2, 3)"),
                reads("'<f4'", "(0x6,)"),
                reads("'<f4'", "(6L,)"),
                reads("'<f4'", "(+6L,)"),
                reads("'<f4'", "(0x6L,)"),
                reads("'<f4'", "(6 L,)"),
                reads("'<f4'", "(6\tL,)"),
                reads("'<f4'", "(6L L,)"),
                reads("'<f4'", "(6 \\\n L,)"),
                new Case(2, header("'<f4'", "(6 L,)"), "<f4 (6,)", null, null),
                reads("'<f4'", "(6 \\\r\n,)"),
                reads("u'<f4'", "(6,)"),
                reads("U'<f4'", "(6,)"),
                reads("r'<f4'", "(6,)"),
                reads("R'<f4'", "(6,)"),
                reads("'<f' '4'", "(6,)"),
                reads("'<f' u'4'", "(6,)"),
                reads("'<f'\n'4'", "(6,)"),
                reads("'<f' \\\n '4'", "(6,)"),
                reads("'''<f4'''", "(6,)"),
                reads("\"\"\"<f4\"\"\"", "(6,)"),
                reads("'''<f4''' ''", "(6,)"),
                reads("'<f\\x34'", "(6,)"),
                reads("'<f\\u0034'", "(6,)"),
                reads("'<f\\U00000034'", "(6,)"),
                reads("'<f4\\\n'", "(6,)"),
                reads("'<f4\\\r\n'", "(6,)"),
                reads("'<f4\\\r'", "(6,)"),
                reads("'''<f\n4'''", "(6,)"),
                reads("'<f 4'", "(6,)"),
                reads("'()f4'", "(6,)"),
                reads("'\\x0b'", "(6,)"),
                readsAs("'csingle'", "(3,)", "<c8 (3,)"),
                refused("b'<f4'", "(6,)", "descr is not a valid dtype descriptor: b'<f4'", "{"),
                refused("B'<f4'", "(6,)", "descr is not a valid dtype descriptor", "{"),
                refused("br'<f4'", "(6,)", "descr is not a valid dtype descriptor", "{"),
                refused("Rb'<f4'", "(6,)", "descr is not a valid dtype descriptor", "{"),
                refused("'<f' b'4'", "(6,)", "concatenates bytes and str literals", "b'4'"),
                refused("b'<f' '4'", "(6,)", "concatenates bytes and str literals", "'4'"),
                refused("b'<f\u00e94'", "(6,)", "bytes literal holds a character that is not ASCII", "b'"),
                new Case(1, "{b'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", REFUSED,
                        "exactly the keys", "{"),
                refused("ur'<f4'", "(6,)", "the name 'ur', which is code, not a literal", "ur'"),
                refused("f'<f4'", "(6,)", "f-string", "f'"),
                refused("'<f4'", "(- -6,)", "a sign applied to a signed number", "-6"),
                refused("'<f4'", "(--6,)", "a sign applied to a signed number", "-6"),
                refused("'<f4'", "(++6,)", "a sign applied to a signed number", "+6"),
                refused("'<f4'", "(+-6,)", "a sign applied to a signed number", "-6"),
                refused("'<f4'", "(-(-6),)", "a sign applied to a signed number", "-6"),
                refused("'<f4'", "(+(+6),)", "a sign applied to a signed number", "+6"),
                refused("'<f4'", "(+(6,),)", "a sign applied to a tuple or an expression", ",),)"),
                refused("'<f4'", "(-(6),)", "dimension 0 is negative (-6)", "{"),
                refused("'<f4'", "(6, True)", "dimension 1 is true, not an integer", "{"),
                new Case(1, "{'descr': '<f4', 'fortran_order': -False, 'shape': (6,), }", REFUSED,
                        "a sign applied to something other than a number", "False"),
                refused("'<f4'", "(6l,)", "'6l' is not a number", "6l"),
                refused("'<f4'", "(6LL,)", "'6LL' is not a number", "6LL"),
                refused("'<f4'", "(6\nL,)", "expected ',' or ')' in a tuple", "L,"),
                new Case(3, header("'<f4'", "(6 L,)"), REFUSED, "expected ',' or ')' in a tuple", "L,"),
                refused("'<f4'", "(06,)", "'06' is not a number", "06"),
                refused("'<f4'", "(0_6,)", "'0_6' is not a number", "0_6"),
                refused("'<f4'", "(6j,)", "'6j' is an imaginary number", "6j"),
                refused("'<f4'", "(1+5,)", "expected ',' or ')' in a tuple", "+5"),
                refused("'<f\\x3'", "(6,)", "bad escape", "'<f"),
                refused("'<f\\u+034'", "(6,)", "bad escape", "'<f"),
                refused("'<f\\U00110000'", "(6,)", "beyond the last Unicode character", "'<f"),
                refused("'''<f4''''", "(6,)", "expected ',' or '}' in the header dict", "fortran_order"),
                refused("r'<f4\\'", "(6,)", "expected ',' or '}' in the header dict", "fortran_order"),
                refused("'<f4\r'", "(6,)", "not closed before the line ends", "'<f4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void javaReadsWhatNumpyReadsAndRefusesTheRestNamingTheProblemAndOffset(Case c) {
        byte[] npy = MalformedNpyTest.npy(c.version(), c.header(), SIX_FLOATS);
        if (c.problem() == null) {
            NdArray array = Npy.read(npy);
            assertEquals(c.numpy(), array.dtype().descr() + " " + tuple(array.shape()));
            return;
        }
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(npy));
        assertTrue(e.getMessage().contains(c.problem()), e.getMessage());
        int headerStart = c.version() == 1 ? 10 : 12;
        assertEquals(headerStart + c.header().indexOf(c.at()), e.offset(), e.getMessage());
    }

    @Test
    @Tag("integration")
    void numpy2ReachesTheseVerdicts(@TempDir Path dir) throws IOException {
        assertNumpyVerdicts(NumpyCorpus.DEFAULT_PYTHON, dir);
    }

    @Test
    @Tag("integration")
    void debianNumpy124ReachesTheseVerdicts(@TempDir Path dir) throws IOException {
        assertNumpyVerdicts(NumpyCorpus.DEBIAN_PYTHON, dir);
    }

    private static void assertNumpyVerdicts(String python, Path dir) throws IOException {
        List<Case> cases = cases();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Files.write(dir.resolve(i + ".npy"), MalformedNpyTest.npy(c.version(), c.header(), SIX_FLOATS));
        }
        List<String> verdicts = NumpyCorpus.runProgram(python, String.join("\n",
                "import io, os, sys, warnings, numpy as np",
                "warnings.simplefilter('ignore')",
                "for i in range(len(os.listdir(sys.argv[1]))):",
                "    with open(os.path.join(sys.argv[1], '%d.npy' % i), 'rb') as f:",
                "        value = io.BytesIO(f.read())",
                "    try:",
                "        a = np.load(value, allow_pickle=False)",
                "        print(a.dtype.str, a.shape)",
                "    except Exception:",
                "        print('" + REFUSED + "')"), dir).lines().toList();
        assertEquals(cases.stream().map(c -> c + " -> " + c.numpy()).collect(Collectors.joining("\n")),
                IntStream.range(0, cases.size()).mapToObj(i -> cases.get(i) + " -> " + verdicts.get(i))
                        .collect(Collectors.joining("\n")), python);
    }

    private static Case reads(String descr, String shape) {
        return readsAs(descr, shape, "<f4 (6,)");
    }

    private static Case readsAs(String descr, String shape, String numpy) {
        return new Case(1, header(descr, shape), numpy, null, null);
    }

    private static Case refused(String descr, String shape, String problem, String at) {
        return new Case(1, header(descr, shape), REFUSED, problem, at);
    }

    private static String header(String descr, String shape) {
        return "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** A shape as Python writes a tuple: {@code (6,)}, {@code (2, 3)}. */
    private static String tuple(int[] shape) {
        String dims = IntStream.of(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return "(" + dims + (shape.length == 1 ? ",)" : ")");
    }
}
