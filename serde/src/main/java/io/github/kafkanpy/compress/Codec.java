package io.github.kafkanpy.compress;

import java.io.IOException;
import java.nio.ByteBuffer;

/** One compression algorithm behind {@link Compression}: a whole-message compressor and a bounded decompressor. */
interface Codec {
    /** Compresses {@code input[offset, offset + length)} into one standard frame. */
    byte[] compress(byte[] input, int offset, int length, int level) throws IOException;

    /**
     * Compresses consecutive pieces of {@code input}, {@code [cuts[i], cuts[i + 1])}, into one
     * frame each, one after another, after {@code headroom} bytes left for the caller.
     *
     * @return the bytes, exactly {@code headroom} plus the frames long
     */
    default byte[] compressFrames(byte[] input, int[] cuts, int level, int headroom) throws IOException {
        byte[][] frames = new byte[cuts.length - 1][];
        long total = headroom;
        for (int i = 0; i < frames.length; i++) {
            frames[i] = compress(input, cuts[i], cuts[i + 1] - cuts[i], level);
            total += frames[i].length;
        }
        byte[] out = new byte[Math.toIntExact(total)];
        int at = headroom;
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, out, at, frame.length);
            at += frame.length;
        }
        return out;
    }

    /**
     * Decompresses every frame of {@code input} (position to limit, which the codec may move:
     * it gets its own duplicate) into {@code out}, which refuses output past its bounds.
     */
    void decompress(ByteBuffer input, BoundedOutput out) throws IOException;
}
