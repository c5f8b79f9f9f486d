package io.github.kafkanpy.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.kafkanpy.AllocationBudget;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of each decompressor: for any input the result is output within the
 * limit or an {@link CompressionException}, never another exception, never a hang, never an
 * allocation past the limit. Seeds: {@code DecompressorFuzzTestInputs/}, frames written by
 * kafka-npy and by Python's codec modules.
 */
@org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class DecompressorFuzzTest {
    private static final long LIMIT = 1 << 20;

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
        AllocationBudget.assertWithin(AllocationBudget.INSTRUMENTATION + 4 * LIMIT + 16L * input.length, codec.id(), () -> {
            try {
                ByteBuffer out = codec.decompress(ByteBuffer.wrap(input), LIMIT);
                assertTrue(out.remaining() <= LIMIT);
                ByteBuffer exact = codec.decompress(ByteBuffer.wrap(input), LIMIT, start -> out.remaining());
                assertEquals(out, exact, "the bounded and the probing paths agree");
            } catch (CompressionException refused) {
                AllocationBudget.assertDeliberate(refused);
                assertTrue(refused.getMessage().contains(codec.id()), refused.getMessage());
            }
        });
    }
}
