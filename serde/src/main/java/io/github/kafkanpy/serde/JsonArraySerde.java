package io.github.kafkanpy.serde;

import io.github.kafkanpy.npy.NdArray;
import org.apache.kafka.common.serialization.Serdes;

/**
 * {@link JsonArraySerializer} and {@link JsonArrayDeserializer} as one Kafka {@code Serde}: values
 * are JSON envelopes that describe themselves, so it also works where records carry no headers, as
 * in Kafka Streams state stores. {@code configure} and {@code close} reach both halves.
 *
 * <pre>{@code
 * KStream<String, NdArray> arrays = builder.stream("json-arrays", Consumed.with(Serdes.String(), new JsonArraySerde()));
 * }</pre>
 */
public class JsonArraySerde extends Serdes.WrapperSerde<NdArray> {
    /** JSON values, read with the default limit of 256 MiB per array. */
    public JsonArraySerde() {
        super(new JsonArraySerializer(), new JsonArrayDeserializer());
    }

    /**
     * JSON values, read with a limit.
     *
     * @param maxArrayBytes the largest array, in data bytes, the deserializer accepts
     */
    public JsonArraySerde(long maxArrayBytes) {
        super(new JsonArraySerializer(), new JsonArrayDeserializer(maxArrayBytes));
    }
}
