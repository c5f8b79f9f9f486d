package io.github.kafkanpy.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilterFrameTest {
    private static final long LIMIT = 1 << 24;

    /** The frame's codec frames, inflated: the filtered content exactly as the README specifies it. */
    private static byte[] content(byte[] frame) {
        ByteBuffer frames = ByteBuffer.wrap(frame, FilterFrame.HEADER_BYTES, frame.length - FilterFrame.HEADER_BYTES);
        ByteBuffer out = Compression.detect(frames).decompress(frames, LIMIT);
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    private static byte[] decode(byte[] frame) {
        ByteBuffer out = FilterFrame.decode(ByteBuffer.wrap(frame), LIMIT, null);
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    @Test
    void headerHoldsMagicVersionFilterFlagsWidthDistanceAndPrefixLittleEndian() {
        byte[] frame = FilterFrame.of(Filter.DELTA_SHUFFLE, Compression.ZSTD, 2, 4, ByteOrder.BIG_ENDIAN, 3)
                .encode(new byte[] {9, 9, 9, 1, 2, 3, 4}, 3);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'P', 'F', 1, 2, 1, 0, 2, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 0},
                Arrays.copyOf(frame, FilterFrame.HEADER_BYTES));
        assertEquals(Compression.ZSTD, Compression.detect(ByteBuffer.wrap(frame, 20, frame.length - 20)));
    }

    @Test
    void shuffleStoresBytePlanesAfterThePrefixAndKeepsTheTail() {
        // prefix "AB", three little-endian int16 1, 2, 0x0304, one tail byte 7
        byte[] content = {'A', 'B', 1, 0, 2, 0, 4, 3, 7};
        byte[] frame = FilterFrame.of(Filter.SHUFFLE, Compression.GZIP, 2, 0, ByteOrder.LITTLE_ENDIAN, 2).encode(content, 6);
        assertArrayEquals(new byte[] {'A', 'B', 1, 2, 4, 0, 0, 3, 7}, content(frame));
        assertArrayEquals(content, decode(frame));
    }

    @Test
    void deltaIsTakenDistanceElementsBackWrappingAround() {
        // uint16 rows of two: [1, 100], [3, 90], [65535, 95]; distance 2 = one row back
        ByteBuffer in = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : new int[] {1, 100, 3, 90, 65535, 95}) {
            in.putShort((short) v);
        }
        byte[] frame = FilterFrame.of(Filter.DELTA_SHUFFLE, Compression.LZ4, 2, 2, ByteOrder.LITTLE_ENDIAN, 0)
                .encode(in.array(), 1);
        // deltas 1, 100, 2, 65526 (-10), 65532 (3 - ... wraps: 65535 - 3), 5
        int[] deltas = {1, 100, 2, 65526, 65532, 5};
        byte[] expected = new byte[12];
        for (int i = 0; i < 6; i++) {
            expected[i] = (byte) deltas[i];
            expected[6 + i] = (byte) (deltas[i] >>> 8);
        }
        assertArrayEquals(expected, content(frame));
        assertArrayEquals(in.array(), decode(frame));
    }

    @Test
    void bigEndianElementsAreSubtractedAsBigEndianIntegers() {
        byte[] content = {0x01, 0x00, 0x01, 0x01};     // >u2 256, 257
        byte[] frame = FilterFrame.of(Filter.DELTA_SHUFFLE, Compression.SNAPPY, 2, 1, ByteOrder.BIG_ENDIAN, 0)
                .encode(content, 0);
        // deltas 256, 1 as big-endian bytes 01 00, 00 01; planes: first bytes 01 00, second bytes 00 01
        assertArrayEquals(new byte[] {0x01, 0x00, 0x00, 0x01}, content(frame));
        assertArrayEquals(content, decode(frame));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void everyWidthOrderDistanceAndLengthRoundTrips(int width) {
        Random random = new Random(width);
        for (Compression codec : new Compression[] {Compression.GZIP, Compression.ZSTD, Compression.LZ4, Compression.SNAPPY}) {
            for (int length : new int[] {0, 1, width - 1, width, 3 * width + 1, 5000 * width + 3}) {
                byte[] content = new byte[Math.max(0, length)];
                random.nextBytes(content);
                for (int prefix : new int[] {0, Math.min(5, content.length)}) {
                    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                        assertArrayEquals(content, decode(FilterFrame.of(Filter.SHUFFLE, codec, width, 0, order, prefix)
                                .encode(content, codec.defaultLevel())));
                        for (long distance : new long[] {1, 3, 4096, 0xFFFFFFFFL}) {
                            byte[] frame = FilterFrame.of(Filter.DELTA_SHUFFLE, codec, width, distance, order, prefix)
                                    .encode(content, codec.defaultLevel());
                            assertArrayEquals(content, decode(frame), codec + " " + length + " " + distance);
                        }
                    }
                }
            }
        }
    }

    @Test
    void largePlanesAreFramesOfTheirOwnThatAnyZstdReaderConcatenates() {
        byte[] content = new byte[4 * FilterFrame.PLANE_FRAME_BYTES];
        new Random(4).nextBytes(content);
        byte[] frame = FilterFrame.of(Filter.SHUFFLE, Compression.ZSTD, 4, 0, ByteOrder.LITTLE_ENDIAN, 0).encode(content, 3);
        List<Long> contentSizes = new ArrayList<>();
        for (int at = 20; at < frame.length; ) {
            contentSizes.add(Zstd.getFrameContentSize(frame, at, frame.length - at));
            at = zstdFrameEnd(frame, at);
        }
        assertEquals(List.of(4096L, 4096L, 4096L, 4096L), contentSizes, "one frame per plane");
        assertArrayEquals(content, decode(frame));
    }

    @Test
    void theDescriptionReadBackIsTheOneWritten() {
        byte[] frame = FilterFrame.of(Filter.DELTA_SHUFFLE, Compression.LZ4, 8, 12, ByteOrder.BIG_ENDIAN, 128)
                .encode(new byte[200], 1);
        FilterFrame read = FilterFrame.read(ByteBuffer.wrap(frame));
        assertEquals(Filter.DELTA_SHUFFLE, read.filter());
        assertEquals(Compression.LZ4, read.codec());
        assertEquals(8, read.width());
        assertEquals(12, read.distance());
        assertEquals(ByteOrder.BIG_ENDIAN, read.order());
        assertEquals(128, read.prefix());
    }

    @Test
    void framesThatDescribeNothingTheFormatAllowsAreRefusedAtTheirField() {
        byte[] good = FilterFrame.of(Filter.DELTA_SHUFFLE, Compression.ZSTD, 4, 2, ByteOrder.LITTLE_ENDIAN, 0)
                .encode(new byte[64], 3);
        assertRefused(Arrays.copyOf(good, 19), 19, "ends inside its 20-byte header");
        assertRefused(with(good, 4, 2), 4, "version 2 is not supported");
        assertRefused(with(good, 5, 0), 5, "names filter 0");
        assertRefused(with(good, 5, 3), 5, "names filter 3");
        assertRefused(with(good, 6, 2), 6, "unknown flags 0x2");
        assertRefused(with(good, 7, 1), 7, "reserved byte is 1");
        assertRefused(with(good, 8, 3), 8, "width is 3");
        assertRefused(with(good, 11, 0x80), 8, "width is 2147483652");
        assertRefused(with(with(good, 12, 0), 13, 0), 12, "distance of 0");
        byte[] shuffleWithDistance = with(good, 5, 1);
        assertRefused(shuffleWithDistance, 12, "shuffle frame has a delta distance of 2");
        assertRefused(Arrays.copyOf(good, 20), 20, "not followed by a gzip, zstd, lz4 or snappy frame");
        assertRefused(with(good, 20, 0), 20, "not followed by");
        assertRefused(with(good, 16, 65), 16, "prefix of 65 bytes is longer than its 64-byte content");
        byte[] cut = Arrays.copyOf(good, good.length - 3);
        CompressionException e = assertThrows(CompressionException.class, () -> decode(cut));
        assertTrue(e.offset() >= 20, "offsets count from the start of the filter frame: " + e.getMessage());
        assertTrue(e.getMessage().contains("zstd"), e.getMessage());
    }

    @Test
    void contentPastTheLimitIsRefusedBeforeItIsInflated() {
        byte[] bomb = FilterFrame.of(Filter.SHUFFLE, Compression.ZSTD, 4, 0, ByteOrder.LITTLE_ENDIAN, 0)
                .encode(new byte[8 << 20], 19);
        assertTrue(bomb.length < 2048, "8 MiB of zeros in " + bomb.length + " bytes");
        CompressionException e = assertThrows(CompressionException.class,
                () -> FilterFrame.decode(ByteBuffer.wrap(bomb), 1 << 20, null));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        CompressionException promised = assertThrows(CompressionException.class,
                () -> FilterFrame.decode(ByteBuffer.wrap(bomb), 1 << 24, start -> 1000));
        assertTrue(promised.getMessage().contains("1000"), promised.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Filter.class, names = "NONE")
    void aFrameNeedsAFilterAndACodec(Filter none) {
        assertThrows(IllegalArgumentException.class,
                () -> FilterFrame.of(none, Compression.ZSTD, 4, 0, ByteOrder.LITTLE_ENDIAN, 0));
        assertThrows(IllegalArgumentException.class,
                () -> FilterFrame.of(Filter.SHUFFLE, Compression.NONE, 4, 0, ByteOrder.LITTLE_ENDIAN, 0));
        assertThrows(IllegalArgumentException.class,
                () -> FilterFrame.of(Filter.SHUFFLE, Compression.ZSTD, 16, 0, ByteOrder.LITTLE_ENDIAN, 0));
        assertThrows(IllegalArgumentException.class,
                () -> FilterFrame.of(Filter.DELTA_SHUFFLE, Compression.ZSTD, 4, 0, ByteOrder.LITTLE_ENDIAN, 0));
    }

    /** Where the zstd frame at {@code at} ends (RFC 8878 section 3.1.1). */
    private static int zstdFrameEnd(byte[] b, int at) {
        int descriptor = b[at + 4] & 0xff;
        boolean singleSegment = (descriptor & 0x20) != 0;
        int contentSizeBytes = new int[] {singleSegment ? 1 : 0, 2, 4, 8}[descriptor >>> 6];
        int p = at + 5 + (singleSegment ? 0 : 1) + new int[] {0, 1, 2, 4}[descriptor & 3] + contentSizeBytes;
        boolean last;
        do {
            int block = (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16;
            last = (block & 1) != 0;
            int type = (block >>> 1) & 3;
            p += 3 + (type == 1 ? 1 : block >>> 3);
        } while (!last);
        return p + ((descriptor & 4) != 0 ? 4 : 0);
    }

    private static byte[] with(byte[] frame, int at, int value) {
        byte[] copy = frame.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static void assertRefused(byte[] frame, long offset, String problem) {
        CompressionException e = assertThrows(CompressionException.class, () -> decode(frame));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
    }
}
