package io.github.kafkanpy.compress;

import io.github.kafkanpy.npy.NpyFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * A filtered, compressed value: a 20-byte header, then one or more frames of one codec. Immutable.
 *
 * <p>The header, integers little-endian:
 * <pre>
 * offset size field
 *  0     4    magic 93 4E 50 46 ("\x93NPF")
 *  4     1    version, 1
 *  5     1    filter: 1 shuffle, 2 delta-shuffle
 *  6     1    flags: bit 0 set when the delta reads elements as big-endian; other bits 0
 *  7     1    0
 *  8     4    width: bytes per element, 1, 2, 4 or 8
 * 12     4    distance: elements between the two of a delta (shuffle: 0; delta-shuffle: 1 or more)
 * 16     4    prefix: leading bytes of the content that are not filtered
 * 20          frames of gzip, zstd, lz4 or snappy, told apart by their magic bytes
 * </pre>
 * The frames' contents, concatenated, are the <em>content</em>: {@code prefix} bytes as they
 * were (the NPY header of an NPY value; none for a raw value), then the filtered data. Of its
 * {@code L} bytes, the first {@code n = L / width} elements are stored as {@code width} planes,
 * plane {@code b} holding byte {@code b} of every element; the last {@code L % width} bytes
 * follow as they were. To decode, gather element {@code i} from byte {@code i} of each plane;
 * for delta-shuffle, then add to each element {@code i >= distance} the already decoded element
 * {@code i - distance}, as unsigned integers of {@code width} bytes in the flagged byte order,
 * modulo {@code 2^(8 width)}. A writer may split the content into frames anywhere; kafka-npy puts
 * large planes in frames of their own, so that an entropy coder sees each plane's statistics apart.
 *
 * <pre>{@code
 * FilterFrame layout = FilterFrame.of(Filter.DELTA_SHUFFLE, Compression.ZSTD, 2, 4, ByteOrder.LITTLE_ENDIAN, 0);
 * byte[] value = layout.encode(int16Bytes, 3);
 * ByteBuffer back = FilterFrame.decode(ByteBuffer.wrap(value), 1 << 28, start -> int16Bytes.length);
 * }</pre>
 */
