package io.github.kafkanpy.compress;

/**
 * A reversible rearrangement of an array's bytes before its codec compresses them, so that the
 * codec finds the regularity numeric data has: neighbouring elements share their high bytes, and
 * a smooth series changes little from one row to the next.
 *
 * <p>A filtered value is a {@link FilterFrame}: a 20-byte header that says which filter, element
 * width and delta distance were used, followed by the codec's own frames. Readers recognise it by
 * its magic bytes, as they recognise the codecs, and need no configuration. Filters apply only
 * together with a codec; {@link #NONE} leaves values exactly as they were.
 *
 * <pre>{@code
 * props.put("value.serializer", RawArraySerializer.class.getName());
 * props.put("npy.compression.type", "zstd");
 * props.put("npy.compression.filter", "delta-shuffle");   // Filter.DELTA_SHUFFLE.id()
 * }</pre>
 */
public enum Filter {
    /** No filter: the codec compresses the bytes as they are. */
    NONE("none", 0),
    /**
     * Byte shuffle: byte 0 of every element, then byte 1 of every element, and so on (as HDF5,
     * Blosc and Zarr shuffle). Floats and wide integers whose high bytes repeat compress better.
     */
    SHUFFLE("shuffle", 1),
    /**
     * Each element's bit pattern minus that of the element one step back along axis 0, as a
     * wrap-around unsigned integer (lossless for every dtype), then byte shuffle. Smooth series
     * and sampled signals compress far better.
     */
    DELTA_SHUFFLE("delta-shuffle", 2);

    private final String id;
    private final int code;

    Filter(String id, int code) {
        this.id = id;
        this.code = code;
    }

    /** @return the name used in configuration: {@code none}, {@code shuffle} or {@code delta-shuffle} */
    public String id() {
        return id;
    }

    /** The filter's number in a {@link FilterFrame} header. */
    int code() {
        return code;
    }

    /** The filter a frame header's number names, or null. */
    static Filter forCode(int code) {
        for (Filter f : values()) {
            if (f != NONE && f.code == code) {
                return f;
            }
        }
        return null;
    }

    /**
     * Looks a filter up by its {@link #id()}, ignoring case.
     *
     * @param id {@code none}, {@code shuffle} or {@code delta-shuffle}
     * @return the filter
     * @throws IllegalArgumentException for any other name
     */
    public static Filter forId(String id) {
        for (Filter f : values()) {
            if (f.id.equalsIgnoreCase(id.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown filter '" + id + "'; use one of none, shuffle, delta-shuffle");
    }
}
