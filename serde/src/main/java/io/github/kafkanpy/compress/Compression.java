package io.github.kafkanpy.compress;

import io.github.kafkanpy.npy.NpyFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Per-message compression: none, gzip, zstd, lz4 or snappy.
 *
 * <p>Every codec writes its standard self-describing frame (a gzip member, a zstd frame, an LZ4
 * frame, the snappy framing format), so any language decodes a payload with its usual library,
 * and {@link #detect(ByteBuffer)} tells them apart by their magic bytes: a reader never needs to
 * be told which codec a writer used. Decompression is bounded: it refuses, before inflating
 * anything, output larger than a limit, and stops as soon as a payload produces more than it
 * promised.
 *
 * <pre>{@code
 * byte[] zstd = Compression.ZSTD.compress(npyBytes, Compression.ZSTD.defaultLevel());
 * Compression found = Compression.detect(ByteBuffer.wrap(zstd));      // ZSTD
 * ByteBuffer npy = found.decompress(ByteBuffer.wrap(zstd), 1 << 28, Npy::length);
 * }</pre>
 */
public enum Compression {
    /** No compression: the payload is used as it is. */
    NONE("none", null, 0, 0, 0, new byte[0]),
    /** gzip (RFC 1952), levels 1 to 9, default 6. */
    GZIP("gzip", new GzipCodec(), 1, 9, 6, new byte[] {0x1f, (byte) 0x8b}),
    /** Zstandard (RFC 8878), levels -7 to 22, default 3. */
    ZSTD("zstd", new ZstdCodec(), -7, 22, 3, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}),
    /** LZ4 frame format, levels 1 (fast, the default) to 17 (high compression). */
    LZ4("lz4", new Lz4Codec(), 1, 17, 1, new byte[] {0x04, 0x22, 0x4d, 0x18}),
    /** Snappy framing format; snappy has no levels. */
    SNAPPY("snappy", new SnappyCodec(), 0, 0, 0, new byte[] {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'});

    /** Every codec but {@link #NONE}, in detection order. */
    private static final Compression[] CODECS = {GZIP, ZSTD, LZ4, SNAPPY};

    private final String id;
    private final Codec codec;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;
    private final byte[] magic;

    Compression(String id, Codec codec, int minLevel, int maxLevel, int defaultLevel, byte[] magic) {
        this.id = id;
        this.codec = codec;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.defaultLevel = defaultLevel;
        this.magic = magic;
    }

    /** @return the name used in configuration and record headers: {@code none}, {@code gzip}, ... */
    public String id() {
        return id;
    }

    /** @return whether the codec has compression levels (snappy and none do not) */
    public boolean hasLevels() {
        return minLevel != maxLevel;
    }

    /** @return the lowest level */
    public int minLevel() {
        return minLevel;
    }

    /** @return the highest level */
    public int maxLevel() {
        return maxLevel;
    }

    /** @return the codec's own default level */
    public int defaultLevel() {
        return defaultLevel;
    }

    /**
     * Looks a codec up by its {@link #id()}, ignoring case.
     *
     * @param id {@code none}, {@code gzip}, {@code zstd}, {@code lz4} or {@code snappy}
     * @return the codec
     * @throws IllegalArgumentException for any other name
     */
    public static Compression forId(String id) {
        for (Compression c : values()) {
            if (c.id.equalsIgnoreCase(id.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + id + "'; use one of none, gzip, zstd, lz4, snappy");
    }

    /**
     * Tells which codec compressed a payload from its first bytes; the buffer's position and
     * limit stay as they are.
     *
     * @param payload the payload, from position to limit
     * @return the codec whose magic bytes start the payload, or {@link #NONE}
     */
    public static Compression detect(ByteBuffer payload) {
        for (Compression c : CODECS) {
            if (c.startsWithMagic(payload)) {
                return c;
            }
        }
        return NONE;
    }

    private boolean startsWithMagic(ByteBuffer payload) {
        if (payload.remaining() < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (payload.get(payload.position() + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a level against the codec's range; codecs without levels accept any.
     *
     * @param level the level
     * @throws IllegalArgumentException for a level outside the range
     */
    public void checkLevel(int level) {
        if (hasLevels() && (level < minLevel || level > maxLevel)) {
            throw new IllegalArgumentException(id + " levels run from " + minLevel + " to " + maxLevel + ", not " + level);
        }
    }

    /**
     * Compresses bytes into one standard frame.
     *
     * @param input the bytes
     * @param level a level between {@link #minLevel()} and {@link #maxLevel()}; ignored by codecs without levels
     * @return the compressed frame, or {@code input} itself for {@link #NONE}
     * @throws IllegalArgumentException for a level outside the codec's range
     */
    public byte[] compress(byte[] input, int level) {
        checkLevel(level);
        if (codec == null) {
            return input;
        }
        try {
            return codec.compress(input, 0, input.length, level);
        } catch (IOException e) {
            throw new IllegalStateException(id + " compression failed", e);
        }
    }

    /**
     * Decompresses a payload whose length the caller can tell from its first bytes, inflating no
     * more than that length and never more than {@code limit}.
     *
     * <p>The first 64 KiB of output (or all of it, if shorter) go to {@code expectedLength}, which
     * returns how long the whole output must be (for NPY, {@code Npy::length}); an output longer
     * than {@code limit} is refused right there, so a decompression bomb costs 64 KiB of work and
     * memory. The output array grows as bytes arrive (so a payload that promises much and
     * delivers little costs only what it delivers), and output beyond the promise is refused.
     *
     * @param payload the compressed bytes, from position to limit (left as they are)
     * @param limit the largest output accepted
     * @param expectedLength given the first output bytes, the length of the whole output
     * @return the decompressed bytes, exactly {@code expectedLength} long
     * @throws NpyFormatException if the payload is corrupt, too large, shorter or longer than promised
     */
    public ByteBuffer decompress(ByteBuffer payload, long limit, ToLongFunction<ByteBuffer> expectedLength) {
        return codec == null ? payload.slice() : run(payload, limit, expectedLength);
    }

    /**
     * Decompresses a payload of unknown output length, growing the output as it comes and
     * refusing it as soon as it passes {@code limit}.
     *
     * @param payload the compressed bytes, from position to limit (left as they are)
     * @param limit the largest output accepted
     * @return the decompressed bytes
     * @throws NpyFormatException if the payload is corrupt or inflates past the limit
     */
    public ByteBuffer decompress(ByteBuffer payload, long limit) {
        return codec == null ? payload.slice() : run(payload, limit, null);
    }

    private ByteBuffer run(ByteBuffer payload, long limit, ToLongFunction<ByteBuffer> expectedLength) {
        int guess = (int) Math.min(BoundedOutput.PROBE_BYTES, 4L * payload.remaining());
        BoundedOutput out = new BoundedOutput(id, limit, expectedLength, guess);
        try {
            codec.decompress(payload.slice(), out);
            return out.finish();
        } catch (NpyFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new NpyFormatException("corrupt " + id + " payload: " + e.getMessage(), out.inputOffset, e);
        }
    }
}
