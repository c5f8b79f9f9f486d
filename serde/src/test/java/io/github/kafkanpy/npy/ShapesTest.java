package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One shape utility, and what the codec and {@link NdArray} make of the shapes it checks. */
class ShapesTest {
    private static final int BIG = Integer.MAX_VALUE;

    @Test
    void shapesPrintAsNumpyPrintsThem() {
        assertEquals("()", Shapes.toString(new int[0]));
        assertEquals("(7,)", Shapes.toString(new int[] {7}));
        assertEquals("(2, 3)", Shapes.toString(new int[] {2, 3}));
    }

    @Test
    void countsAreExactAndAZeroDimensionMakesThemZeroWhateverTheOthers() {
        assertEquals(1, Shapes.elementCount());
        assertEquals(6L * BIG, Shapes.elementCount(2, 3, BIG));
        assertEquals(0, Shapes.elementCount(BIG, BIG, BIG, 0));
        assertEquals(0, Shapes.byteCount(DType.FLOAT64, 100_000, 100_000, 0));
        assertEquals(24, Shapes.byteCount(DType.FLOAT32, 2, 3));
    }

    @Test
    void countsPastTwoToTheSixtyThreeAreRefusedSayingSoNotWrapped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shapes.elementCount(4, 5, 5581, 8681, 49477, 384773));
        assertTrue(e.getMessage().contains("more than 9223372036854775807 elements"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Shapes.byteCount(DType.FLOAT32, 65536, 65536, 65536, 65536));
        assertTrue(e.getMessage().contains("more than 9223372036854775807 bytes"), e.getMessage());
        assertEquals(Long.MAX_VALUE, Shapes.elementCount(49, 73, 127, 337, 92737, 649657));
    }

    @Test
    void negativeDimensionsAndMoreThan64AreRefusedAndChecksReturnACopy() {
        assertThrows(IllegalArgumentException.class, () -> Shapes.check(2, -1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shapes.check(new int[65])).getMessage()
                .contains("at most 64"));
        int[] shape = {2, 3};
        int[] checked = Shapes.check(shape);
        shape[0] = 9;
        assertArrayEquals(new int[] {2, 3}, checked);
    }

    @Test
    void toBytesRefusesAShapeWhoseProductWrapsTo64BitsOfTheLength() {
        // 4 * 5 * 5581 * 8681 * 49477 * 384773 = 2^64 + 4: a wrapping product says "4 values"
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.toBytes(new float[4], 4, 5, 5581, 8681, 49477, 384773));
        assertTrue(e.getMessage().contains("more than 9223372036854775807"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Npy.toBytes(new double[4], 4, 5, 5581, 8681, 49477, 384773));
    }

    @Test
    void emptyArraysWithHugeOtherDimensionsAreCarriedLikeNumpyReadsThem() {
        NdArray wrapped = NdArray.wrap(DType.FLOAT32, ByteBuffer.allocate(0), false, 100_000, 100_000, 0);
        assertEquals(0, wrapped.size());
        NdArray read = Npy.read(Npy.toBytes(wrapped));
        assertEquals(wrapped, read);
        assertEquals(wrapped, NdArray.of(new float[0], 100_000, 100_000, 0));
        assertEquals(wrapped.reshape(0), NdArray.of(new float[0]));
        assertEquals(0, ((float[][][]) NdArray.wrap(DType.FLOAT32, ByteBuffer.allocate(0), false, 0, BIG, BIG)
                .toJava()).length);
    }

    @Test
    void aHeaderPromisingTwoToTheSixtyThreeBytesIsRefusedWithTheTrueSize() {
        // 49 * 73 * 127 * 337 * 92737 * 649657 = 2^63 - 1
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (49, 73, 127, 337, 92737, 649657), }";
        String text = dict + " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
        byte[] huge = ("\u0093NUMPY\u0001\u0000" + (char) text.length() + "\u0000" + text)
                .getBytes(StandardCharsets.ISO_8859_1);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.length(ByteBuffer.wrap(huge)));
        assertTrue(e.getMessage().contains("9223372036854775807 bytes"), e.getMessage());
        NpyFormatException compressed = assertThrows(NpyFormatException.class,
                () -> Compression.ZSTD.decompress(ByteBuffer.wrap(Compression.ZSTD.compress(huge, 3)), 1 << 20, Npy::length));
        assertFalse(compressed.getMessage().contains("-"), compressed.getMessage());
    }
}
