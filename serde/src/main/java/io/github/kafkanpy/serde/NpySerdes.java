package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Factory methods for kafka-npy's serdes, in the style of Kafka's {@code Serdes}.
 *
 * <pre>{@code
 * builder.stream("readings", Consumed.with(Serdes.String(), NpySerdes.raw()))
 *        .mapValues(a -> scale(a))
 *        .to("features", Produced.with(Serdes.String(), NpySerdes.npy(Compression.ZSTD)));
 * }</pre>
 *
 * <p><b>Keys.</b> A raw serializer tells key headers ({@code key.npy.dtype}, ...) from value
 * headers only through {@code configure(map, isKey)}, and Kafka never calls {@code configure} on
 * instances handed to the {@code KafkaProducer} or {@code KafkaConsumer} constructors. For such
 * instances use {@link #rawKey()}, which knows it serves keys without being configured:
 *
 * <pre>{@code
 * Serde<NdArray> keys = NpySerdes.rawKey();
 * var producer = new KafkaProducer<>(props, keys.serializer(), new RawArraySerializer());
 * var consumer = new KafkaConsumer<>(props, keys.deserializer(), new RawArrayDeserializer());
 * }</pre>
 */
public final class NpySerdes {
    private NpySerdes() {
    }

    /** @return uncompressed NPY values, readable in Python with {@code np.load} */
    public static Serde<NdArray> npy() {
        return new NpySerde();
    }

    /**
     * @param compression the codec for written values; readers detect it by itself
     * @return compressed NPY values
     */
    public static Serde<NdArray> npy(Compression compression) {
        return new NpySerde(compression);
    }

    /** @return JSON envelopes {@code {"dtype", "shape", "order", "data"}}, for text-only pipelines */
    public static Serde<NdArray> json() {
        return new JsonArraySerde();
    }

    /** @return raw values with dtype, shape and order in record headers */
    public static Serde<NdArray> raw() {
        return new RawArraySerde();
    }

    /**
     * @param compression the codec for written values, named in the {@code npy.compression} header
     * @return compressed raw values with metadata in record headers
     */
    public static Serde<NdArray> raw(Compression compression) {
        return new RawArraySerde(compression);
    }

    /** @return raw record keys, with metadata in the {@code key.}-prefixed headers even if never configured */
    public static Serde<NdArray> rawKey() {
        return rawKey(Compression.NONE);
    }

    /**
     * @param compression the codec for written keys, named in the {@code key.npy.compression} header
     * @return compressed raw record keys, with metadata in the {@code key.}-prefixed headers even if never configured
     */
    public static Serde<NdArray> rawKey(Compression compression) {
        return Serdes.serdeFrom(new RawArraySerializer(compression, compression.defaultLevel(), true),
                new RawArrayDeserializer(compression, true));
    }

    /**
     * @param dtype the dtype of values whose records have no headers
     * @param shape their shape; none for 1-d of the value's length
     * @return raw values that also read headerless records, such as a state store's
     */
    public static Serde<NdArray> raw(DType dtype, int... shape) {
        return new RawArraySerde(dtype, shape);
    }

    /** @return NPZ archives of named arrays with stored entries, what {@code np.savez} writes */
    public static Serde<Map<String, NdArray>> npz() {
        return new NpzSerde();
    }

    /**
     * @param compression {@code GZIP} for deflated entries (what {@code np.savez_compressed} writes,
     *        which {@code np.load} opens alone), another codec for one frame around a stored archive
     * @return compressed NPZ archives of named arrays
     */
    public static Serde<Map<String, NdArray>> npz(Compression compression) {
        return new NpzSerde(compression);
    }
}
