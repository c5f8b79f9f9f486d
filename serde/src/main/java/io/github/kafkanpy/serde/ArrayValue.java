package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.NdArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link AnyArrayDeserializer} read from a record: one array, or the named arrays of an NPZ
 * archive, together with the format and codec they came in. Immutable.
 *
 * <pre>{@code
 * ArrayValue value = record.value();
 * if (value.isArchive()) {
 *     value.arrays().forEach((name, array) -> System.out.println(name + ": " + array));
 * } else {
 *     System.out.println(value.format() + " " + value.array());
 * }
 * }</pre>
 */
public final class ArrayValue {
    /** How a value was written. */
    public enum Format {
        /** An NPY file ({@link NpySerializer}, {@code np.save}). */
        NPY,
        /** Raw element bytes with metadata in record headers ({@link RawArraySerializer}). */
        RAW,
        /** The JSON envelope ({@link JsonArraySerializer}). */
        JSON,
        /** An NPZ archive of named arrays ({@link NpzSerializer}, {@code np.savez}). */
        NPZ
    }

    private final Format format;
    private final Compression compression;
    private final Filter filter;
    private final NdArray array;
    private final Map<String, NdArray> arrays;

    private ArrayValue(Format format, Compression compression, Filter filter, NdArray array, Map<String, NdArray> arrays) {
        this.format = Objects.requireNonNull(format, "format");
        this.compression = Objects.requireNonNull(compression, "compression");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.array = array;
        this.arrays = arrays;
    }

    /**
     * One array.
     *
     * @param format how it was written; not {@link Format#NPZ}
     * @param compression the codec it was compressed with
     * @param array the array
     * @return the value
     */
    public static ArrayValue of(Format format, Compression compression, NdArray array) {
        return of(format, compression, Filter.NONE, array);
    }

    /**
     * One array that was filtered before it was compressed.
     *
     * @param format how it was written; not {@link Format#NPZ}
     * @param compression the codec it was compressed with
     * @param filter the filter applied before the codec
     * @param array the array
     * @return the value
     */
    public static ArrayValue of(Format format, Compression compression, Filter filter, NdArray array) {
        if (format == Format.NPZ) {
            throw new IllegalArgumentException("an NPZ value holds named arrays: use ArrayValue.archive");
        }
        return new ArrayValue(format, compression, filter, Objects.requireNonNull(array, "array"), null);
    }

    /**
     * The named arrays of an NPZ archive.
     *
     * @param compression the codec of the frame around the archive ({@code NONE} for a plain archive, deflated or not)
     * @param arrays the arrays, in the archive's order
     * @return the value
     */
    public static ArrayValue archive(Compression compression, Map<String, ? extends NdArray> arrays) {
        return new ArrayValue(Format.NPZ, compression, Filter.NONE,
                null, Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(arrays, "arrays"))));
    }

    /** @return how the value was written */
    public Format format() {
        return format;
    }

    /**
     * @return the codec of the value's frame (or of its {@code npy.compression} header); {@code NONE}
     *         when plain, and for an NPZ archive whose entries are deflated inside it (what
     *         {@code np.savez_compressed} and a gzip {@link NpzSerializer} write)
     */
    public Compression compression() {
        return compression;
    }

    /** @return the filter applied before the codec ({@code npy.compression.filter}); {@code NONE} when none */
    public Filter filter() {
        return filter;
    }

    /** @return whether the value is an NPZ archive of named arrays */
    public boolean isArchive() {
        return arrays != null;
    }

    /**
     * @return the array of a single-array value
     * @throws IllegalStateException for an archive: use {@link #arrays()}
     */
    public NdArray array() {
        if (array == null) {
            throw new IllegalStateException("the value is an NPZ archive of " + arrays.size() + " arrays " + arrays.keySet()
                    + ": use arrays()");
        }
        return array;
    }

    /**
     * @return the named arrays of an archive, in its order (unmodifiable)
     * @throws IllegalStateException for a single array: use {@link #array()}
     */
    public Map<String, NdArray> arrays() {
        if (arrays == null) {
            throw new IllegalStateException("the value is a single " + format + " array: use array()");
        }
        return arrays;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrayValue other && format == other.format && compression == other.compression
                && filter == other.filter && Objects.equals(array, other.array) && Objects.equals(arrays, other.arrays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, compression, filter, array, arrays);
    }

    /** @return the format, the filter and codec when there are, and the array or arrays as numpy prints them */
    @Override
    public String toString() {
        String how = format + (filter == Filter.NONE ? "" : "+" + filter.id())
                + (compression == Compression.NONE ? "" : "+" + compression.id());
        return how + " " + (array != null ? array : arrays);
    }
}
