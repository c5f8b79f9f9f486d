package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import org.apache.kafka.common.serialization.Serdes;

/**
 * {@link RawArraySerializer} and {@link RawArrayDeserializer} as one Kafka {@code Serde}: raw
 * element bytes with metadata in record headers. {@code configure} and {@code close} reach both
 * halves. For state stores, which pass no headers, give it the fixed dtype and shape, or use
 * {@link NpySerde}.
 *
 * <pre>{@code
 * KStream<String, NdArray> images = builder.stream("images", Consumed.with(Serdes.String(), new RawArraySerde()));
 * }</pre>
 */
public class RawArraySerde extends Serdes.WrapperSerde<NdArray> {
    /** Uncompressed raw values with header metadata; {@code configure} may set the rest. */
    public RawArraySerde() {
        super(new RawArraySerializer(), new RawArrayDeserializer());
    }

    /**
     * Raw values compressed with a codec at its default level; records without headers (a state
     * store's) are read as compressed with it too.
     *
     * @param compression the codec for values this serde writes
     */
    public RawArraySerde(Compression compression) {
        super(new RawArraySerializer(compression), new RawArrayDeserializer(compression, false));
    }

    /**
     * Raw values filtered, then compressed with a codec at its default level; records without
     * headers are read as compressed with it too (the filter frame describes itself).
     *
     * @param compression the codec for values this serde writes; not {@code NONE}
     * @param filter the filter applied to the data before the codec
     */
    public RawArraySerde(Compression compression, Filter filter) {
        super(new RawArraySerializer(compression, compression.defaultLevel(), filter),
                new RawArrayDeserializer(compression, false));
    }

    /**
     * Raw values that also read records without headers as the given dtype and shape.
     *
     * @param dtype the dtype of headerless values
     * @param shape the shape of headerless values; none for 1-d of the value's length
     */
    public RawArraySerde(DType dtype, int... shape) {
        super(new RawArraySerializer(), new RawArrayDeserializer(dtype, shape));
    }
}
