package io.github.kafkanpy.compress;

import io.github.kafkanpy.npy.NpyFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
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
    NONE("none", null, null, 0, 0, 0, new byte[0]),
    /** gzip (RFC 1952), levels 1 to 9, default 6; needs only the JDK. */
    GZIP("gzip", GzipCodec::new, null, 1, 9, 6, new byte[] {0x1f, (byte) 0x8b}),
    /** Zstandard (RFC 8878), levels -7 to 22, default 3; needs {@code com.github.luben:zstd-jni}. */
    ZSTD("zstd", ZstdCodec::new, Library.ZSTD_JNI, -7, 22, 3, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}),
    /** LZ4 frame format, levels 1 (fast, the default) to 17 (high compression); needs {@code at.yawk.lz4:lz4-java}. */
    LZ4("lz4", Lz4Codec::new, Library.LZ4_JAVA, 1, 17, 1, new byte[] {0x04, 0x22, 0x4d, 0x18}),
    /** Snappy framing format; snappy has no levels; needs {@code org.xerial.snappy:snappy-java}. */
    SNAPPY("snappy", SnappyCodec::new, Library.SNAPPY_JAVA, 0, 0, 0,
            new byte[] {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'});

    /** Every codec but {@link #NONE}, in detection order. */
    private static final Compression[] CODECS = {GZIP, ZSTD, LZ4, SNAPPY};

    private final String id;
    /** Makes the codec on first use, so that its library is loaded only by those who use it. */
    private final Supplier<Codec> factory;
    private final Library library;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;
    private final byte[] magic;
    private volatile Codec codec;

    Compression(String id, Supplier<Codec> factory, Library library, int minLevel, int maxLevel, int defaultLevel,
            byte[] magic) {
        this.id = id;
        this.factory = factory;
        this.library = library;
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

    /**
     * Frames of {@code input}'s pieces {@code [cuts[i], cuts[i + 1])}, one after another, after
     * {@code headroom} free bytes; for a codec other than {@link #NONE}, at a checked level.
     */
    byte[] compressFrames(byte[] input, int[] cuts, int level, int headroom) {
        try {
            return codec().compressFrames(input, cuts, level, headroom);
        } catch (IOException e) {
            throw new IllegalStateException(id + " compression failed", e);
        } catch (LinkageError e) {
            throw linkageFailure(e);
        }
    }

    /** Whether the codec codes its output with Huffman or FSE tables, which work best on data of one kind. */
    boolean hasEntropyCoder() {
        return this == GZIP || this == ZSTD;
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
     * Checks that the library this codec needs is on the classpath and loads (a native library
     * included): gzip and none need nothing but the JDK, zstd needs {@code com.github.luben:zstd-jni},
     * lz4 {@code at.yawk.lz4:lz4-java}, snappy {@code org.xerial.snappy:snappy-java}. Nothing else
     * loads a codec's library: a codec nobody uses may be missing.
     *
     * @throws IllegalStateException naming the missing Maven artifact
     */
    public void requireAvailable() {
        codec();
    }

    /** The codec, made on first use after its library was found. */
    private Codec codec() {
        Codec c = codec;
        if (c == null && factory != null) {
            if (library != null) {
                library.require(id);
            }
            try {
                c = factory.get();
            } catch (LinkageError e) {
                throw linkageFailure(e);
            }
            codec = c;
        }
        return c;
    }

    /** A library that went missing after it was found names its artifact; the JDK's own failures pass on. */
    private IllegalStateException linkageFailure(LinkageError e) {
        if (library == null) {
            throw e;
        }
        return library.missing(id, e);
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
        if (this == NONE) {
            return input;
        }
        try {
            return codec().compress(input, 0, input.length, level);
        } catch (IOException e) {
            throw new IllegalStateException(id + " compression failed", e);
        } catch (LinkageError e) {
            throw linkageFailure(e);
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
     * Where the first bytes do not tell ({@code expectedLength} returns a negative number), the
     * output may grow up to {@code limit}.
     *
     * @param payload the compressed bytes, from position to limit (left as they are)
     * @param limit the largest output accepted
     * @param expectedLength given the first output bytes, the length of the whole output, or a
     *     negative number when they do not tell
     * @return the decompressed bytes, exactly {@code expectedLength} long where it told
     * @throws CompressionException if the payload is corrupt, too large, shorter or longer than promised
     * @throws NpyFormatException if {@code expectedLength} refuses the first output bytes
     */
    public ByteBuffer decompress(ByteBuffer payload, long limit, ToLongFunction<ByteBuffer> expectedLength) {
        return this == NONE ? payload.slice() : run(payload, limit, expectedLength);
    }

    /**
     * Decompresses a payload of unknown output length, growing the output as it comes and
     * refusing it as soon as it passes {@code limit}.
     *
     * @param payload the compressed bytes, from position to limit (left as they are)
     * @param limit the largest output accepted
     * @return the decompressed bytes
     * @throws CompressionException if the payload is corrupt or inflates past the limit
     */
    public ByteBuffer decompress(ByteBuffer payload, long limit) {
        return this == NONE ? payload.slice() : run(payload, limit, null);
    }

    private ByteBuffer run(ByteBuffer payload, long limit, ToLongFunction<ByteBuffer> expectedLength) {
        Codec decoder = codec();
        int guess = (int) Math.min(BoundedOutput.PROBE_BYTES, 4L * payload.remaining());
        BoundedOutput out = new BoundedOutput(id, limit, expectedLength, guess);
        try {
            decoder.decompress(payload.slice(), out);
            return out.finish();
        } catch (CompressionException | NpyFormatException e) {
            throw e;
        } catch (LinkageError e) {
            throw linkageFailure(e);
        } catch (IOException | RuntimeException e) {
            throw new CompressionException("corrupt " + id + " payload: " + e.getMessage(), out.inputOffset, e);
        }
    }
}
