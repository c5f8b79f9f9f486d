package io.github.kafkanpy.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.kafkanpy.AllocationBudget;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of filter frames: for any input the result is content within the limit
 * or a {@link CompressionException}, never another exception, a hang or an allocation past the
 * limit; and content that decodes, filtered again with the frame's own description, decodes to
 * the same bytes. Seeds: {@code FilterFrameFuzzTestInputs/}, frames of every codec and filter
 * written by kafka-npy and by the Python package.
 */
@org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class FilterFrameFuzzTest {
    private static final long LIMIT = 1 << 20;

    @FuzzTest
    void filterFrame(byte[] input) {
        // the codec's output (up to the limit, grown by doubling), the unfiltered copy, and a re-encoding
        AllocationBudget.assertWithin(AllocationBudget.INSTRUMENTATION + 8 * LIMIT + 16L * input.length, "filter frame",
                () -> {
                    try {
                        ByteBuffer content = FilterFrame.decode(ByteBuffer.wrap(input), LIMIT, null);
                        assertTrue(content.remaining() <= LIMIT);
                        FilterFrame frame = FilterFrame.read(ByteBuffer.wrap(input));
                        byte[] bytes = new byte[content.remaining()];
                        content.duplicate().get(bytes);
                        byte[] again = FilterFrame.of(frame.filter(), frame.codec(), frame.width(), frame.distance(),
                                frame.order(), (int) frame.prefix()).encode(bytes, frame.codec().defaultLevel());
                        assertEquals(content, FilterFrame.decode(ByteBuffer.wrap(again), LIMIT, start -> bytes.length),
                                "filtering the content again gives a frame of the same content");
                    } catch (CompressionException refused) {
                        AllocationBudget.assertDeliberate(refused);
                    }
                });
    }
}
