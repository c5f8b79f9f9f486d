package io.github.kafkanpy.npy;

import static io.github.kafkanpy.npy.ZipCraft.central;
import static io.github.kafkanpy.npy.ZipCraft.data;
import static io.github.kafkanpy.npy.ZipCraft.end;
import static io.github.kafkanpy.npy.ZipCraft.local;
import static io.github.kafkanpy.npy.ZipCraft.put;
import static io.github.kafkanpy.npy.ZipCraft.putInt;
import static io.github.kafkanpy.npy.ZipCraft.putShort;
import static io.github.kafkanpy.npy.ZipCraft.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of hostile or broken NPZ archive is refused with an {@link NpyFormatException}
 * naming the problem and its byte offset, without allocating more than a small multiple of the
 * input, whatever the archive claims.
 */
class MalformedNpzTest {
    private static final byte[] ZEROS = Npz.toBytes(Map.of("z", NdArray.of(new byte[4 << 20])), true);

    static Stream<Arguments> hostileArchives() {
        byte[] two = stored("a.npy", "b.npy");
        byte[] deflated = Npz.toBytes(Map.of("a", NdArray.of(new float[] {1f, 2f, 3f})), true);
        int zerosLocal = local(ZEROS, 0);
        int zerosCentral = central(ZEROS, 0);
        byte[] understated = putInt(putInt(ZEROS, zerosCentral + 24, 1000), zerosLocal + 22, 1000);
        byte[] overstated = putInt(putInt(ZEROS, zerosCentral + 24, 200 << 20), zerosLocal + 22, 200 << 20);
        int bLength = ZipCraft.NPY.length + 30 + 5;
        byte[] swallowing = putInt(putInt(putInt(putInt(two, central(two, 0) + 20, ZipCraft.NPY.length + bLength),
                central(two, 0) + 24, ZipCraft.NPY.length + bLength), 18, ZipCraft.NPY.length + bLength),
                22, ZipCraft.NPY.length + bLength);
        byte[] renamed = put(put(two, central(two, 1) + 46, 'a'), local(two, 1) + 30, 'a');
        byte[] objects = ZipCraft.zip(0, new String[] {"o.npy"}, new byte[][] {MalformedNpyTest.npy(1,
                "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8])});
        byte[] huge = putInt(putInt(two, central(two, 0) + 24, 200 << 20), central(two, 1) + 24, 200 << 20);
        return Stream.of(
                Arguments.of("deflate bomb: inflates past its declared size", understated,
                        "inflates to more than the 1000 bytes", data(ZEROS, 0)),
                Arguments.of("deflate bomb: a size deflate cannot reach", overstated,
                        "more than deflate can produce", zerosLocal + 18),
                Arguments.of("local header sizes disagree", putInt(two, 18, 7), "disagree with the central", 14),
                Arguments.of("local header name disagrees", put(two, 30, 'x'), "names entry 'a.npy' differently", 30),
                Arguments.of("local header method disagrees", putShort(two, 8, 8), "gives compression method 8", 8),
                Arguments.of("duplicate names", renamed, "holds the entry 'a.npy' twice", central(two, 1)),
                Arguments.of("a '..' segment", stored("x/../../etc/evil.npy"), "has a '..' segment", -1),
                Arguments.of("an absolute path", stored("/etc/evil.npy"), "is an absolute path", -1),
                Arguments.of("a backslash", stored("dir\\evil.npy"), "holds a backslash", -1),
                Arguments.of("a drive letter", stored("C:evil.npy"), "starts with a drive letter", -1),
                Arguments.of("an encrypted entry", putShort(two, central(two, 0) + 8, 1), "is encrypted",
                        central(two, 0) + 8),
                Arguments.of("a non-.npy entry", stored("a.npy", "readme.txt"), "is not an .npy file", -1),
                Arguments.of("an unsupported method", putShort(putShort(two, central(two, 0) + 10, 12), 8, 12),
                        "uses compression method 12", central(two, 0) + 10),
                Arguments.of("an object array", objects, "entry 'o.npy'", -1),
                Arguments.of("more than MAX_ENTRIES entries", ZipCraft.withZip64End(two, 1_000_000),
                        "claims 1000000 entries", -1),
                Arguments.of("a total over the limit", huge, "more than the limit of 268435456 bytes",
                        central(two, 1) + 24),
                Arguments.of("a truncated archive", Arrays.copyOf(two, two.length - 10), "no end of central directory",
                        two.length - 10),
                Arguments.of("a comment longer than the archive", putShort(two, end(two) + 20, 5),
                        "runs past the end of the input", end(two) + 20),
                Arguments.of("a CRC mismatch", put(two, data(two, 1) + 130, 9), "fails its CRC check", data(two, 1)),
                Arguments.of("a deflated CRC mismatch", putInt(putInt(deflated, central(deflated, 0) + 16, 1), 14, 1),
                        "fails its CRC check", data(deflated, 0)),
                Arguments.of("overlapping entries", swallowing, "entries 'a' and 'b' overlap", local(two, 1)),
                Arguments.of("central directory outside the buffer", putInt(two, end(two) + 16, 1 << 30),
                        "does not end where the end record starts", end(two) + 12),
                Arguments.of("local header outside the buffer", putInt(two, central(two, 1) + 42, 1 << 30),
                        "lies outside the entries' part", central(two, 0)),
                Arguments.of("a zip64 offset past 4 GiB", ZipCraft.withZip64Offset(5L << 30),
                        "lies outside the entries' part", -1),
                Arguments.of("0xffffffff without a zip64 extra", putInt(two, central(two, 1) + 42, 0xffffffffL),
                        "that the archive cannot hold", -1),
                Arguments.of("data before the archive", concat(new byte[] {1, 2, 3}, two), "does not start with a ZIP", 0),
                Arguments.of("not deflate data", put(deflated, data(deflated, 0), 0xff), "is not valid deflate data",
                        data(deflated, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void hostileArchiveIsRefusedWithItsProblemAndOffset(String what, byte[] input, String problem, long offset) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(input), what);
        assertTrue(e.getMessage().contains(problem), "message names the problem: " + e.getMessage());
        assertTrue(e.getMessage().endsWith("(at byte " + e.offset() + ")"), "message gives the offset: " + e.getMessage());
        assertTrue(e.offset() >= 0 && e.offset() <= input.length, e.getMessage());
        if (offset >= 0) {
            assertEquals(offset, e.offset(), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void hostileArchiveAllocatesAtMostAFewTimesItsOwnSize(String what, byte[] input, String problem, long offset) {
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length).put(input).flip();
        long allocated = allocatedBy(() -> assertThrows(NpyFormatException.class, () -> Npz.read(direct)));
        assertTrue(allocated < 3L * input.length + 256 * 1024, what + " allocated " + allocated + " bytes");
    }

    @Test
    void deflateBombWithHonestHeadersIsRefusedByTheLimitBeforeInflating() {
        long allocated = allocatedBy(() -> {
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(ZEROS, 1 << 20));
            assertTrue(e.getMessage().contains("more than the limit of 1048576 bytes"), e.getMessage());
        });
        assertTrue(ZEROS.length < 64 * 1024, "the bomb is small: " + ZEROS.length);
        assertTrue(allocated < 256 * 1024, "allocated " + allocated);
    }

    @Test
    void trailingBytesAfterTheArchiveAreIgnoredAsZipfileIgnoresThem() {
        byte[] two = stored("a.npy", "b.npy");
        assertEquals(2, Npz.read(concat(two, new byte[100])).size());
        byte[] commented = concat(putShort(two, end(two) + 20, 4), new byte[] {'n', 'o', 't', 'e'});
        assertEquals(2, Npz.read(commented).size());
    }

    @Test
    void refusalsCountFromTheBufferPosition() {
        byte[] two = stored("a.npy", "b.npy");
        byte[] bad = put(two, data(two, 1) + 130, 9);
        ByteBuffer padded = ByteBuffer.wrap(concat(new byte[100], bad)).position(100);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(padded));
        assertEquals(data(two, 1), e.offset());
        assertEquals(100, padded.position());
    }

    @Test
    void namesThatReadRefusesCannotBeWritten() {
        for (String name : new String[] {"", "../x", "/abs", "a\\b", "C:x", "nul\0"}) {
            Map<String, NdArray> arrays = new LinkedHashMap<>();
            arrays.put(name, NdArray.of(new byte[] {1}));
            assertThrows(IllegalArgumentException.class, () -> Npz.toBytes(arrays), name);
        }
    }

    /** The bytes the second of two runs allocates: the first also pays for loading classes, once. */
    private static long allocatedBy(Runnable run) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        run.run();
        long before = threads.getCurrentThreadAllocatedBytes();
        run.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
