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
        out.write((byte) 1);
        CompressionException e = assertThrows(CompressionException.class, () -> out.reserve(Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("bytes a Java array holds"), e.getMessage());
        assertEquals(1, out.size());
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
