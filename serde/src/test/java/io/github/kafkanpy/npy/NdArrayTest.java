package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NdArrayTest {

    @Test
    void readReturnsAViewOverTheInputBytesNotACopy() {
        byte[] npy = Npy.toBytes(NdArray.of(new float[] {1f, 2f, 3f}));
        NdArray view = Npy.read(npy);
        ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN).putFloat(npy.length - 4, 42f);
        assertEquals(42f, view.toFloatArray()[2]);
        assertTrue(view.data().isReadOnly());
    }

    @Test
    void readOfADirectBufferIsAViewAndLeavesPositionAndLimitAlone() {
        byte[] npy = Npy.toBytes(NdArray.of(new double[] {1, 2, 3, 4}, 2, 2));
        ByteBuffer direct = ByteBuffer.allocateDirect(npy.length + 10);
        direct.position(5);
        direct.put(npy);
        direct.position(5).limit(5 + npy.length);
        NdArray view = Npy.read(direct);
        assertEquals(5, direct.position());
        assertEquals(5 + npy.length, direct.limit());
        direct.order(ByteOrder.LITTLE_ENDIAN).putDouble(5 + npy.length - 8, -1.0);
        assertEquals(-1.0, view.getDouble(1, 1));
        assertEquals(4.0, view.copy().getDouble(1, 1) + 5.0);
    }

    @Test
    void primitiveShortcutsWriteTheSameBytesAsAnNdArray() {
        float[] f = {1.5f, -2f, Float.NaN, 0f, 3f, 4f};
        assertArrayEquals(Npy.toBytes(NdArray.of(f, 2, 3)), Npy.toBytes(f, 2, 3));
        assertArrayEquals(Npy.toBytes(NdArray.of(f)), Npy.toBytes(f));
        double[] d = {1.5, -2, Double.NaN};
        assertArrayEquals(Npy.toBytes(NdArray.of(d, 3, 1)), Npy.toBytes(d, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Npy.toBytes(f, 4, 2));
    }

    @Test
    void writingAViewWritesOnlyItsOwnBytesWhateverBufferItViews() {
        byte[] npy = Npy.toBytes(NdArray.of(new short[] {1, -2, 3, 4, 5, 6}, 3, 2));
        byte[] padded = new byte[npy.length + 11];
        java.util.Arrays.fill(padded, (byte) 0x7f);
        System.arraycopy(npy, 0, padded, 7, npy.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(padded.length).put(padded).position(7).limit(7 + npy.length);
        ByteBuffer heapAtOffset = ByteBuffer.wrap(padded, 7, npy.length);
        ByteBuffer readOnlyHeap = ByteBuffer.wrap(padded, 7, npy.length).asReadOnlyBuffer();
        for (ByteBuffer input : new ByteBuffer[] {heapAtOffset, readOnlyHeap, direct}) {
            assertArrayEquals(npy, Npy.toBytes(Npy.read(input)), input.toString());
            assertArrayEquals(npy, Npy.toBytes(NdArray.wrap(DType.INT16, input.duplicate().position(7 + npy.length - 12), false, 3, 2)),
                    input.toString());
        }
        assertArrayEquals(npy, Npy.toBytes(Npy.read(heapAtOffset).toFortranOrder().toCOrder()));
    }

    @Test
    void copyDetachesAnArrayFromTheMemoryItViews() {
        byte[] npy = Npy.toBytes(NdArray.of(new int[] {7}));
        NdArray copy = Npy.read(npy).copy();
        npy[npy.length - 1] = 1;
        assertEquals(7, copy.getLong(0));
    }

    @Test
    void unsignedValuesComeBackWithoutSignErrors() {
        assertArrayEquals(new int[] {0, 128, 255}, NdArray.of(DType.UINT8, new int[] {0, 128, 255}).toIntArray());
        assertArrayEquals(new int[] {65535}, NdArray.of(DType.UINT16, new short[] {-1}).toIntArray());
        assertArrayEquals(new long[] {4294967295L}, NdArray.of(DType.UINT32, new int[] {-1}).toLongArray());
        assertArrayEquals(new double[] {4294967295.0}, NdArray.of(DType.UINT32, new long[] {4294967295L}).toDoubleArray());
        NdArray max64 = NdArray.of(DType.UINT64, new long[] {-1L});
        assertEquals("18446744073709551615", Long.toUnsignedString(max64.getLong(0)));
        assertEquals(1.8446744073709552E19, max64.getDouble(0));
        assertEquals(255, NdArray.of(DType.UINT8, new byte[] {(byte) 0xff}).getLong(0));
    }

    @Test
    void conversionsThatWouldLoseValuesAreRefused() {
        assertThrows(UnsupportedOperationException.class, () -> NdArray.of(DType.UINT8, new int[] {1}).toByteArray());
        assertThrows(UnsupportedOperationException.class, () -> NdArray.of(DType.UINT32, new int[] {1}).toIntArray());
        assertThrows(UnsupportedOperationException.class, () -> NdArray.of(new long[] {1}).toDoubleArray());
        assertThrows(UnsupportedOperationException.class, () -> NdArray.of(new double[] {1}).toFloatArray());
        assertThrows(UnsupportedOperationException.class, () -> NdArray.of(new float[] {1}).getLong(0));
    }

    @Test
    void valuesOutsideTheDtypesRangeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.of(DType.UINT8, new int[] {0, 256}));
        assertTrue(e.getMessage().contains("value 256 at index 1 does not fit uint8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(DType.UINT16, new byte[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(DType.INT8, new int[] {-129}));
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(DType.INT32, new double[] {1.5}));
    }

    @Test
    void float16ComesFromFloatsByRoundingOrFromShortsAsBits() {
        NdArray rounded = NdArray.of(DType.FLOAT16, new float[] {0.1f, 65520f, 1e-8f});
        assertArrayEquals(new short[] {0x2e66, 0x7c00, 0}, bitsOf(rounded));
        NdArray bits = NdArray.of(DType.FLOAT16, new short[] {0x3c00, (short) 0xc000});
        assertArrayEquals(new float[] {1f, -2f}, bits.toFloatArray());
    }

    @Test
    void complexValuesAreInterleavedRealAndImaginaryParts() {
        NdArray z = NdArray.of(DType.COMPLEX64, new float[] {1, 2, 3, 4});
        assertArrayEquals(new int[] {2}, z.shape());
        assertArrayEquals(new double[] {3, 4}, z.getComplex(1));
        assertArrayEquals(new double[] {1, 2, 3, 4}, z.toDoubleArray());
        assertEquals("array([1.+2.j, 3.+4.j], dtype=complex64)", z.toString());
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(DType.COMPLEX128, new double[] {1, 2, 3}));
    }

    @Test
    void fortranOrderedDataIsReadInLogicalCOrder() {
        ByteBuffer columnMajor = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) {
            columnMajor.putFloat(v);
        }
        NdArray f = NdArray.wrap(DType.FLOAT32, columnMajor.flip(), true, 2, 3);
        assertTrue(f.fortranOrder());
        assertEquals(2.0, f.getDouble(0, 1));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.toFloatArray());
        NdArray c = f.toCOrder();
        assertFalse(c.fortranOrder());
        assertEquals(NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), c);
        assertEquals(f, c.toFortranOrder());
        assertArrayEquals(new float[][] {{1, 2, 3}, {4, 5, 6}}, (float[][]) f.toJava());
    }

    @Test
    void fortranOrderIsFalseWhereBothLayoutsCoincideAsInNumpy() {
        ByteBuffer six = ByteBuffer.allocate(24);
        assertFalse(NdArray.wrap(DType.FLOAT32, six, true, 6).fortranOrder());
        assertFalse(NdArray.wrap(DType.FLOAT32, six, true, 1, 6).fortranOrder());
        assertFalse(NdArray.wrap(DType.FLOAT32, six, true, 6, 1, 1).fortranOrder());
        assertFalse(NdArray.wrap(DType.FLOAT32, ByteBuffer.allocate(0), true, 0, 3).fortranOrder());
        assertTrue(NdArray.wrap(DType.FLOAT32, six, true, 2, 1, 3).fortranOrder());
    }

    @Test
    void nestedJavaArraysRoundTripWithTheirShape() {
        int[][][] cube = {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}};
        NdArray a = NdArray.fromJava(cube);
        assertEquals(DType.INT32, a.dtype());
        assertArrayEquals(new int[] {2, 3, 2}, a.shape());
        assertEquals(9, a.getLong(1, 1, 0));
        assertArrayEquals(cube, (int[][][]) a.toJava());
        NdArray pixels = NdArray.fromJava(DType.UINT8, new int[][] {{0, 255}, {128, 1}});
        assertArrayEquals(new int[][] {{0, 255}, {128, 1}}, (int[][]) pixels.toJava());
    }

    @Test
    void raggedOrNonPrimitiveJavaArraysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NdArray.fromJava(new float[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> NdArray.fromJava(new Object[] {"a"}));
        assertThrows(IllegalArgumentException.class, () -> NdArray.fromJava(new char[] {'a'}));
    }

    @Test
    void aBoxedScalarIsAZeroDimensionalArray() {
        NdArray scalar = NdArray.fromJava(2.5f);
        assertEquals(0, scalar.ndim());
        assertEquals(1, scalar.size());
        assertEquals(2.5, scalar.getDouble());
        assertEquals(2.5f, scalar.toJava());
        assertEquals("array(2.5, dtype=float32)", scalar.toString());
        assertEquals(scalar, NdArray.of(new float[] {2.5f}).reshape());
    }

    @Test
    void shapesThatDoNotMatchTheDataAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[6], 4, 2));
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[6], -2, -3));
        assertThrows(IllegalArgumentException.class, () -> NdArray.wrap(DType.FLOAT32, ByteBuffer.allocate(23), false, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[6]).reshape(4));
        assertThrows(IndexOutOfBoundsException.class, () -> NdArray.of(new float[6], 2, 3).getDouble(2, 0));
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[6], 2, 3).getDouble(1));
    }

    @Test
    void byteOrderChangesTheBytesButNotTheValues() {
        NdArray le = NdArray.of(new int[] {1, 2});
        NdArray be = le.withByteOrder(ByteOrder.BIG_ENDIAN);
        assertEquals(">i4", be.dtype().descr());
        assertArrayEquals(le.toIntArray(), be.toIntArray());
        assertEquals(1, be.data().get(3));
        assertNotEquals(le, be);
        assertEquals(le, be.withByteOrder(ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void equalityIsBitwiseSoNaNsWithEqualBitsAreEqualAndSignedZerosDiffer() {
        assertEquals(NdArray.of(new double[] {Double.NaN}), NdArray.of(new double[] {Double.NaN}));
        assertNotEquals(NdArray.of(new double[] {0.0}), NdArray.of(new double[] {-0.0}));
        assertEquals(NdArray.of(new double[] {1}).hashCode(), NdArray.of(new double[] {1}).hashCode());
    }

    @Test
    void shapeIsADefensiveCopy() {
        NdArray a = NdArray.of(new float[6], 2, 3);
        a.shape()[0] = 99;
        assertArrayEquals(new int[] {2, 3}, a.shape());
        int[] dims = {2, 3};
        NdArray b = NdArray.of(new float[6], dims);
        dims[0] = 6;
        assertArrayEquals(new int[] {2, 3}, b.shape());
    }

    @Test
    void relayingOutKeepsEveryElementsValueInBothByteOrders() {
        // the relaid-out copy was read big-endian whatever its dtype: [[1, 2, 3], [4, 5, 6]] came back as 4.6e-41, ...
        for (DType dtype : new DType[] {DType.FLOAT32, DType.parse(">f4"), DType.parse("<f8"), DType.parse(">c16")}) {
            NdArray c = NdArray.of(dtype, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, dtype.kind().isComplex() ? 3 : 6)
                    .reshape(dtype.kind().isComplex() ? new int[] {2, 3} : new int[] {3, 4});
            NdArray f = c.toFortranOrder();
            assertArrayEquals(c.toDoubleArray(), f.toDoubleArray(), dtype.descr());
            assertArrayEquals(c.toDoubleArray(), f.toCOrder().toDoubleArray(), dtype.descr());
            assertEquals(c.toString(), f.toString());
        }
    }

    @Test
    void aSummarisedFortranArrayPrintsItsElementsInLogicalOrder() {
        float[] values = new float[40 * 50];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        NdArray cOrder = NdArray.of(values, 40, 50);
        assertEquals(cOrder.toString(), cOrder.toFortranOrder().toString());
        // numpy 2.4: repr(np.asfortranarray(np.arange(2000, dtype='f4').reshape(40, 50)))
        assertTrue(cOrder.toString().endsWith("[1.950e+03, 1.951e+03, 1.952e+03, ..., 1.997e+03, 1.998e+03,\n"
                + "        1.999e+03]], shape=(40, 50), dtype=float32)"), cOrder.toString());
    }

    private static short[] bitsOf(NdArray float16) {
        short[] out = new short[(int) float16.size()];
        float16.data().asShortBuffer().get(out);
        return out;
    }
}
