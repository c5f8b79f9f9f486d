package io.github.kafkanpy.compress;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * Where a decompressor writes: a byte array that grows as output arrives and never past what the
 * caller accepts. Until the first {@value #PROBE_BYTES} bytes are in, the total is unknown; then
 * the caller's {@code expectedLength} reads it from them (for NPY, from the header), and an
 * output that would be larger than the limit is refused there, before anything more is inflated.
 * Where the first bytes do not tell ({@code expectedLength} returns a negative number), the output
 * grows up to the limit as it would without {@code expectedLength}.
 */
final class BoundedOutput {
    /** How much output is inflated before the caller is asked how long the whole output is. */
    static final int PROBE_BYTES = 64 * 1024;
    /** The longest byte array a JVM hands out. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final String codec;
    private final long limit;
    private final ToLongFunction<ByteBuffer> expectedLength;
    private byte[] buf;
    private int size;
    private long expected = -1;
    private boolean probed;
    /** Where in the compressed input the decoder is, for error offsets. */
    long inputOffset;

    /**
     * @param codec the codec's name, for messages
     * @param limit the most output accepted
     * @param expectedLength given the first bytes, the length of the whole output, or a negative
     *     number when they do not tell; null when unknown until the end
     * @param initialCapacity a first guess of the output size
     */
    BoundedOutput(String codec, long limit, ToLongFunction<ByteBuffer> expectedLength, int initialCapacity) {
        this.codec = codec;
        this.limit = limit;
        this.expectedLength = expectedLength;
        this.buf = new byte[(int) Math.min(Math.max(0, limit), Math.max(16, initialCapacity))];
    }

    int size() {
        return size;
    }

    /** The output written so far; bytes {@code [0, size())} are valid. */
    byte[] array() {
        return buf;
    }

    void write(byte[] src, int offset, int length) {
        int beforeProbe = untilProbe(length);
        if (beforeProbe > 0) {
            write(src, offset, beforeProbe);
            offset += beforeProbe;
            length -= beforeProbe;
        }
        reserve(length);
        System.arraycopy(src, offset, buf, size, length);
        size += length;
    }

    /** Appends {@code src[index, index + length)}, without moving the buffer's position. */
    void write(ByteBuffer src, int index, int length) {
        int beforeProbe = untilProbe(length);
        if (beforeProbe > 0) {
            write(src, index, beforeProbe);
            index += beforeProbe;
            length -= beforeProbe;
        }
        reserve(length);
        src.get(index, buf, size, length);
        size += length;
    }

    /**
     * Appends {@code length} bytes copied from {@code distance} bytes back (an LZ77 match). Where
     * they overlap, the output repeats with period {@code distance}, so the copy goes in
     * non-overlapping blocks that double: the pattern, then twice it, and so on.
     */
    void copyBack(int distance, int length) {
        int beforeProbe = untilProbe(length);
        if (beforeProbe > 0) {
            copyBack(distance, beforeProbe);
            length -= beforeProbe;
        }
        reserve(length);
        int from = size - distance;
        int copied = 0;
        while (copied < length) {
            // bytes [from, size + copied) repeat with period distance, and copied is a multiple of it
            int chunk = Math.min(length - copied, distance + copied);
            System.arraycopy(buf, from, buf, size + copied, chunk);
            copied += chunk;
        }
        size += length;
    }

    /** How much of a write of {@code length} bytes fits before the probe point, when the write would cross it. */
    private int untilProbe(int length) {
        boolean crosses = !probed && expectedLength != null && size < PROBE_BYTES && size + (long) length > PROBE_BYTES;
        return crosses ? PROBE_BYTES - size : 0;
    }

    /** Makes room for {@code n} more bytes, or refuses them. */
    void reserve(int n) {
        long needed = (long) size + n;
        if (!probed && expectedLength != null && needed > PROBE_BYTES) {
            learnExpected();
        }
        long cap = expected >= 0 ? expected : limit;
        if (needed > cap) {
            throw new CompressionException(expected >= 0
                    ? codec + " payload holds more than the " + expected + " bytes its content promises"
                    : codec + " payload inflates past the limit of " + limit + " bytes", inputOffset);
        }
        if (needed > MAX_ARRAY) {
            throw new CompressionException(codec + " payload inflates past the " + MAX_ARRAY + " bytes a Java array holds",
                    inputOffset);
        }
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(Math.min(cap, MAX_ARRAY), Math.max(needed, 2L * buf.length)));
        }
    }

    private void learnExpected() {
        probed = true;
        expected = Math.max(-1, expectedLength.applyAsLong(ByteBuffer.wrap(buf, 0, size).slice()));
        if (expected < 0) {
            return;
        }
        if (expected > limit) {
            throw new CompressionException(codec + " payload holds " + expected + " bytes, more than the limit of " + limit,
                    inputOffset);
        }
        if (size > expected) {
            throw new CompressionException(codec + " payload holds more than the " + expected
                    + " bytes its content promises", inputOffset);
        }
    }

    /** The complete output, exactly as long as promised. */
    ByteBuffer finish() {
        if (expectedLength != null) {
            if (!probed) {
                learnExpected();
            }
            if (expected >= 0 && size < expected) {
                throw new CompressionException(codec + " payload ends after " + size + " of the " + expected
                        + " bytes its content promises", inputOffset);
            }
        }
        return ByteBuffer.wrap(buf, 0, size).slice();
    }
}
