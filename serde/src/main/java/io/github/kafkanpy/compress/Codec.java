package io.github.kafkanpy.compress;

import java.io.IOException;
import java.io.InputStream;

/** One compression algorithm behind {@link Compression}: a whole-message compressor and a streaming decompressor. */
interface Codec {
    /** Compresses {@code input[offset, offset + length)} into one standard frame. */
    byte[] compress(byte[] input, int offset, int length, int level) throws IOException;

    /**
     * Wraps a stream of compressed bytes in a decompressing stream.
     *
     * @param compressed the frames
     * @param limit the most output bytes the caller accepts, for codecs that size buffers from it
     */
    InputStream decompress(InputStream compressed, long limit) throws IOException;
}
