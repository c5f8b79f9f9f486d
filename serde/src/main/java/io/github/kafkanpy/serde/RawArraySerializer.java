package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.NdArray;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;

/**
 * Writes an {@link NdArray} as its raw element bytes, with dtype, shape and memory order in the
 * record headers {@code npy.dtype}, {@code npy.shape}, {@code npy.order} (and
 * {@code npy.compression} when compressed; {@code key.}-prefixed for keys). The value holds
 * nothing but data, which suits consumers that already know the layout or read headers anyway:
 * {@code np.frombuffer(value, dtype=h['npy.dtype']).reshape(shape, order=h['npy.order'])}.
 *
 * <p>Where a record has no headers (Kafka Streams state stores), only the bytes are written, and
 * the deserializer needs {@code npy.raw.dtype} and {@code npy.raw.shape}; {@link NpySerde}
 * describes itself and needs nothing.
 *
 * <pre>{@code
 * props.put("value.serializer", RawArraySerializer.class.getName());
 * producer.send(new ProducerRecord<>("images", "cam-1", NdArray.of(DType.UINT8, pixels, 28, 28)));
 * // headers: npy.dtype=|u1, npy.shape=28,28, npy.order=C
 * }</pre>
 */
public class RawArraySerializer extends ArraySerializer {

    /** An uncompressed serializer; {@link #configure} may change that. */
    public RawArraySerializer() {
        this(Compression.NONE);
    }

    /**
     * A serializer with a codec at its default level.
     *
     * @param compression the codec
     */
    public RawArraySerializer(Compression compression) {
        this(compression, Objects.requireNonNull(compression, "compression").defaultLevel());
    }

    /**
     * A serializer with a codec and level.
     *
     * @param compression the codec
     * @param level the level, within the codec's range
     */
    public RawArraySerializer(Compression compression, int level) {
        this(compression, level, Filter.NONE);
    }

    /**
     * A serializer with a codec, level and filter.
     *
     * @param compression the codec; not {@code NONE} when there is a filter
     * @param level the level, within the codec's range
     * @param filter the filter applied to the array's data before the codec
     */
    public RawArraySerializer(Compression compression, int level, Filter filter) {
        super(compression, level, filter, false);
    }

    /** A serializer for record keys or values, which Kafka tells only through {@code configure}. */
    RawArraySerializer(Compression compression, int level, boolean isKey) {
        super(compression, level, Filter.NONE, isKey);
    }

    @Override
    public byte[] serialize(String topic, NdArray data) {
        if (data == null) {
            return null;
        }
        try {
            return codec().raw(data);
        } catch (RuntimeException e) {
            throw Failures.of("serialize a raw array", topic, e);
        }
    }

    @Override
    public byte[] serialize(String topic, Headers headers, NdArray data) {
        if (data == null || headers == null) {
            return serialize(topic, data);
        }
        byte[] value = serialize(topic, data);
        setHeader(headers, ArrayHeaders.DTYPE, data.dtype().descr());
        setHeader(headers, ArrayHeaders.SHAPE, ShapeHeader.format(data.shape()));
        setHeader(headers, ArrayHeaders.ORDER, data.fortranOrder() ? "F" : "C");
        setHeader(headers, ArrayHeaders.COMPRESSION, compression() == Compression.NONE ? null : compression().id());
        return value;
    }
}
