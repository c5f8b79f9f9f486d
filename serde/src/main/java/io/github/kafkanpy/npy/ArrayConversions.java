package io.github.kafkanpy.npy;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bulk conversions behind {@link NdArray}'s {@code toXxxArray()} and {@code toJava()}: values
 * in logical C order whatever the layout, allowed only where the Java type holds every value of
 * the dtype exactly, with the refusals naming the conversion to use instead.
 */
final class ArrayConversions {
    /** An empty array's Java form still holds one Java array per index before its first zero axis. */
    static final long MAX_EMPTY_NESTING = 1 << 20;

    private ArrayConversions() {
    }

    static boolean[] toBooleanArray(NdArray a) {
        int size = (int) a.size();
        requireKind(a, "toBooleanArray", a.dtype().kind() == DType.Kind.BOOL);
        boolean[] out = new boolean[size];
        a.forEachElement((c, s) -> out[c] = a.longAt(s) != 0);
        return out;
    }

    static String[] toStringArray(NdArray a) {
        int size = (int) a.size();
        ByteBuffer data = a.data();
        requireKind(a, "toStringArray", a.dtype().kind().isString());
        if (a.dtype().itemSize() == 0 && size > MAX_EMPTY_NESTING) {
            throw new UnsupportedOperationException("toStringArray() of " + size + " zero-width strings would allocate "
                    + "far more than the array's 0 data bytes");
        }
        String[] out = new String[size];
        a.forEachElement((c, s) -> out[c] = FixedWidthText.decode(data, a.dtype(), s));
        return out;
    }

    static byte[] toByteArray(NdArray a) {
        int size = (int) a.size();
        requireFits(a, "toByteArray", DType.Kind.BOOL, DType.Kind.INT8);
        byte[] out = new byte[size];
        a.forEachElement((c, s) -> out[c] = (byte) a.longAt(s));
        return out;
    }

    static short[] toShortArray(NdArray a) {
        int size = (int) a.size();
        requireFits(a, "toShortArray", DType.Kind.BOOL, DType.Kind.INT8, DType.Kind.UINT8, DType.Kind.INT16);
        short[] out = new short[size];
        a.forEachElement((c, s) -> out[c] = (short) a.longAt(s));
        return out;
    }

    static int[] toIntArray(NdArray a) {
        int size = (int) a.size();
        requireFits(a, "toIntArray", DType.Kind.BOOL, DType.Kind.INT8, DType.Kind.UINT8, DType.Kind.INT16,
                DType.Kind.UINT16, DType.Kind.INT32);
        int[] out = new int[size];
        if (a.dtype().kind() == DType.Kind.INT32 && !a.fortranOrder()) {
            a.data().asIntBuffer().get(out);
        } else {
            a.forEachElement((c, s) -> out[c] = (int) a.longAt(s));
        }
        return out;
    }

    static long[] toLongArray(NdArray a) {
        int size = (int) a.size();
        requireIntegral(a, "toLongArray");
        long[] out = new long[size];
        a.forEachElement((c, s) -> out[c] = a.longAt(s));
        return out;
    }

    static float[] toFloatArray(NdArray a) {
        int size = (int) a.size();
        requireFits(a, "toFloatArray", DType.Kind.BOOL, DType.Kind.INT8, DType.Kind.UINT8, DType.Kind.INT16,
                DType.Kind.UINT16, DType.Kind.FLOAT16, DType.Kind.FLOAT32, DType.Kind.COMPLEX64);
        if (a.dtype().kind() == DType.Kind.COMPLEX64) {
            float[] out = new float[2 * size];
            a.forEachElement((c, s) -> {
                out[2 * c] = (float) a.componentAt(2 * s);
                out[2 * c + 1] = (float) a.componentAt(2 * s + 1);
            });
            return out;
        }
        float[] out = new float[size];
        if (a.dtype().kind() == DType.Kind.FLOAT32 && !a.fortranOrder()) {
            a.data().asFloatBuffer().get(out);
        } else {
            a.forEachElement((c, s) -> out[c] = (float) a.doubleAt(s));
        }
        return out;
    }

