package io.github.kafkanpy.serde;

import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npz;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Reads an NPZ archive into its named arrays, in the archive's order: what {@code np.savez} and
 * {@code np.savez_compressed} write, and what {@link NpzSerializer} writes with any codec (a
 * frame around the archive is recognised from its magic bytes).
 *
 * <p>Stored entries of an archive that is not inside a frame are read without copying: the
 * arrays are read-only views of the record's bytes. {@code npy.max.array.bytes} bounds the entries
 * together, each entry being an NPY file (its array plus a header, 128 bytes for most); deflated entries and frames are refused as soon as they pass it, and a
 * hostile archive (a deflate bomb, sizes that disagree, duplicate or escaping names, encrypted or
 * non-{@code .npy} entries, object arrays) is a
 * {@link org.apache.kafka.common.errors.SerializationException} naming the problem.
 *
 * <pre>{@code
 * props.put("value.deserializer", NpzDeserializer.class.getName());
 * for (ConsumerRecord<String, Map<String, NdArray>> record : consumer.poll(Duration.ofSeconds(1))) {
 *     float[] embedding = record.value().get("embedding").toFloatArray();
 * }
 * }</pre>
 */
public class NpzDeserializer extends BoundedDeserializer<Map<String, NdArray>> {
    /**
     * Room for the archive's own structure (local headers, central directory, NPY headers) on top
     * of the arrays' data when bounding the inflation of a frame around it.
     */
    static final long ARCHIVE_ALLOWANCE = 1 << 20;

    /** A deserializer with the default limit of 256 MiB for all arrays of an archive together. */
    public NpzDeserializer() {
        this(NpySerdeConfig.MAX_ARRAY_BYTES_DEFAULT);
    }

    /**
     * A deserializer with a limit.
     *
     * @param maxArrayBytes the most bytes, all entries together, to accept
     */
    public NpzDeserializer(long maxArrayBytes) {
        super("an NPZ archive", maxArrayBytes);
    }

    @Override
    Map<String, NdArray> read(ByteBuffer data) {
        return Npz.read(Unwrapped.of(data, maxArrayBytes() + ARCHIVE_ALLOWANCE, null).content(), maxArrayBytes());
    }
}
