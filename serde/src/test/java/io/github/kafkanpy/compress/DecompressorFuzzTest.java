package io.github.kafkanpy.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.kafkanpy.npy.NpyFormatException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of each decompressor: for any input the result is output within the
 * limit or an {@link NpyFormatException}, never another exception, never a hang, never an
 * allocation past the limit. Seeds: {@code DecompressorFuzzTestInputs/}, frames written by
 * kafka-npy and by Python's codec modules.
 */
class DecompressorFuzzTest {
    private static final long LIMIT = 1 << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        // load and initialise every codec first, so allocation checks see only the input's cost
        for (Compression c : Compression.values()) {
            c.decompress(ByteBuffer.wrap(c.compress(new byte[100], c.defaultLevel())), LIMIT);
        }
    }

    @FuzzTest
    void gzip(byte[] input) {
        decompress(Compression.GZIP, input);
    }

    @FuzzTest
    void zstd(byte[] input) {
        decompress(Compression.ZSTD, input);
    }

    @FuzzTest
    void lz4(byte[] input) {
        decompress(Compression.LZ4, input);
    }

    @FuzzTest
    void snappy(byte[] input) {
        decompress(Compression.SNAPPY, input);
    }

    private static void decompress(Compression codec, byte[] input) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            ByteBuffer out = codec.decompress(ByteBuffer.wrap(input), LIMIT);
            assertTrue(out.remaining() <= LIMIT);
            ByteBuffer exact = codec.decompress(ByteBuffer.wrap(input), LIMIT, start -> out.remaining());
            assertEquals(out, exact, "the bounded and the probing paths agree");
        } catch (NpyFormatException refused) {
            assertTrue(refused.getMessage().contains(codec.id()), refused.getMessage());
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 8 * LIMIT + 16L * input.length, codec + " allocated " + allocated + " bytes");
    }
}
