package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.kafkanpy.AllocationBudget;
import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Coverage-guided fuzzing of the deserializers as a consumer calls them: for any value (and, for
 * the raw variant, any headers) the result is an array or a {@link SerializationException}; the
 * caller's buffer keeps its position and limit; nothing allocates past {@code npy.max.array.bytes}.
 * Seeds: {@code DeserializerFuzzTestInputs/}, NPY files plain and in every codec.
 */
@org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class DeserializerFuzzTest {
    private static final long LIMIT = 1 << 20;
    private static final NpyDeserializer NPY = new NpyDeserializer(LIMIT);

    @FuzzTest
    void npyDeserializerReturnsAnArrayOrASerializationException(byte[] value) {
        check(value.length, () -> {
            ByteBuffer buf = ByteBuffer.allocate(value.length + 3).position(3).put(value).position(3);
            try {
                NdArray array = NPY.deserialize("fuzz", new RecordHeaders(), buf);
                assertTrue(array.nbytes() <= LIMIT);
            } finally {
                assertEquals(3, buf.position());
                assertEquals(value.length + 3, buf.limit());
            }
        });
    }

    @FuzzTest
    void rawDeserializerReturnsAnArrayOrASerializationException(FuzzedDataProvider data) {
        Headers headers = new RecordHeaders();
        String[] names = {"npy.dtype", "npy.shape", "npy.order", "npy.compression"};
        for (String name : names) {
            if (data.consumeBoolean()) {
                headers.add(name, data.consumeString(24).getBytes(StandardCharsets.UTF_8));
            }
        }
        RawArrayDeserializer raw = new RawArrayDeserializer();
        Map<String, Object> config = data.consumeBoolean()
                ? Map.of("npy.max.array.bytes", LIMIT, "npy.raw.dtype", "<f4", "npy.raw.shape", data.pickValue(new String[] {"", "3", "2,2", "0,5"}),
                        "npy.compression.type", data.pickValue(new String[] {"none", "gzip", "zstd", "lz4", "snappy"}))
                : Map.of("npy.max.array.bytes", LIMIT);
        raw.configure(config, false);
        byte[] value = data.consumeRemainingAsBytes();
        check(value.length, () -> {
            NdArray array = raw.deserialize("fuzz", headers, value);
            assertTrue(array.nbytes() <= LIMIT);
        });
    }

    private static void check(int inputLength, Runnable deserialize) {
        AllocationBudget.assertWithin(AllocationBudget.INSTRUMENTATION + 4 * LIMIT + 16L * inputLength, "deserialize", () -> {
            try {
                deserialize.run();
            } catch (SerializationException refused) {
                AllocationBudget.assertDeliberate(refused);
                assertTrue(refused.getMessage().contains("fuzz"), refused.getMessage());
            }
        });
    }
}
