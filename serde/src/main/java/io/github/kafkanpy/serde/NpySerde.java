package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.NdArray;
import org.apache.kafka.common.serialization.Serdes;

/**
 * {@link NpySerializer} and {@link NpyDeserializer} as one Kafka {@code Serde}: values are NPY
 * files that describe themselves, so it also works where records carry no headers, as in Kafka
 * Streams state stores. {@code configure} and {@code close} reach both halves.
 *
 * <pre>{@code
 * KStream<String, NdArray> arrays = builder.stream("readings", Consumed.with(Serdes.String(), new NpySerde()));
 * props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, NpySerde.class);
 * }</pre>
 */
public class NpySerde extends Serdes.WrapperSerde<NdArray> {
    /** Uncompressed NPY values; {@code configure} may set compression. */
    public NpySerde() {
        super(new NpySerializer(), new NpyDeserializer());
    }

    /**
     * NPY values compressed with a codec at its default level.
     *
     * @param compression the codec for values this serde writes
     */
    public NpySerde(Compression compression) {
        super(new NpySerializer(compression), new NpyDeserializer());
    }

    /**
     * NPY values filtered, then compressed with a codec at its default level.
     *
     * @param compression the codec for values this serde writes; not {@code NONE}
     * @param filter the filter applied to the data before the codec
     */
    public NpySerde(Compression compression, Filter filter) {
        super(new NpySerializer(compression, compression.defaultLevel(), filter), new NpyDeserializer());
    }
}
