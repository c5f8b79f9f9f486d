package io.github.kafkanpy.serde;

import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteBuffer;

/**
 * Reads a JSON envelope of an array into an {@link NdArray}, as {@link JsonArraySerializer} and
 * Python snippets write it. Accepted are:
 * <ul>
 *   <li>the object {@code {"dtype": "<f4", "shape": [2, 3], "order": "C", "data": "<base64>"}},
 *       keys in any order, any whitespace, {@code order} optional (C), unknown keys ignored,
 *       duplicate keys refused;</li>
 *   <li>{@code dtype} in any spelling {@link io.github.kafkanpy.npy.DType#parse} accepts
 *       ({@code "float32"}, {@code "f4"}, {@code ">i8"}, {@code "bool"}, ...);</li>
 *   <li>{@code data} as standard padded base64 of the raw bytes in that order, on one line or
 *       wrapped as {@code base64.encodebytes} wraps it;</li>
 *   <li>{@code data} as nested lists, as {@code json.dumps(arr.tolist())} writes them, with
 *       {@code NaN}, {@code Infinity} and {@code -Infinity}, nested as the array's logical shape
 *       whatever {@code order} says (not for complex arrays, which {@code tolist()} cannot put in
 *       JSON); integers must fit the dtype exactly, floats convert as numpy converts Python floats;</li>
 *   <li>the list {@code [dtype, base64, shape]} of {@code json.dumps([str(a.dtype),
 *       base64.b64encode(a.tobytes()).decode(), a.shape])}, in C order.</li>
 * </ul>
 *
 * <p>Arrays larger than {@code npy.max.array.bytes} are refused from dtype and shape, before any
 * data is decoded; shapes promising more elements than the value could list are refused too.
 * Every malformed value is a {@link org.apache.kafka.common.errors.SerializationException} wrapping
 * a {@link io.github.kafkanpy.npy.NpyFormatException} that names the problem and its byte offset.
 *
 * <pre>{@code
 * props.put("value.deserializer", JsonArrayDeserializer.class.getName());
 * try (var consumer = new KafkaConsumer<String, NdArray>(props)) {
 *     consumer.subscribe(List.of("arrays"));
 *     for (var record : consumer.poll(Duration.ofSeconds(1))) {
 *         float[] vector = record.value().toFloatArray();
 *     }
 * }
 * }</pre>
 */
public class JsonArrayDeserializer extends BoundedDeserializer<NdArray> {
    private JsonEnvelope envelope;

    /** A deserializer with the default limit of 256 MiB per array. */
    public JsonArrayDeserializer() {
        this(NpySerdeConfig.MAX_ARRAY_BYTES_DEFAULT);
    }

    /**
     * A deserializer with a limit.
     *
     * @param maxArrayBytes the largest array, in data bytes, to accept
     */
    public JsonArrayDeserializer(long maxArrayBytes) {
        super("a JSON array", maxArrayBytes);
        this.envelope = new JsonEnvelope(maxArrayBytes());
    }

    @Override
    void limitChanged(long maxArrayBytes) {
        envelope = new JsonEnvelope(maxArrayBytes);
    }

    @Override
    NdArray read(ByteBuffer data) {
        return envelope.read(data);
    }
}
