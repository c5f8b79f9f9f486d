package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random arrays of every dtype (strings of widths 0 to 6 included), byte order, shape and layout
 * survive write and read unchanged, and so does random text, astral characters included.
 */
class NpyRoundTripProperties {

    record Spec(DType dtype, int[] shape, boolean fortran, byte[] bytes) {
        NdArray array() {
            NdArray c = NdArray.wrap(dtype, ByteBuffer.wrap(bytes), false, shape);
            return fortran ? c.toFortranOrder() : c;
        }

        @Override
        public String toString() {
            return dtype.descr() + " " + Shapes.toString(shape) + (fortran ? " F" : " C");
        }
    }

    @Provide
    Arbitrary<Spec> arrays() {
        Arbitrary<ByteOrder> orders = Arbitraries.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
        Arbitrary<DType> numeric = Combinators.combine(Arbitraries.of(DType.Kind.class).filter(k -> !k.isString()), orders)
                .as(DType::of);
        Arbitrary<DType> text = Combinators.combine(Arbitraries.integers().between(0, 6), orders, Arbitraries.of(true, false))
                .as((width, order, unicode) -> unicode ? DType.str(width, order) : DType.bytes(width));
        Arbitrary<DType> dtypes = Arbitraries.frequencyOf(Tuple.of(7, numeric), Tuple.of(2, text));
        Arbitrary<int[]> shapes = Arbitraries.integers().between(0, 5).array(int[].class).ofMaxSize(5)
                .filter(s -> java.util.Arrays.stream(s).asLongStream().reduce(1, (a, b) -> a * b) <= 600);
        return Combinators.combine(dtypes, shapes, Arbitraries.of(true, false), Arbitraries.randoms())
                .as((dtype, shape, fortran, random) -> {
                    long n = java.util.Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
                    byte[] bytes = new byte[(int) n * dtype.itemSize()];
                    random.nextBytes(bytes);
                    return new Spec(dtype, shape, fortran, bytes);
                });
    }

    @Property(tries = 500)
    void writeThenReadGivesTheSameArray(@ForAll("arrays") Spec spec) {
        NdArray array = spec.array();
        byte[] npy = Npy.toBytes(array);
        assertEquals(0, Npy.header(array).length % 64);
        NdArray back = Npy.read(npy);
        assertEquals(array, back);
        assertEquals(array.toCOrder(), back.toCOrder());
        assertArrayEquals(spec.bytes(), bytes(back.toCOrder()));
    }

    @Property(tries = 300)
    void layoutAndByteOrderChangesKeepTheValues(@ForAll("arrays") Spec spec) {
        NdArray array = spec.array();
        NdArray swapped = array.withByteOrder(ByteOrder.BIG_ENDIAN).toFortranOrder().withByteOrder(ByteOrder.LITTLE_ENDIAN);
        assertEquals(array.withByteOrder(ByteOrder.LITTLE_ENDIAN).toCOrder(), swapped.toCOrder());
    }

    @Provide
    Arbitrary<String[]> texts() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 0x7f)),
                Tuple.of(1, Arbitraries.integers().between(0x80, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0x10FFFF)));
        return codePoints.list().ofMaxSize(8)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()))
                .array(String[].class).ofMaxSize(12);
    }

    @Property(tries = 300)
    void textSurvivesWriteAndReadInBothByteOrders(@ForAll("texts") String[] values, @ForAll boolean bigEndian) {
        NdArray array = NdArray.of(values)
                .withByteOrder(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        NdArray back = Npy.read(Npy.toBytes(array));
        assertEquals(array, back);
        assertArrayEquals(values, back.toStringArray());
    }

    private static byte[] bytes(NdArray a) {
        byte[] out = new byte[(int) a.nbytes()];
        a.data().get(out);
        return out;
    }
}