public final class FilterFrame {
    /** Bytes before the first codec frame. */
    public static final int HEADER_BYTES = 20;
    /** A plane this large or larger is compressed as a frame of its own, where the codec has an entropy coder. */
    static final int PLANE_FRAME_BYTES = 4096;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'P', 'F'};
    private static final int VERSION = 1;
    private static final int BIG_ENDIAN_FLAG = 1;

    private final Filter filter;
    private final Compression codec;
    private final int width;
    private final long distance;
    private final ByteOrder order;
    private final long prefix;

    private FilterFrame(Filter filter, Compression codec, int width, long distance, ByteOrder order, long prefix) {
        this.filter = filter;
        this.codec = codec;
        this.width = width;
        this.distance = distance;
        this.order = order;
        this.prefix = prefix;
    }

    /**
     * Describes a frame to write.
     *
     * @param filter {@link Filter#SHUFFLE} or {@link Filter#DELTA_SHUFFLE}
     * @param codec the codec of the frames; not {@link Compression#NONE}
     * @param width bytes per element: 1, 2, 4 or 8
     * @param distance for delta-shuffle, the elements between the two of a delta (1 or more); 0 for shuffle
     * @param order the byte order the delta reads elements in
     * @param prefix the leading content bytes to leave unfiltered
     * @return the description
     * @throws IllegalArgumentException for a combination the format does not allow
     */
    public static FilterFrame of(Filter filter, Compression codec, int width, long distance, ByteOrder order, int prefix) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(order, "order");
        if (filter == Filter.NONE || codec == null || codec == Compression.NONE) {
            throw new IllegalArgumentException("a filter frame needs a filter and a codec, not " + filter + " and " + codec);
        }
        String problem = widthProblem(width);
        if (problem == null) {
            problem = distanceProblem(filter, distance);
        }
        if (problem != null || prefix < 0) {
            throw new IllegalArgumentException(problem != null ? problem : "prefix " + prefix + " is negative");
        }
        return new FilterFrame(filter, codec, width, distance, order, prefix);
    }

    /** What is wrong with a width, or null. */
    private static String widthProblem(int width) {
        return width == 1 || width == 2 || width == 4 || width == 8 ? null
                : "filter frame width is " + Integer.toUnsignedString(width) + ", not 1, 2, 4 or 8";
    }

    /** What is wrong with a delta distance for the filter, or null. */
    private static String distanceProblem(Filter filter, long distance) {
        if (filter == Filter.SHUFFLE && distance != 0) {
            return "shuffle frame has a delta distance of " + distance + ", not 0";
        }
        if (filter == Filter.DELTA_SHUFFLE && (distance < 1 || distance > 0xFFFFFFFFL)) {
            return "delta-shuffle frame has a distance of " + distance + ", not 1 to 4294967295";
        }
        return null;
    }

    /** @return the filter */
    public Filter filter() {
        return filter;
    }

    /** @return the codec of the frames */
    public Compression codec() {
        return codec;
    }

    /** @return bytes per element */
    public int width() {
        return width;
    }

    /** @return the delta distance in elements; 0 for shuffle */
    public long distance() {
        return distance;
    }

    /** @return the byte order the delta reads elements in */
    public ByteOrder order() {
        return order;
    }

    /** @return the leading content bytes left unfiltered */
    public long prefix() {
        return prefix;
    }

    /**
     * Tells whether a payload starts with a filter frame's magic bytes; position and limit stay.
     *
     * @param payload the payload, from position to limit
     * @return whether it is (or claims to be) a filter frame
     */
    public static boolean isFrame(ByteBuffer payload) {
        if (payload.remaining() < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (payload.get(payload.position() + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Filters and compresses content: the first {@link #prefix()} bytes stay as they are.
     *
     * @param content the bytes, such as a whole NPY file, or an array's raw data
     * @param level the codec level
     * @return the frame: header and codec frames
     * @throws IllegalArgumentException if the content is shorter than the prefix, or the level is out of range
     */
    public byte[] encode(byte[] content, int level) {
        if (content.length < prefix) {
            throw new IllegalArgumentException("content of " + content.length + " bytes is shorter than its prefix of "
                    + prefix);
        }
        int p = (int) prefix;
        return encode(Arrays.copyOf(content, p), ByteBuffer.wrap(content, p, content.length - p), level);
    }

    /**
     * Filters and compresses a prefix and data: the content is {@code prefix} followed by
     * {@code data}, and the data is read where it is, never copied unfiltered.
     *
     * @param prefix the leading bytes that stay as they are ({@link #prefix()} of them), such as an NPY header
     * @param data the bytes to filter, from position to limit (left as they are)
     * @param level the codec level
     * @return the frame: header and codec frames
     * @throws IllegalArgumentException if the prefix is not {@link #prefix()} bytes long, the
     *     content does not fit in a Java array, or the level is out of range
     */
    public byte[] encode(byte[] prefix, ByteBuffer data, int level) {
        codec.checkLevel(level);
        if (prefix.length != this.prefix) {
            throw new IllegalArgumentException("prefix of " + prefix.length + " bytes, where the frame says " + this.prefix);
        }
        int p = prefix.length;
        int length = data.remaining();
        if ((long) p + length > Integer.MAX_VALUE - 8 - HEADER_BYTES) {
            throw new IllegalArgumentException("content of " + ((long) p + length) + " bytes does not fit in a byte array");
        }
        int n = length / width;
        byte[] filtered = new byte[p + length];
        System.arraycopy(prefix, 0, filtered, 0, p);
        ByteBuffer elements = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        Shuffle.encode(elements, n, width, (int) Math.min(distance, n), order == ByteOrder.BIG_ENDIAN, filtered, p);
        elements.get(n * width, filtered, p + n * width, length - n * width);
        boolean planeFrames = width > 1 && n >= PLANE_FRAME_BYTES && codec.hasEntropyCoder();
        int[] cuts = new int[planeFrames ? width + 1 : 2];
        for (int f = 1; f < cuts.length - 1; f++) {
            cuts[f] = p + f * n;
        }
        cuts[cuts.length - 1] = filtered.length;
        byte[] out = codec.compressFrames(filtered, cuts, level, HEADER_BYTES);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN)
                .put(MAGIC).put((byte) VERSION).put((byte) filter.code())
                .put((byte) (order == ByteOrder.BIG_ENDIAN ? BIG_ENDIAN_FLAG : 0)).put((byte) 0)
                .putInt(width).putInt((int) distance).putInt(p);
        return out;
    }

    /**
     * Reads and checks a frame's header.
     *
     * @param payload the frame, from position to limit (left as they are)
     * @return what the header says, and the codec of the frames that follow
     * @throws CompressionException naming the field that is wrong and its byte offset
     */
    public static FilterFrame read(ByteBuffer payload) {
        if (!isFrame(payload)) {
            throw new CompressionException("not a filter frame: it does not start with \\x93NPF", 0);
        }
        if (payload.remaining() < HEADER_BYTES) {
            throw new CompressionException("filter frame ends inside its " + HEADER_BYTES + "-byte header",
                    payload.remaining());
        }
        ByteBuffer h = payload.slice().order(ByteOrder.LITTLE_ENDIAN);
        int version = h.get(4) & 0xff;
        if (version != VERSION) {
            throw new CompressionException("filter frame version " + version + " is not supported; this reader knows "
                    + VERSION, 4);
        }
        Filter filter = Filter.forCode(h.get(5) & 0xff);
        if (filter == null) {
            throw new CompressionException("filter frame names filter " + (h.get(5) & 0xff)
                    + ", not 1 (shuffle) or 2 (delta-shuffle)", 5);
        }
        int flags = h.get(6) & 0xff;
        if ((flags & ~BIG_ENDIAN_FLAG) != 0) {
            throw new CompressionException("filter frame sets unknown flags 0x" + Integer.toHexString(flags), 6);
        }
        if (h.get(7) != 0) {
            throw new CompressionException("filter frame's reserved byte is " + (h.get(7) & 0xff) + ", not 0", 7);
        }
        int width = h.getInt(8);
        long distance = Integer.toUnsignedLong(h.getInt(12));
        if (widthProblem(width) != null) {
            throw new CompressionException(widthProblem(width), 8);
        }
        if (distanceProblem(filter, distance) != null) {
            throw new CompressionException(distanceProblem(filter, distance), 12);
        }
        long prefix = Integer.toUnsignedLong(h.getInt(16));
        Compression codec = Compression.detect(h.position(HEADER_BYTES));
        if (codec == Compression.NONE) {
            throw new CompressionException("filter frame is not followed by a gzip, zstd, lz4 or snappy frame",
                    HEADER_BYTES);
        }
        ByteOrder order = (flags & BIG_ENDIAN_FLAG) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new FilterFrame(filter, codec, width, distance, order, prefix);
    }

    /**
     * Decompresses and unfilters a frame, inflating no more than {@code limit} bytes of content,
     * as {@link Compression#decompress(ByteBuffer, long, ToLongFunction)} does; the content is
     * then unfiltered into an array of the same length.
     *
     * @param payload the frame, from position to limit (left as they are)
     * @param limit the largest content accepted
     * @param expectedLength given the first content bytes, the length of the whole content, or a
     *     negative number when they do not tell; null when unknown
     * @return the content, unfiltered
     * @throws CompressionException for a bad header, a corrupt codec frame, or content past its bounds
     * @throws NpyFormatException if {@code expectedLength} refuses the first content bytes
     */
    public static ByteBuffer decode(ByteBuffer payload, long limit, ToLongFunction<ByteBuffer> expectedLength) {
        return read(payload).decompress(payload, limit, expectedLength);
    }

    private ByteBuffer decompress(ByteBuffer payload, long limit, ToLongFunction<ByteBuffer> expectedLength) {
        ByteBuffer frames = payload.duplicate();
        frames.position(frames.position() + HEADER_BYTES);
        ByteBuffer content;
        try {
            content = expectedLength == null ? codec.decompress(frames, limit)
                    : codec.decompress(frames, limit, expectedLength);
        } catch (CompressionException e) {
            throw e.shifted(HEADER_BYTES);
        }
        int length = content.remaining();
        if (prefix > length) {
            throw new CompressionException("filter frame's prefix of " + prefix + " bytes is longer than its "
                    + length + "-byte content", 16);
        }
        int p = (int) prefix;
        int n = (length - p) / width;
        byte[] src;
        int s;
        if (content.hasArray()) {
            src = content.array();
            s = content.arrayOffset() + content.position();
        } else {
            src = new byte[length];
            content.duplicate().get(src);
            s = 0;
        }
        byte[] out = new byte[length];
        System.arraycopy(src, s, out, 0, p);
        Shuffle.decode(src, s + p, n, width, (int) Math.min(distance, n), order == ByteOrder.BIG_ENDIAN, out, p);
        int tail = p + n * width;
        System.arraycopy(src, s + tail, out, tail, length - tail);
        return ByteBuffer.wrap(out);
    }
}
