package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.compress.FilterFrame;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
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
     * The bytes in the codec's frame at the level (themselves without a codec), filtered first
     * where a filter is chosen and changes anything.
     *
     * @param content the bytes: an NPY file, or the array's raw data
     * @param array the array whose data they hold
     * @param prefix the leading bytes that are not the array's data (the NPY header; 0 for raw)
     */
    byte[] compress(byte[] content, NdArray array, int prefix) {
        FilterFrame frame = frame(array, prefix);
        return frame == null ? compression.compress(content, level) : frame.encode(content, level);
    }

    /**
     * The filter frame for an array: elements of one number's bytes (a complex number's two parts
     * and a string's characters count apart), and a delta one step along axis 0, which is one row
     * of elements in C order and the next element in Fortran order. None where the filter would
     * change nothing: no data, or shuffle of one-byte elements.
     */
    private FilterFrame frame(NdArray array, int prefix) {
        if (filter == Filter.NONE || array.nbytes() == 0) {
            return null;
        }
        DType dtype = array.dtype();
        int width = dtype.kind().isComplex() ? dtype.kind().itemSize() / 2 : dtype.kind().itemSize();
        if (filter == Filter.SHUFFLE && width == 1) {
            return null;
        }
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
