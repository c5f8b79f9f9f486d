package io.github.kafkanpy.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where decompressors write: growth under any limit a {@code long} holds, never past a Java array. */
class BoundedOutputTest {

    @Test
    void growingPastTheLargestJavaArrayUnderALimitOfTwoToTheThirtyOneIsAFormatErrorNotANegativeSize() {
        // min(limit, needed) cast to int was -2147483648: "corrupt zstd payload: -2147483648"
        BoundedOutput out = new BoundedOutput("zstd", 1L << 31, null, 16);
        out.write(new byte[] {1}, 0, 1);
        CompressionException e = assertThrows(CompressionException.class, () -> out.reserve(Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("bytes a Java array holds"), e.getMessage());
        assertEquals(1, out.size());
    }

    @Test
    void overlappingMatchesRepeatTheirPatternForEveryPeriodAndLength() {
        java.util.Random random = new java.util.Random(7);
        for (int distance = 1; distance <= 70; distance++) {
            for (int length : new int[] {1, distance - 1, distance, distance + 1, 3 * distance + 2, 1000}) {
                if (length < 1) {
                    continue;
                }
                byte[] start = new byte[100];
                random.nextBytes(start);
                BoundedOutput out = new BoundedOutput("lz4", 1 << 20, null, 16);
                out.write(start, 0, start.length);
                out.copyBack(distance, length);
                byte[] expected = java.util.Arrays.copyOf(start, start.length + length);
                for (int i = start.length; i < expected.length; i++) {
                    expected[i] = expected[i - distance];
                }
                java.nio.ByteBuffer got = out.finish();
                byte[] bytes = new byte[got.remaining()];
                got.get(bytes);
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, bytes, distance + " " + length);
            }
        }
    }

    @Test
    void aMatchOrLiteralsCrossingTheProbePointAreCheckedThere() {
        BoundedOutput out = new BoundedOutput("lz4", 1 << 20, start -> 70_000, 16);
        out.write(java.nio.ByteBuffer.wrap(new byte[60_000]), 0, 60_000);
        out.copyBack(1, 9_000);
        CompressionException e = assertThrows(CompressionException.class, () -> out.copyBack(3, 2_000));
        assertTrue(e.getMessage().contains("more than the 70000 bytes"), e.getMessage());
        BoundedOutput small = new BoundedOutput("lz4", 1 << 20, start -> 1_000, 16);
        assertThrows(CompressionException.class,
                () -> small.write(java.nio.ByteBuffer.wrap(new byte[70_000]), 0, 70_000));
        assertEquals(1 << 16, small.size(), "the probe sees the first 64 KiB, then refuses the rest");
    }

    @Test
    void limitsUpToLongMaxValueGrowTheOutputAsBytesArrive() {
        BoundedOutput out = new BoundedOutput("gzip", Long.MAX_VALUE, null, 16);
        byte[] chunk = new byte[1000];
        for (int i = 0; i < 100; i++) {
            out.write(chunk, 0, chunk.length);
        }
        assertEquals(100_000, out.finish().remaining());
    }
}
