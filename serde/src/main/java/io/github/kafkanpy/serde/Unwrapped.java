package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.compress.FilterFrame;
import java.nio.ByteBuffer;
import java.util.function.ToLongFunction;

/**
 * A value with its filter frame and codec frame undone: the one place where every deserializer
 * recognises what a writer wrapped its bytes in, by their magic bytes alone.
 *
 * @param compression the codec the value was compressed with; {@code NONE} when plain
 * @param filter the filter applied before it; {@code NONE} when none
 * @param content the bytes inside
 */
record Unwrapped(Compression compression, Filter filter, ByteBuffer content) {

    /**
     * Undoes a filter frame, a codec frame or neither, inflating at most {@code limit} bytes.
     *
     * @param expectedLength given the first content bytes, the length of the whole content (or a
     *     negative number when they do not tell); null when only the limit bounds it
     */
    static Unwrapped of(ByteBuffer data, long limit, ToLongFunction<ByteBuffer> expectedLength) {
        if (FilterFrame.isFrame(data)) {
            FilterFrame frame = FilterFrame.read(data);
            return new Unwrapped(frame.codec(), frame.filter(), FilterFrame.decode(data, limit, expectedLength));
        }
        Compression compression = Compression.detect(data);
        if (compression == Compression.NONE) {
            return new Unwrapped(compression, Filter.NONE, data);
        }
        ByteBuffer content = expectedLength == null ? compression.decompress(data, limit)
                : compression.decompress(data, limit, expectedLength);
        return new Unwrapped(compression, Filter.NONE, content);
    }
}
