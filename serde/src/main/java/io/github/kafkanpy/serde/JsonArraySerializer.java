package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes an {@link NdArray} as one JSON object for text-only pipelines (REST proxies, JSON
 * connectors, browsers):
 *
 * <pre>{@code
 * {"dtype": "<f4", "shape": [2, 3], "order": "C", "data": "AACAPwAAAEAAAEBAAACAQAAAoEAAAMBA"}
 * }</pre>
 *
 * <p>{@code dtype} is numpy's descr string, {@code order} says whether the bytes are in C or
 * Fortran order, and {@code data} is standard base64 of the raw element bytes in that order, with
 * padding and no line breaks. Keys come in that order, spaced as Python's {@code json.dumps}
 * spaces them. Python reads a value with {@code json}, {@code base64} and numpy alone:
 *
 * <pre>{@code
 * e = json.loads(value)
 * a = np.frombuffer(base64.b64decode(e["data"]), e["dtype"]).reshape(e["shape"], order=e["order"])
 * }</pre>
 *
 * <p>JSON values are not compressed: {@code npy.compression.type} and {@code npy.compression.level}
 * set producer-wide for other serializers are ignored here (leave compression to the producer's
 * {@code compression.type}). The raw variant's {@code npy.*} headers left on a record are removed,
 * as the value describes itself.
 *
 * <pre>{@code
 * props.put("value.serializer", JsonArraySerializer.class.getName());
 * producer.send(new ProducerRecord<>("arrays", "doc-1", NdArray.of(vector)));
 * }</pre>
 */
public class JsonArraySerializer extends ArraySerializer {

    /** A serializer; it has no settings. */
    public JsonArraySerializer() {
        super(Compression.NONE, Compression.NONE.defaultLevel(), Filter.NONE, false);
    }

    /**
     * Takes only the key role from {@code configure}: the {@code npy.compression.*} keys (filter included) do not
     * apply to JSON, so the base is configured without them, and a producer-wide codec or level
     * neither compresses these values nor fails.
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(Map.of(), isKey);
    }

    @Override
    public byte[] serialize(String topic, NdArray data) {
        if (data == null) {
            return null;
        }
        try {
            StringBuilder head = new StringBuilder("{\"dtype\": \"").append(data.dtype().descr()).append("\", \"shape\": [");
            int[] shape = data.shape();
            for (int i = 0; i < shape.length; i++) {
                head.append(i == 0 ? "" : ", ").append(shape[i]);
            }
            head.append("], \"order\": \"").append(data.fortranOrder() ? 'F' : 'C').append("\", \"data\": \"");
            byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
            ByteBuffer base64 = JsonBase64.encode(data.data());
            byte[] value = new byte[Math.addExact(start.length, base64.remaining() + 2)];
            System.arraycopy(start, 0, value, 0, start.length);
            base64.get(value, start.length, base64.remaining());
            value[value.length - 2] = '"';
            value[value.length - 1] = '}';
            return value;
        } catch (RuntimeException e) {
            throw Failures.of("serialize a JSON array", topic, e);
        }
    }
}
