package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.NdArray;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/**
 * {@link NpzSerializer} and {@link NpzDeserializer} as one Kafka {@code Serde} over named arrays:
 * values are NPZ archives that describe themselves, so it works where records carry no headers,
 * as in Kafka Streams state stores. {@code configure} and {@code close} reach both halves.
 *
 * <pre>{@code
 * KTable<String, Map<String, NdArray>> latest = builder.table("features",
 *         Consumed.with(Serdes.String(), new NpzSerde()));
 * }</pre>
 */
public class NpzSerde extends Serdes.WrapperSerde<Map<String, NdArray>> {
    /** Stored archives, like {@code np.savez}; {@code configure} may set compression. */
    public NpzSerde() {
        super(new NpzSerializer(), new NpzDeserializer());
    }

    /**
     * Archives compressed with a codec at its default level: {@code GZIP} deflates the entries,
     * like {@code np.savez_compressed}; the other codecs frame the whole archive.
     *
     * @param compression the codec for values this serde writes
     */
    public NpzSerde(Compression compression) {
        super(new NpzSerializer(compression), new NpzDeserializer());
    }
}
