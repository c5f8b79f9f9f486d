package io.github.kafkanpy.compress;

import java.io.IOException;
import java.nio.ByteBuffer;

/** One compression algorithm behind {@link Compression}: a whole-message compressor and a bounded decompressor. */
interface Codec {
    /** Compresses {@code input[offset, offset + length)} into one standard frame. */
    byte[] compress(byte[] input, int offset, int length, int level) throws IOException;

    /**
     * Decompresses every frame of {@code input} (position to limit, which the codec may move:
     * it gets its own duplicate) into {@code out}, which refuses output past its bounds.
     */
    void decompress(ByteBuffer input, BoundedOutput out) throws IOException;
}
