package io.github.kafkanpy.compress;

import io.github.kafkanpy.npy.NpyFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
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

    /** How much output is inflated before the caller is asked how long the whole output is. */
    private static final int PROBE_BYTES = 64 * 1024;

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
        for (Compression c : values()) {
            if (c != NONE && c.startsWithMagic(payload)) {
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
     * Compresses bytes into one standard frame.
     *
     * @param input the bytes
     * @param level a level between {@link #minLevel()} and {@link #maxLevel()}; ignored by codecs without levels
     * @return the compressed frame, or {@code input} itself for {@link #NONE}
     * @throws IllegalArgumentException for a level outside the codec's range
     */
    public byte[] compress(byte[] input, int level) {
        if (codec == null) {
            return input;
        }
        if (hasLevels() && (level < minLevel || level > maxLevel)) {
            throw new IllegalArgumentException(id + " levels run from " + minLevel + " to " + maxLevel + ", not " + level);
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
     * memory. Then exactly that many bytes are inflated into an array of exactly that size, and
     * any output beyond it is refused.
     *
     * @param payload the compressed bytes, from position to limit (left as they are)
     * @param limit the largest output accepted
     * @param expectedLength given the first output bytes, the length of the whole output
     * @return the decompressed bytes, exactly {@code expectedLength} long
     * @throws NpyFormatException if the payload is corrupt, too large, shorter or longer than promised
     */
    public ByteBuffer decompress(ByteBuffer payload, long limit, ToLongFunction<ByteBuffer> expectedLength) {
        if (codec == null) {
            return payload.slice();
        }
        CountingInput compressed = new CountingInput(payload.duplicate());
        try (InputStream in = codec.decompress(compressed, limit)) {
            byte[] head = new byte[limit >= PROBE_BYTES ? PROBE_BYTES : (int) Math.max(0, limit) + 1];
            int n = in.readNBytes(head, 0, head.length);
            long expected = expectedLength.applyAsLong(ByteBuffer.wrap(head, 0, n).slice());
            if (expected > limit) {
                throw new NpyFormatException(id + " payload holds " + expected + " bytes, more than the limit of "
                        + limit, compressed.consumed());
            }
            if (n > expected) {
                throw new NpyFormatException(id + " payload holds more than the " + expected
                        + " bytes its content promises", compressed.consumed());
            }
            byte[] out = Arrays.copyOf(head, (int) expected);
            int filled = n + in.readNBytes(out, n, out.length - n);
            if (filled < expected) {
                throw new NpyFormatException(id + " payload ends after " + filled + " of the " + expected
                        + " bytes its content promises", compressed.consumed());
            }
            if (in.read() != -1) {
                throw new NpyFormatException(id + " payload holds more than the " + expected
                        + " bytes its content promises", compressed.consumed());
            }
            return ByteBuffer.wrap(out);
        } catch (IOException | RuntimeException e) {
            throw failure(e, compressed);
        }
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
        if (codec == null) {
            return payload.slice();
        }
        CountingInput compressed = new CountingInput(payload.duplicate());
        try (InputStream in = codec.decompress(compressed, limit)) {
            byte[] out = new byte[(int) Math.min(limit + 1, Math.max(PROBE_BYTES, 2L * payload.remaining()))];
            int filled = 0;
            while (true) {
                int n = in.read(out, filled, out.length - filled);
                if (n < 0) {
                    return ByteBuffer.wrap(out, 0, filled).slice();
                }
                filled += n;
                if (filled > limit) {
                    throw new NpyFormatException(id + " payload inflates past the limit of " + limit + " bytes",
                            compressed.consumed());
                }
                if (filled == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(limit + 1, 2L * out.length));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw failure(e, compressed);
        }
    }

    private NpyFormatException failure(Exception e, CountingInput compressed) {
        if (e instanceof NpyFormatException) {
            return (NpyFormatException) e;
        }
        return new NpyFormatException("corrupt " + id + " payload: " + e.getMessage(), compressed.consumed(), e);
    }

    /** An input stream over a buffer that counts the compressed bytes consumed, for error offsets. */
    private static final class CountingInput extends InputStream {
        private final ByteBuffer buf;
        private final int start;

        CountingInput(ByteBuffer buf) {
            this.buf = buf;
            this.start = buf.position();
        }

        long consumed() {
            return buf.position() - start;
        }

        @Override
        public int read() {
            return buf.hasRemaining() ? buf.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!buf.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return buf.remaining();
        }
    }
}
