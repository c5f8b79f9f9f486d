package io.github.kafkanpy.serde;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The part the self-describing deserializers share: a limit on decoded bytes that a constructor
 * sets and {@code configure} changes only where the map has {@code npy.max.array.bytes}; tombstones
 * read as {@code null}; and every overload ending in {@link #read}, which gets the record's bytes
 * as a buffer (a view of them for {@code byte[]} values) and wraps failures with the topic.
 *
 * @param <T> what a value reads as
 */
abstract class BoundedDeserializer<T> implements Deserializer<T> {
    private final String what;
    private long maxArrayBytes;

    /**
     * @param what what a value is, for error messages ("an NPY array")
     * @param maxArrayBytes the limit; checked
     */
    BoundedDeserializer(String what, long maxArrayBytes) {
        this.what = what;
        this.maxArrayBytes = NpySerdeConfig.checkMaxArrayBytes(maxArrayBytes);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        long configured = new NpySerdeConfig(configs).maxArrayBytes().orElse(maxArrayBytes);
        if (configured != maxArrayBytes) {
            maxArrayBytes = configured;
            limitChanged(configured);
        }
    }

    /** @return the most bytes a value may decode to */
    final long maxArrayBytes() {
        return maxArrayBytes;
    }

    /**
     * Called when {@code configure} changed the limit, for subclasses that derive state from it.
     *
     * @param maxArrayBytes the new limit
     */
    void limitChanged(long maxArrayBytes) {
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : deserialize(topic, null, ByteBuffer.wrap(data));
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        try {
            return read(data);
        } catch (RuntimeException e) {
            throw Failures.of("deserialize " + what, topic, e);
        }
    }

    /**
     * Reads one value.
     *
     * @param data the value's bytes, position to limit; not null
     * @return what they hold
     */
    abstract T read(ByteBuffer data);
}
