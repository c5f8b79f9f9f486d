package io.github.kafkanpy.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.npy.NpyException;
import io.github.kafkanpy.npy.NpyFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract every codec keeps: round trips at every level, magic-byte detection, bounded output. */
class CompressionTest {
    private static final byte[] TEXT = "kafka-npy ".repeat(5000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NOISE = noise(300_000);

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyLevelRoundTripsCompressibleAndIncompressibleData(Compression codec) {
        for (int level = codec.minLevel(); level <= codec.maxLevel(); level += Math.max(1, (codec.maxLevel() - codec.minLevel()) / 4)) {
            for (byte[] input : new byte[][] {TEXT, NOISE, new byte[0], {42}}) {
                byte[] packed = codec.compress(input, level);
                assertEquals(codec, Compression.detect(ByteBuffer.wrap(packed)), "detected from magic");
                assertArrayEquals(input, bytes(codec.decompress(ByteBuffer.wrap(packed), input.length, b -> input.length)));
                assertArrayEquals(input, bytes(codec.decompress(ByteBuffer.wrap(packed), input.length)));
            }
        }
        if (codec.hasLevels()) {
            assertTrue(codec.compress(TEXT, codec.defaultLevel()).length < TEXT.length / 10);
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void decompressionLeavesTheCallersBufferAlone(Compression codec) {
        byte[] packed = codec.compress(TEXT, codec.defaultLevel());
        ByteBuffer direct = ByteBuffer.allocateDirect(packed.length + 8);
        direct.position(8);
        direct.put(packed).position(8);
        assertArrayEquals(TEXT, bytes(codec.decompress(direct, TEXT.length, b -> TEXT.length)));
        assertEquals(8, direct.position());
        assertEquals(packed.length + 8, direct.limit());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void outputBeyondTheLimitIsRefused(Compression codec) {
        byte[] packed = codec.compress(TEXT, codec.defaultLevel());
        CompressionException e = assertThrows(CompressionException.class,
                () -> codec.decompress(ByteBuffer.wrap(packed), TEXT.length - 1));
        assertTrue(e.getMessage().contains("past the limit"), e.getMessage());
        e = assertThrows(CompressionException.class,
                () -> codec.decompress(ByteBuffer.wrap(packed), TEXT.length - 1, b -> TEXT.length));
        assertTrue(e.getMessage().contains("limit of " + (TEXT.length - 1)), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aRefusedPayloadIsACompressionExceptionUnderTheLibraryRootWhileTheNpyContentsOwnRefusalPassesThrough(
            Compression codec) {
        byte[] packed = codec.compress(TEXT, codec.defaultLevel());
        NpyException root = assertThrows(NpyException.class, () -> codec.decompress(ByteBuffer.wrap(packed), 1));
        assertInstanceOf(CompressionException.class, root);
        assertTrue(root.getMessage().endsWith("(at byte " + root.offset() + ")"), root.getMessage());
        NpyFormatException content = new NpyFormatException("not an NPY file", 0);
        assertSame(content, assertThrows(NpyFormatException.class, () -> codec.decompress(ByteBuffer.wrap(packed), 1 << 20,
                b -> {
                    throw content;
                })));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void outputShorterOrLongerThanPromisedIsRefused(Compression codec) {
        byte[] packed = codec.compress(TEXT, codec.defaultLevel());
        assertThrows(CompressionException.class, () -> codec.decompress(ByteBuffer.wrap(packed), 1 << 20, b -> TEXT.length + 1));
        assertThrows(CompressionException.class, () -> codec.decompress(ByteBuffer.wrap(packed), 1 << 20, b -> TEXT.length - 1));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void truncatedOrCorruptedFramesAreFormatErrorsNeverOtherExceptions(Compression codec) {
        byte[] packed = codec.compress(NOISE, codec.defaultLevel());
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            byte[] broken = i % 2 == 0 ? Arrays.copyOf(packed, random.nextInt(packed.length)) : packed.clone();
            if (i % 2 == 1) {
                broken[random.nextInt(broken.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                byte[] out = bytes(codec.decompress(ByteBuffer.wrap(broken), NOISE.length, b -> NOISE.length));
                assertArrayEquals(NOISE, out, "a corrupted frame that decodes must decode right");
            } catch (CompressionException expected) {
                assertTrue(expected.getMessage().contains(codec.id()), expected.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void bytesAfterTheLastFrameAreRefused(Compression codec) {
        byte[] packed = codec.compress(TEXT, codec.defaultLevel());
        byte[] junk = Arrays.copyOf(packed, packed.length + 3);
        assertThrows(CompressionException.class, () -> codec.decompress(ByteBuffer.wrap(junk), 1 << 20));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void concatenatedFramesDecodeAsOneStream(Compression codec) {
        byte[] a = codec.compress(TEXT, codec.defaultLevel());
        byte[] b = codec.compress(NOISE, codec.defaultLevel());
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        byte[] expected = Arrays.copyOf(TEXT, TEXT.length + NOISE.length);
        System.arraycopy(NOISE, 0, expected, TEXT.length, NOISE.length);
        assertArrayEquals(expected, bytes(codec.decompress(ByteBuffer.wrap(both), expected.length)));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aFrameCutShortAfterACompleteOneIsRefusedByBothOverloads(Compression codec) {
        byte[] a = codec.compress(TEXT, codec.defaultLevel());
        byte[] b = codec.compress(NOISE, codec.defaultLevel());
        for (int cut : new int[] {1, 5, 20, b.length / 2, b.length - 1}) {
            byte[] cutShort = Arrays.copyOf(a, a.length + cut);
            System.arraycopy(b, 0, cutShort, a.length, cut);
            CompressionException e = assertThrows(CompressionException.class,
                    () -> codec.decompress(ByteBuffer.wrap(cutShort), 1 << 20), codec + " cut at " + cut);
            assertTrue(e.offset() >= a.length, e.getMessage());
            assertThrows(CompressionException.class, () -> codec.decompress(ByteBuffer.wrap(cutShort), 1 << 20,
                    start -> TEXT.length + NOISE.length), codec + " cut at " + cut);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void limitsUpToLongMaxValueWork(Compression codec) {
        byte[] packed = codec.compress(TEXT, codec.defaultLevel());
        for (long limit : new long[] {Integer.MAX_VALUE, 1L << 31, 1L << 40, Long.MAX_VALUE}) {
            assertArrayEquals(TEXT, bytes(codec.decompress(ByteBuffer.wrap(packed), limit)));
            assertArrayEquals(TEXT, bytes(codec.decompress(ByteBuffer.wrap(packed), limit, start -> TEXT.length)));
        }
    }

    @org.junit.jupiter.api.Test
    void anLz4FrameDeclaringTwoToTheSixtyThreeBytesOrMoreIsRefused() {
        byte[] frame = Compression.LZ4.compress(TEXT, 1);
        // FLG at 4, BD at 5, content size at 6..13, header checksum at 14: set the size's top bit, fix the checksum
        frame[13] |= (byte) 0x80;
        frame[14] = (byte) (net.jpountz.xxhash.XXHashFactory.fastestInstance().hash32().hash(frame, 4, 10, 0) >>> 8);
        CompressionException e = assertThrows(CompressionException.class,
                () -> Compression.LZ4.decompress(ByteBuffer.wrap(frame), 1 << 20));
        assertTrue(e.getMessage().contains("more than 9223372036854775807"), e.getMessage());
        assertEquals(6, e.offset());
    }

    @org.junit.jupiter.api.Test
    void aSnappyChunkClaimingGigabytesIsRefusedWithoutAllocatingThem() {
        // stream identifier, then a compressed chunk whose block header claims 2^31 - 1 bytes
        byte[] bomb = {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y', 0, 9, 0, 0, 0, 0, 0, 0,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 7};
        CompressionException e = assertThrows(CompressionException.class,
                () -> Compression.SNAPPY.decompress(ByteBuffer.wrap(bomb), 1024));
        assertTrue(e.getMessage().contains("more than 64 KiB"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aTruncatedZstdFrameIsRefusedAtTheOffsetWhereItStarts() {
        byte[] frame = Compression.ZSTD.compress(TEXT, Compression.ZSTD.defaultLevel());
        byte[] payload = Arrays.copyOf(frame, frame.length + frame.length / 2);
        System.arraycopy(frame, 0, payload, frame.length, frame.length / 2);
        CompressionException e = assertThrows(CompressionException.class,
                () -> Compression.ZSTD.decompress(ByteBuffer.wrap(payload), 1 << 20));
        assertEquals(frame.length, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void zstdSkippableFramesAroundFramesAreSkipped() {
        byte[] frame = Compression.ZSTD.compress(TEXT, Compression.ZSTD.defaultLevel());
        byte[] skippable = {0x5e, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3};
        ByteBuffer payload = ByteBuffer.allocate(2 * skippable.length + 2 * frame.length)
                .put(skippable).put(frame).put(skippable).put(frame).flip();
        byte[] expected = Arrays.copyOf(TEXT, 2 * TEXT.length);
        System.arraycopy(TEXT, 0, expected, TEXT.length, TEXT.length);
        assertArrayEquals(expected, bytes(Compression.ZSTD.decompress(payload, 1 << 20)));
    }

    @org.junit.jupiter.api.Test
    void aSnappyChunkClaiming4GiBIsShownWithItsTrueSize() {
        // stream identifier, then a compressed chunk whose block header claims 2^32 - 1 bytes
        byte[] bomb = {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y', 0, 9, 0, 0, 0, 0, 0, 0,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        CompressionException e = assertThrows(CompressionException.class,
                () -> Compression.SNAPPY.decompress(ByteBuffer.wrap(bomb), Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("claims 4294967295 bytes"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "LZ4"})
    void levelsOutsideTheRangeAreRefused(Compression codec) {
        assertThrows(IllegalArgumentException.class, () -> codec.compress(TEXT, codec.maxLevel() + 1));
        assertThrows(IllegalArgumentException.class, () -> codec.compress(TEXT, codec.minLevel() - 1));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void namesLookUpTheirCodec(Compression codec) {
        assertEquals(codec, Compression.forId(codec.id().toUpperCase()));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] noise(int n) {
        byte[] b = new byte[n];
        new Random(1).nextBytes(b);
        return b;
    }
}
