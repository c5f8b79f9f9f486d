package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npz;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes named arrays as one NPZ archive, what {@code np.savez} writes, so that a Python consumer
 * opens the value with {@code np.load(io.BytesIO(value))} alone. Entry order is kept.
 *
 * <p>{@code npy.compression.type} chooses how the archive is compressed:
 * <ul>
 *   <li>{@code none}: stored entries, like {@code np.savez}; readers get zero-copy views;</li>
 *   <li>{@code gzip}: deflated entries, like {@code np.savez_compressed}, which {@code np.load}
 *       still opens alone (DEFLATE is gzip's algorithm; the level applies);</li>
 *   <li>{@code zstd}, {@code lz4}, {@code snappy}: a stored archive inside one standard frame of
 *       that codec, which {@link NpzDeserializer} and Python's {@code kafka_npy.decode} detect;
 *       plain numpy needs the codec's module to unwrap it first.</li>
 * </ul>
 *
 * <pre>{@code
 * props.put("value.serializer", NpzSerializer.class.getName());
 * Map<String, NdArray> features = new LinkedHashMap<>();
 * features.put("embedding", NdArray.of(vector));
 * features.put("ids", NdArray.of(tokenIds));
 * features.put("label", NdArray.of(new String[] {"cat"}));
 * producer.send(new ProducerRecord<>("features", "doc-1", features));
 * }</pre>
 */
public class NpzSerializer implements Serializer<Map<String, NdArray>> {
    private CodecChoice codec;
    private boolean isKey;

    /** Stored entries, like {@code np.savez}; {@link #configure} may set compression. */
    public NpzSerializer() {
        this(Compression.NONE);
    }

    /**
     * A serializer with a codec at its default level.
     *
     * @param compression {@code GZIP} for deflated entries, another codec for a frame around the archive
     */
    public NpzSerializer(Compression compression) {
        this(compression, Objects.requireNonNull(compression, "compression").defaultLevel());
    }

    /**
     * A serializer with a codec and level.
     *
     * @param compression {@code GZIP} for deflated entries, another codec for a frame around the archive
     * @param level the level, within the codec's range
     */
    public NpzSerializer(Compression compression, int level) {
        this.codec = new CodecChoice(compression, level, Filter.NONE);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        codec = codec.configuredBy(new NpySerdeConfig(configs), false);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, Map<String, NdArray> data) {
        if (data == null) {
            return null;
        }
        try {
            return switch (codec.compression()) {
                case NONE -> Npz.toBytes(data);
                case GZIP -> Npz.compressed(data, codec.level());
                default -> codec.compression().compress(Npz.toBytes(data), codec.level());
            };
        } catch (RuntimeException e) {
            throw Failures.of("serialize an NPZ archive", topic, e);
        }
    }

    /**
     * Serializes the archive and removes the raw variant's {@code npy.*} headers from the record,
     * which would describe it wrongly: an NPZ value describes itself.
     */
    @Override
    public byte[] serialize(String topic, Headers headers, Map<String, NdArray> data) {
        byte[] value = serialize(topic, data);
        ArrayHeaders.removeAll(headers, isKey);
        return value;
    }
}
