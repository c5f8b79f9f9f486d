package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.kafkanpy.AllocationBudget;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.NpyFormatException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Coverage-guided fuzzing of {@link JsonArrayDeserializer} as a consumer calls it: for any value
 * the result is an array within {@code npy.max.array.bytes} or a {@link SerializationException}
 * wrapping an {@link NpyFormatException}; the caller's buffer keeps its position and limit; and
 * nothing allocates past a small multiple of the input and the limit. Seeds:
 * {@code JsonDeserializerFuzzTestInputs/}, envelopes numpy's Python side wrote in every form.
 */
@org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class JsonDeserializerFuzzTest {
    private static final long LIMIT = 1 << 20;
    private static final JsonArrayDeserializer JSON = new JsonArrayDeserializer(LIMIT);

    @FuzzTest
    void jsonDeserializerReturnsAnArrayOrASerializationException(byte[] value) {
        AllocationBudget.assertWithin(AllocationBudget.INSTRUMENTATION + 4 * LIMIT + 16L * value.length, "deserialize",
                () -> {
                    ByteBuffer buf = ByteBuffer.allocate(value.length + 3).position(3).put(value).position(3);
                    try {
                        NdArray array = JSON.deserialize("fuzz", new RecordHeaders(), buf);
                        assertTrue(array.nbytes() <= LIMIT);
                    } catch (SerializationException refused) {
                        AllocationBudget.assertDeliberate(refused);
                        assertInstanceOf(NpyFormatException.class, refused.getCause(), refused.getMessage());
                        assertTrue(refused.getMessage().contains("fuzz"), refused.getMessage());
                    } finally {
                        assertEquals(3, buf.position());
                        assertEquals(value.length + 3, buf.limit());
                    }
                });
    }
}
