package io.github.kafkanpy.npy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;

/**
 * The factories behind {@link NdArray}'s {@code of} and {@code fromJava}: Java values in, element
 * bytes in the dtype's byte order out, with the range checks and roundings those methods document.
 */
final class ArrayFactories {
    private ArrayFactories() {
    }

    static NdArray of(boolean[] data, int[] shape) {
        int[] dims = resolveShape(shape, data.length, 1);
        ByteBuffer buf = allocate(DType.BOOL, data.length);
        for (int i = 0; i < data.length; i++) {
            buf.put(i, data[i] ? (byte) 1 : 0);
        }
        return create(DType.BOOL, dims, buf);
        }

    static NdArray of(DType dtype, byte[] data, int[] shape) {
        if (dtype.itemSize() == 1 && dtype.kind().isInteger()) {
            int[] dims = resolveShape(shape, data.length, 1);
            return create(dtype, dims, allocate(dtype, data.length).put(data).clear());
        }
        return fromLongs(dtype, data.length, i -> data[i], 1, shape);
        }

    static NdArray of(DType dtype, short[] data, int[] shape) {
        if (dtype.itemSize() == 2 && !dtype.kind().isComplex() && !dtype.kind().isString()) {
            int[] dims = resolveShape(shape, data.length, 1);
            ByteBuffer buf = allocate(dtype, data.length);
            buf.asShortBuffer().put(data);
            return create(dtype, dims, buf);
        }
        return fromLongs(dtype, data.length, i -> data[i], 2, shape);
        }

    static NdArray of(DType dtype, int[] data, int[] shape) {
        if (dtype.itemSize() == 4 && dtype.kind().isInteger()) {
            int[] dims = resolveShape(shape, data.length, 1);
            ByteBuffer buf = allocate(dtype, data.length);
            buf.asIntBuffer().put(data);
            return create(dtype, dims, buf);
        }
        return fromLongs(dtype, data.length, i -> data[i], 4, shape);
        }

    static NdArray of(DType dtype, long[] data, int[] shape) {
        if (dtype.itemSize() == 8 && dtype.kind().isInteger()) {
            int[] dims = resolveShape(shape, data.length, 1);
            ByteBuffer buf = allocate(dtype, data.length);
            buf.asLongBuffer().put(data);
            return create(dtype, dims, buf);
        }
        return fromLongs(dtype, data.length, i -> data[i], 8, shape);
        }

    static NdArray of(DType dtype, float[] data, int[] shape) {
        if (dtype.kind() == DType.Kind.FLOAT32 || dtype.kind() == DType.Kind.COMPLEX64) {
            int[] dims = resolveShape(shape, data.length, dtype.kind().isComplex() ? 2 : 1);
            ByteBuffer buf = allocate(dtype, data.length / (dtype.kind().isComplex() ? 2 : 1));
            buf.asFloatBuffer().put(data);
            return create(dtype, dims, buf);
        }
        return fromDoubles(dtype, data.length, i -> data[i], shape);
        }

    static NdArray of(DType dtype, double[] data, int[] shape) {
        if (dtype.kind() == DType.Kind.FLOAT64 || dtype.kind() == DType.Kind.COMPLEX128) {
            int[] dims = resolveShape(shape, data.length, dtype.kind().isComplex() ? 2 : 1);
            ByteBuffer buf = allocate(dtype, data.length / (dtype.kind().isComplex() ? 2 : 1));
            buf.asDoubleBuffer().put(data);
            return create(dtype, dims, buf);
        }
        return fromDoubles(dtype, data.length, i -> data[i], shape);
        }

    static NdArray of(DType dtype, String[] data, int[] shape) {
        if (!dtype.kind().isString()) {
            throw new IllegalArgumentException("strings make an S or U array, not " + dtype.kind().numpyName());
        }
        int[] dims = resolveShape(shape, data.length, 1);
        return create(dtype, dims, FixedWidthText.encode(dtype, data));
        }

    static NdArray fromJava(Object nested) {
        NestedArrays flat = NestedArrays.of(nested);
        Object values = flat.values;
        if (values instanceof boolean[]) {
            return NdArray.of((boolean[]) values).reshape(flat.shape);
        }
        if (values instanceof String[]) {
            return NdArray.of((String[]) values).reshape(flat.shape);
        }
        DType dtype = values instanceof byte[] ? DType.INT8 : values instanceof short[] ? DType.INT16
                : values instanceof int[] ? DType.INT32 : values instanceof long[] ? DType.INT64
                : values instanceof float[] ? DType.FLOAT32 : DType.FLOAT64;
        return fromJava(dtype, nested);
        }

