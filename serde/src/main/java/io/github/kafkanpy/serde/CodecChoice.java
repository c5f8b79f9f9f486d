package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.compress.FilterFrame;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * A serializer's codec, level and filter: what its constructor chose, changed by {@code configure}
 * only where the map sets a key (see {@link NpySerdeConfig}).
 *
 * @param compression the codec
 * @param level the level, within the codec's range
 * @param filter the filter before the codec; {@code NONE} unless there is a codec
 */
record CodecChoice(Compression compression, int level, Filter filter) {
    CodecChoice {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(filter, "filter");
        compression.checkLevel(level);
        if (filter != Filter.NONE && compression == Compression.NONE) {
            throw new IllegalArgumentException("the " + filter.id() + " filter works with a codec: set "
                    + NpySerdeConfig.COMPRESSION_TYPE_CONFIG + " as well");
        }
    }


    /**
     * The choice after {@code configure}: a codec in the map replaces this one, a level in the map
     * is checked against whichever codec results, and a new codec without a level gets its default;
     * a filter in the map replaces this one, where {@code filters} says the format takes one (NPZ does not).
     */
    CodecChoice configuredBy(NpySerdeConfig config, boolean filters) {
        Compression codec = config.compression().orElse(compression);
        Integer configured = config.compressionLevel().orElse(null);
        int chosen = configured != null ? NpySerdeConfig.checkLevel(codec, configured)
                : codec == compression ? level : codec.defaultLevel();
        Filter chosenFilter = filters ? config.compressionFilter().orElse(filter) : Filter.NONE;
        if (chosenFilter != Filter.NONE && codec == Compression.NONE) {
            throw new ConfigException(NpySerdeConfig.COMPRESSION_FILTER_CONFIG, chosenFilter.id(),
                    "a filter works with a codec: set " + NpySerdeConfig.COMPRESSION_TYPE_CONFIG + " as well");
        }
        return new CodecChoice(codec, chosen, chosenFilter);
    }

    /**
     * The array as an NPY file in the codec's frame at the level (the file itself without a
     * codec), filtered first where a filter is chosen and changes anything. A filter reads the
     * array's data where it is: only the filtered bytes are written.
     */
    byte[] npy(NdArray array) {
        if (filters(array)) {
            byte[] header = Npy.header(array);
            return frame(array, header.length).encode(header, array.data(), level);
        }
        return compression.compress(Npy.toBytes(array), level);
    }

    /** The array's raw data in the codec's frame at the level, filtered first as for {@link #npy}. */
    byte[] raw(NdArray array) {
        if (filters(array)) {
            return frame(array, 0).encode(new byte[0], array.data(), level);
        }
        byte[] raw = new byte[Math.toIntExact(array.nbytes())];
        array.data().get(raw);
        return compression.compress(raw, level);
    }

    /** Whether the filter changes anything: there is data, and shuffle has more than one byte per element. */
    private boolean filters(NdArray array) {
        return filter != Filter.NONE && array.nbytes() > 0 && (filter == Filter.DELTA_SHUFFLE || width(array.dtype()) > 1);
    }

    /** Bytes per element as filters see it: a complex number's parts and a string's characters count apart. */
    private static int width(DType dtype) {
        return dtype.kind().isComplex() ? dtype.kind().itemSize() / 2 : dtype.kind().itemSize();
    }

    /**
     * The filter frame for an array: elements of {@link #width} bytes, and a delta one step along
     * axis 0, which is one row of elements in C order and the next element in Fortran order.
     */
    private FilterFrame frame(NdArray array, int prefix) {
        DType dtype = array.dtype();
        int width = width(dtype);
        long distance = 0;
        if (filter == Filter.DELTA_SHUFFLE) {
            long perElement = dtype.itemSize() / width;
            long step = 1;
            int[] shape = array.shape();
            if (!array.fortranOrder()) {
                for (int i = 1; i < shape.length; i++) {
                    step *= shape[i];
                }
            }
            distance = Math.max(1, Math.min(perElement * step, 0xFFFFFFFFL));
        }
        return FilterFrame.of(filter, compression, width, distance, dtype.byteOrder(), prefix);
    }
}
