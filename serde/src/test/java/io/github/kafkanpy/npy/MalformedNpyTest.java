package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way an NPY input can be wrong is refused with an {@link NpyFormatException} whose message
 * names the problem and the byte offset, without allocating more than the input's own size.
 */
class MalformedNpyTest {
    private static final String F4_2X3 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    private static final byte[] SIX_FLOATS = new byte[24];

    static Stream<Arguments> malformedInputs() {
        byte[] valid = npy(1, F4_2X3, SIX_FLOATS);
        return Stream.of(
                Arguments.of("empty input", new byte[0], "input is empty", 0),
                Arguments.of("short input", Arrays.copyOf(valid, 5), "too short", 5),
                Arguments.of("wrong magic", replace(valid, 1, (byte) 'n'), "magic string", 1),
                Arguments.of("a zip file", "PK\3\4 this is an npz, not an npy".getBytes(StandardCharsets.ISO_8859_1),
                        "magic string", 0),
                Arguments.of("version 4.0", replace(valid, 6, (byte) 4), "unsupported NPY format version 4.0", 6),
                Arguments.of("version 1.1", replace(valid, 7, (byte) 1), "unsupported NPY format version 1.1", 6),
                Arguments.of("header length past the end", Arrays.copyOf(valid, 40), "runs past the end", 8),
                Arguments.of("version 2 length field cut", Arrays.copyOf(npy(2, F4_2X3, SIX_FLOATS), 11),
                        "header length field", 11),
                Arguments.of("header is a list", npy(1, "[1, 2, 3]", SIX_FLOATS), "not a dictionary", 10),
                Arguments.of("header lacks a key", npy(1, "{'descr': '<f4', 'shape': (2, 3)}", SIX_FLOATS),
                        "exactly the keys", 10),
                Arguments.of("header has an extra key", npy(1,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", SIX_FLOATS),
                        "exactly the keys", 10),
                Arguments.of("header repeats a key", npy(1,
                        "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}", SIX_FLOATS),
                        "repeats the key 'descr'", 27),
                Arguments.of("unclosed header", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)",
                        SIX_FLOATS), "cannot parse the header", 0),
                Arguments.of("unclosed string", npy(1, "{'descr: '<f4'}", SIX_FLOATS), "cannot parse the header", 0),
                Arguments.of("code in the header", npy(1,
                        "{'descr': __import__('os').system('rm -rf /'), 'fortran_order': False, 'shape': (2, 3)}",
                        SIX_FLOATS), "which is code, not a literal", 20),
                Arguments.of("a call in the shape", npy(1,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': tuple(range(3))}", SIX_FLOATS),
                        "which is code", 0),
                Arguments.of("a 5000-digit dimension", npy(1, F4_2X3.replace("(2, 3)", "(" + "1".repeat(5000) + ",)"),
                        SIX_FLOATS), "a number of 5000 characters", 61),
                Arguments.of("a 5000-digit float", npy(1, F4_2X3.replace("(2, 3)", "(" + "1".repeat(5000) + ".5,)"),
                        SIX_FLOATS), "a number of 5002 characters", 61),
                Arguments.of("an exponent without a mantissa (fuzzer finding)", npy(1, F4_2X3.replace("(2, 3)", "(-E+542,)"),
                        SIX_FLOATS), "cannot parse the header", 0),
                Arguments.of("deeply nested header", npy(1, "(".repeat(100) + ")".repeat(100), SIX_FLOATS),
                        "nests deeper", 0),
                Arguments.of("header over numpy's 10000 characters", npy(1,
                        F4_2X3 + " ".repeat(10_100), SIX_FLOATS), "refuses headers over 10000 characters", 8),
                Arguments.of("invalid UTF-8 in a version 3 header", npy(3,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), '\u00ff': 1}", SIX_FLOATS, true),
                        "not valid UTF-8", 12),
                Arguments.of("unknown dtype", npy(1, F4_2X3.replace("<f4", "<x4"), SIX_FLOATS),
                        "not a numpy dtype that kafka-npy supports", 10),
                Arguments.of("object dtype", npy(1, F4_2X3.replace("<f4", "|O"), SIX_FLOATS),
                        "object arrays need pickle, which kafka-npy never runs", 10),
                Arguments.of("structured dtype", npy(1, F4_2X3.replace("'<f4'", "[('a', '<f4')]"), SIX_FLOATS),
                        "structured dtype", 10),
                Arguments.of("void dtype", npy(1, F4_2X3.replace("<f4", "|V4"), SIX_FLOATS),
                        "(void) is not supported", 10),
                Arguments.of("long double dtype", npy(1, F4_2X3.replace("<f4", "<f16"), SIX_FLOATS),
                        "long double", 10),
                Arguments.of("descr is a number", npy(1, F4_2X3.replace("'<f4'", "4"), SIX_FLOATS),
                        "not a valid dtype descriptor", 10),
                Arguments.of("fortran_order is not a bool", npy(1, F4_2X3.replace("False", "0"), SIX_FLOATS),
                        "fortran_order is not a valid bool", 10),
                Arguments.of("shape is a list", npy(1, F4_2X3.replace("(2, 3)", "[2, 3]"), SIX_FLOATS),
                        "shape is not a tuple", 10),
                Arguments.of("negative dimension", npy(1, F4_2X3.replace("(2, 3)", "(-2, -3)"), SIX_FLOATS),
                        "is negative", 10),
                Arguments.of("non-integer dimension", npy(1, F4_2X3.replace("(2, 3)", "(2.5, 3)"), SIX_FLOATS),
                        "not an integer", 10),
                Arguments.of("boolean dimension", npy(1, F4_2X3.replace("(2, 3)", "(True, 3)"), SIX_FLOATS),
                        "not an integer", 10),
                Arguments.of("Python 2 long suffix in a version 3 header", npy(3,
                        F4_2X3.replace("(2, 3)", "(2L, 3L)"), SIX_FLOATS), "is not a number", 63),
                Arguments.of("dimension past Java's array limit", npy(1, F4_2X3.replace("(2, 3)", "(0, 4294967296)"),
                        new byte[0]), "larger than the 2147483647", 10),
                Arguments.of("element count overflows", npy(1,
                        F4_2X3.replace("(2, 3)", "(2147483647, 2147483647, 2147483647)"), SIX_FLOATS),
                        "has more than 9223372036854775807 bytes", 10),
                Arguments.of("800 GB promised on 24 bytes", npy(1, F4_2X3.replace("(2, 3)", "(100000, 100000, 20)"),
                        SIX_FLOATS), "promises 800000000000 bytes of float32 data but only 24 follow", 128),
                Arguments.of("data shorter than the shape", npy(1, F4_2X3, new byte[23]),
                        "promises 24 bytes of float32 data but only 23 follow", 128),
                Arguments.of("no data at all", npy(1, F4_2X3, new byte[0]), "truncated", 128),
                Arguments.of("trailing bytes", npy(1, F4_2X3, new byte[25]), "1 trailing bytes", 152),
                Arguments.of("two arrays back to back", concat(valid, valid), "trailing bytes", 152),
                Arguments.of("more than 64 dimensions", npy(1, F4_2X3.replace("(2, 3)",
                        "(" + "1, ".repeat(65) + ")"), new byte[4]), "at most 64", 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedInputs")
    void malformedInputIsRefusedWithItsProblemAndOffset(String what, byte[] input, String problem, long offset) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(input), what);
        assertTrue(e.getMessage().contains(problem), "message names the problem: " + e.getMessage());
        assertTrue(e.getMessage().endsWith("(at byte " + e.offset() + ")"), "message gives the offset: " + e.getMessage());
        if (offset > 0) {
            assertEquals(offset, e.offset(), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedInputs")
    void malformedInputAllocatesLessThanItsOwnSize(String what, byte[] input, String problem, long offset) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length).put(input).flip();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThrows(NpyFormatException.class, () -> Npy.read(direct));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // the parsed header, the exception and its stack trace; never anything sized by the header's claims
        assertTrue(allocated < 3L * input.length + 256 * 1024, what + " allocated " + allocated + " bytes");
    }

    @Test
    void refusalsCarryTheOffsetOfTheBufferNotOfItsBackingArray() {
        byte[] bad = npy(1, F4_2X3, new byte[23]);
        byte[] padded = concat(new byte[100], bad);
        NpyFormatException e = assertThrows(NpyFormatException.class,
                () -> Npy.read(ByteBuffer.wrap(padded, 100, bad.length).slice()));
        assertEquals(128, e.offset());
    }

    static byte[] npy(int major, String header, byte[] data) {
        return npy(major, header, data, false);
    }

    /** An NPY file with a hand-written header, padded like numpy's to 64 bytes. */
    static byte[] npy(int major, String header, byte[] data, boolean latin1InVersion3) {
        byte[] text = header.getBytes(major == 3 && !latin1InVersion3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = major == 1 ? 10 : 12;
        int padding = 64 - (prefix + text.length + 1) % 64;
        int length = text.length + padding + 1;
        ByteBuffer b = ByteBuffer.allocate(prefix + length + data.length);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        b.put((byte) length).put((byte) (length >>> 8));
        if (major != 1) {
            b.put((byte) (length >>> 16)).put((byte) (length >>> 24));
        }
        b.put(text);
        for (int i = 0; i < padding; i++) {
            b.put((byte) ' ');
        }
        return b.put((byte) '\n').put(data).array();
    }

    private static byte[] replace(byte[] in, int at, byte value) {
        byte[] out = in.clone();
        out[at] = value;
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
