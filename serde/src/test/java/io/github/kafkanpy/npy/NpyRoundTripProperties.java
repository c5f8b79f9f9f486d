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

/** Random arrays of every dtype, byte order, shape and layout survive write and read unchanged. */
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
        Arbitrary<DType> dtypes = Combinators.combine(Arbitraries.of(DType.Kind.class),
                Arbitraries.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)).as(DType::of);
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

    private static byte[] bytes(NdArray a) {
        byte[] out = new byte[(int) a.nbytes()];
        a.data().get(out);
        return out;
    }
}