    static double[] toDoubleArray(NdArray a) {
        int size = (int) a.size();
        requireKind(a, "toDoubleArray", !a.dtype().kind().isString());
        if (a.dtype().kind() == DType.Kind.INT64 || a.dtype().kind() == DType.Kind.UINT64) {
            throw new UnsupportedOperationException("toDoubleArray() would round " + a.dtype().kind().numpyName()
                    + " values above 2^53; use toLongArray()");
        }
        if (a.dtype().kind().isComplex()) {
            double[] out = new double[2 * size];
            a.forEachElement((c, s) -> {
                out[2 * c] = a.componentAt(2 * s);
                out[2 * c + 1] = a.componentAt(2 * s + 1);
            });
            return out;
        }
        double[] out = new double[size];
        if (a.dtype().kind() == DType.Kind.FLOAT64 && !a.fortranOrder()) {
            a.data().asDoubleBuffer().get(out);
        } else {
            a.forEachElement((c, s) -> out[c] = a.doubleAt(s));
        }
        return out;
    }

    static Object toJava(NdArray a) {
        int size = (int) a.size();
        int[] shape = a.shape();
        if (size == 0) {
            long nestedArrays = 1;
            for (int dim : shape) {
                if (dim == 0) {
                    break;
                }
                nestedArrays *= dim;
                if (nestedArrays > MAX_EMPTY_NESTING) {
                    throw new UnsupportedOperationException("toJava() of an empty array of shape " + Shapes.toString(shape)
                            + " would allocate " + nestedArrays + "+ empty Java arrays");
                }
            }
        }
        Object flat;
        int[] dims = shape;
        switch (a.dtype().kind()) {
            case BOOL: flat = toBooleanArray(a); break;
            case INT8: flat = toByteArray(a); break;
            case INT16: flat = toShortArray(a); break;
            case INT32: case UINT8: case UINT16: flat = toIntArray(a); break;
            case INT64: case UINT32: case UINT64: flat = toLongArray(a); break;
            case FLOAT16: case FLOAT32: case COMPLEX64: flat = toFloatArray(a); break;
            case BYTES: case STR: flat = toStringArray(a); break;
            default: flat = toDoubleArray(a); break;
        }
        if (a.dtype().kind().isComplex()) {
            dims = Arrays.copyOf(shape, shape.length + 1);
            dims[shape.length] = 2;
        }
        return dims.length == 0 ? Array.get(flat, 0) : NestedArrays.nest(flat, dims);
    }

    static void requireKind(NdArray a, String method, boolean ok) {
        if (!ok) {
            throw new UnsupportedOperationException(method + "() does not apply to a "
                    + a.dtype().kind().numpyName() + " array");
        }
    }
    static void requireReal(NdArray a, String method) {
        requireKind(a, method, !a.dtype().kind().isComplex() && !a.dtype().kind().isString());
    }
    static void requireIntegral(NdArray a, String method) {
        requireKind(a, method, a.dtype().kind().isInteger() || a.dtype().kind() == DType.Kind.BOOL);
    }
    static void requireFits(NdArray a, String method, DType.Kind... kinds) {
        for (DType.Kind k : kinds) {
            if (k == a.dtype().kind()) {
                return;
            }
        }
        throw new UnsupportedOperationException(method + "() cannot hold every " + a.dtype().kind().numpyName()
                + " value exactly; " + suggestion(a));
    }
    private static String suggestion(NdArray a) {
        DType.Kind k = a.dtype().kind();
        if (k.isInteger()) {
            return k.itemSize() <= 2 || k == DType.Kind.INT32 ? "use toIntArray()" : "use toLongArray()";
        }
        if (k == DType.Kind.FLOAT64 || k == DType.Kind.COMPLEX128) {
            return "use toDoubleArray()";
        }
        if (k.isString()) {
            return "use toStringArray()";
        }
        return k == DType.Kind.BOOL ? "use toBooleanArray()" : "use toFloatArray()";
    }
}
