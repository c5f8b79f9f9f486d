package io.github.kafkanpy.serde;

import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * Names of the record headers that carry an array's metadata in the raw variant
 * ({@link RawArraySerializer}). Values are UTF-8 text; for a record key the same names are
 * prefixed with {@value #KEY_PREFIX}.
 *
 * <pre>{@code
 * npy.dtype        <f4      numpy descr string
 * npy.shape        28,28    dimensions, comma-separated; empty for a 0-d array
 * npy.order        C        memory order of the value bytes, C or F
 * npy.compression  zstd     present only when the value is compressed
 * }</pre>
 *
 * <p>A Python consumer reads such a record with
 * {@code np.frombuffer(value, dtype=h['npy.dtype']).reshape(shape, order=h['npy.order'])}.
 */
public final class ArrayHeaders {
    /** numpy descr string of the elements, such as {@code <f4}. */
    public static final String DTYPE = "npy.dtype";
    /** Comma-separated dimensions, such as {@code 28,28}; empty for a 0-d array. */
    public static final String SHAPE = "npy.shape";
    /** {@code C} or {@code F}: the memory order of the value bytes. */
    public static final String ORDER = "npy.order";
    /** The codec of a compressed value; absent when the value is not compressed. */
    public static final String COMPRESSION = "npy.compression";
    /** Prefix of the same headers when they describe the record key. */
    public static final String KEY_PREFIX = "key.";

    /** Every header of the raw variant. */
    static final List<String> ALL = List.of(DTYPE, SHAPE, ORDER, COMPRESSION);

    private ArrayHeaders() {
    }

    static String name(String header, boolean isKey) {
        return isKey ? KEY_PREFIX + header : header;
    }

    /**
     * Removes the raw variant's headers (for keys or values) from a record whose value now
     * describes itself, touching the headers only where one is there: a record sent a second time
     * has read-only headers.
     */
    static void removeAll(Headers headers, boolean isKey) {
        if (headers == null) {
            return;
        }
        for (String header : ALL) {
            String name = name(header, isKey);
            if (headers.lastHeader(name) != null) {
                try {
                    headers.remove(name);
                } catch (IllegalStateException e) {
                    throw new SerializationException("Cannot remove header " + name + " from a record whose headers are "
                            + "read-only (a record already sent, re-sent as a self-describing value): " + e.getMessage(), e);
                }
            }
        }
    }
}