    static NdArray fromJava(DType dtype, Object nested) {
        NestedArrays flat = NestedArrays.of(nested);
        int[] dims = flat.shape;
        if (dtype.kind().isComplex()) {
            if (dims.length == 0 || dims[dims.length - 1] != 2) {
                throw new IllegalArgumentException("a complex array comes from Java arrays whose innermost length is 2 "
                        + "(real, imaginary), not shape " + Shapes.toString(dims));
            }
            dims = Arrays.copyOf(dims, dims.length - 1);
        }
        Object v = flat.values;
        NdArray flatArray;
        if (v instanceof String[] || dtype.kind().isString()) {
            if (!(v instanceof String[] && dtype.kind().isString())) {
                throw new IllegalArgumentException("strings make an S or U array and only strings do; got "
                        + v.getClass().getComponentType().getSimpleName() + " values for " + dtype.descr());
            }
            flatArray = NdArray.of(dtype, (String[]) v);
        } else if (v instanceof boolean[]) {
            if (dtype.kind() != DType.Kind.BOOL) {
                throw new IllegalArgumentException("boolean values make a bool array, not " + dtype.kind().numpyName());
            }
            flatArray = NdArray.of((boolean[]) v);
        } else if (v instanceof byte[]) {
            flatArray = NdArray.of(dtype, (byte[]) v);
        } else if (v instanceof short[]) {
            flatArray = NdArray.of(dtype, (short[]) v);
        } else if (v instanceof int[]) {
            flatArray = NdArray.of(dtype, (int[]) v);
        } else if (v instanceof long[]) {
            flatArray = NdArray.of(dtype, (long[]) v);
        } else if (v instanceof float[]) {
            flatArray = NdArray.of(dtype, (float[]) v);
        } else {
            flatArray = NdArray.of(dtype, (double[]) v);
        }
        return flatArray.reshape(dims);
        }

    static NdArray fromLongs(DType dtype, int length, IntToLongFunction source, int sourceBytes, int[] shape) {
        DType.Kind kind = dtype.kind();
        int[] dims = resolveShape(shape, length, 1);
        ByteBuffer buf = allocate(dtype, length);
        if (kind.isInteger()) {
            boolean sameWidth = sourceBytes == kind.itemSize();
            for (int i = 0; i < length; i++) {
                long v = source.applyAsLong(i);
                if (!sameWidth) {
                    checkRange(kind, v, i);
                }
                putInteger(buf, kind.itemSize(), i, v);
            }
        } else if (kind.isFloatingPoint()) {
            for (int i = 0; i < length; i++) {
                putFloating(buf, kind, i, source.applyAsLong(i));
            }
        } else {
            throw new IllegalArgumentException("a " + kind.numpyName() + " array cannot be made from integer values");
        }
        return create(dtype, dims, buf);
    }
    static NdArray fromDoubles(DType dtype, int length, IntToDoubleFunction source, int[] shape) {
        DType.Kind kind = dtype.kind();
        if (!kind.isFloatingPoint() && !kind.isComplex()) {
            throw new IllegalArgumentException("a " + kind.numpyName() + " array cannot be made from floating-point "
                    + "values without rounding; convert them to integers first");
        }
        int components = kind.isComplex() ? 2 : 1;
        int[] dims = resolveShape(shape, length, components);
        ByteBuffer buf = allocate(dtype, length / components);
        DType.Kind part = kind == DType.Kind.COMPLEX64 ? DType.Kind.FLOAT32
                : kind == DType.Kind.COMPLEX128 ? DType.Kind.FLOAT64 : kind;
        for (int i = 0; i < length; i++) {
            putFloating(buf, part, i, source.applyAsDouble(i));
        }
        return create(dtype, dims, buf);
    }
    static void checkRange(DType.Kind kind, long v, int i) {
        int bits = 8 * kind.itemSize();
        boolean ok = kind.isUnsigned()
                ? v >= 0 && (bits == 64 || v >>> bits == 0)
                : bits == 64 || v >= -(1L << (bits - 1)) && v < 1L << (bits - 1);
        if (!ok) {
            throw new IllegalArgumentException("value " + v + " at index " + i + " does not fit " + kind.numpyName());
        }
    }
    static void putInteger(ByteBuffer buf, int width, int i, long v) {
        switch (width) {
            case 1: buf.put(i, (byte) v); break;
            case 2: buf.putShort(2 * i, (short) v); break;
            case 4: buf.putInt(4 * i, (int) v); break;
            default: buf.putLong(8 * i, v); break;
        }
    }
    static void putFloating(ByteBuffer buf, DType.Kind kind, int i, double v) {
        switch (kind) {
            case FLOAT16: buf.putShort(2 * i, Float16.fromDouble(v)); break;
            case FLOAT32: buf.putFloat(4 * i, (float) v); break;
            default: buf.putDouble(8 * i, v); break;
        }
    }
    static ByteBuffer allocate(DType dtype, int elements) {
        return ByteBuffer.allocate(Math.multiplyExact(elements, dtype.itemSize())).order(dtype.byteOrder());
    }
    static NdArray create(DType dtype, int[] dims, ByteBuffer owned) {
        return NdArray.trusted(dtype, dims, false, owned);
    }
    static int[] resolveShape(int[] shape, int length, int components) {
        if (length % components != 0) {
            throw new IllegalArgumentException("complex values come as (real, imaginary) pairs, but " + length
                    + " numbers were given");
        }
        int elements = length / components;
        if (shape.length == 0) {
            return new int[] {elements};
        }
        int[] dims = Shapes.check(shape);
        if (Shapes.elementCount(dims) != elements) {
            throw new IllegalArgumentException("shape " + Shapes.toString(dims) + " holds " + Shapes.elementCount(dims)
                    + " elements, but " + elements + " were given");
        }
        return dims;
    }
}
