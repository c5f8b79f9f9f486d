package io.github.kafkanpy.serde;

import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.npy.NpyFormatException;
import java.nio.ByteBuffer;

/**
 * Reads an NPY file, plain or compressed with any of kafka-npy's codecs, into an
 * {@link NdArray}. The codec is recognised from the payload's magic bytes, so a consumer needs no
 * configuration whatever the producer chose; values from Python's {@code np.save} read as they are,
 * and so do values filtered before compression ({@code npy.compression.filter}).
 *
 * <p>An uncompressed value is not copied: the array is a read-only view of the record's bytes
 * (through the {@code ByteBuffer} overload Kafka consumers call), and the caller's buffer keeps
 * its position and limit. Call {@link NdArray#copy()} to keep an array apart from its record.
 * Arrays larger than {@code npy.max.array.bytes} are refused, compressed ones before they are
 * inflated. Every malformed value is a {@link org.apache.kafka.common.errors.SerializationException}
 * naming the topic and the problem.
 *
 * <pre>{@code
 * props.put("value.deserializer", NpyDeserializer.class.getName());
 * try (var consumer = new KafkaConsumer<String, NdArray>(props)) {
 *     consumer.subscribe(List.of("embeddings"));
 *     for (var record : consumer.poll(Duration.ofSeconds(1))) {
 *         float[] vector = record.value().toFloatArray();
 *     }
 * }
 * }</pre>
 */
public class NpyDeserializer extends BoundedDeserializer<NdArray> {
    /** Room for the NPY header on top of the array's data when bounding decompression. */
    private static final long HEADER_ALLOWANCE = 65_536;

    /** A deserializer with the default limit of 256 MiB per array. */
    public NpyDeserializer() {
        this(NpySerdeConfig.MAX_ARRAY_BYTES_DEFAULT);
    }

    /**
     * A deserializer with a limit.
     *
     * @param maxArrayBytes the largest array, in data bytes, to accept
     */
    public NpyDeserializer(long maxArrayBytes) {
        super("an NPY array", maxArrayBytes);
    }

    @Override
    NdArray read(ByteBuffer data) {
        NdArray array = Npy.read(Unwrapped.of(data, maxArrayBytes() + HEADER_ALLOWANCE, this::checkedLength).content());
        if (array.nbytes() > maxArrayBytes()) {
            throw tooLarge(array.nbytes());
        }
        return array;
    }

    private long checkedLength(ByteBuffer start) {
        long length = Npy.length(start);
        if (length > maxArrayBytes() + HEADER_ALLOWANCE) {
            throw tooLarge(length);
        }
        return length;
    }

    private NpyFormatException tooLarge(long bytes) {
        return new NpyFormatException("the array's " + bytes + " bytes exceed " + NpySerdeConfig.MAX_ARRAY_BYTES_CONFIG
                + "=" + maxArrayBytes(), 0);
    }
}
