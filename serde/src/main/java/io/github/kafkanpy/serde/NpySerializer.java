package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.NdArray;
import java.util.Objects;

/**
 * Writes an {@link NdArray} as an NPY file, exactly what {@code np.save} writes, optionally
 * compressed as one standard frame ({@code npy.compression.type}, {@code npy.compression.level}).
 * An uncompressed value is read in Python with {@code np.load(io.BytesIO(value))}.
 *
 * <pre>{@code
 * props.put("value.serializer", NpySerializer.class.getName());
 * props.put("npy.compression.type", "zstd");
 * try (var producer = new KafkaProducer<String, NdArray>(props)) {
 *     producer.send(new ProducerRecord<>("embeddings", "doc-1", NdArray.of(vector)));
 * }
 * }</pre>
 */
public class NpySerializer extends ArraySerializer {

    /** An uncompressed serializer; {@link #configure} may change that. */
    public NpySerializer() {
        this(Compression.NONE);
    }

    /**
     * A serializer with a codec at its default level.
     *
     * @param compression the codec
     */
    public NpySerializer(Compression compression) {
        this(compression, Objects.requireNonNull(compression, "compression").defaultLevel());
    }

    /**
     * A serializer with a codec and level.
     *
     * @param compression the codec
     * @param level the level, within the codec's range
     */
    public NpySerializer(Compression compression, int level) {
        this(compression, level, Filter.NONE);
    }

    /**
     * A serializer with a codec, level and filter.
     *
     * @param compression the codec; not {@code NONE} when there is a filter
     * @param level the level, within the codec's range
     * @param filter the filter applied to the array's data before the codec
     */
    public NpySerializer(Compression compression, int level, Filter filter) {
        super(compression, level, filter, false);
    }

    /** A serializer for record keys or values, which Kafka tells only through {@code configure}. */
    NpySerializer(Compression compression, int level, boolean isKey) {
        super(compression, level, Filter.NONE, isKey);
    }

    @Override
    public byte[] serialize(String topic, NdArray data) {
        if (data == null) {
            return null;
        }
        try {
            return codec().npy(data);
        } catch (RuntimeException e) {
            throw Failures.of("serialize an NPY array", topic, e);
        }
    }
}
