package io.github.kafkanpy.npy;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Objects;

/**
 * A nested Java array ({@code float[][]}, {@code String[][][]}, a boxed scalar) flattened into one
 * primitive array in C order with its shape, for {@link NdArray#fromJava}, and the way back for
 * {@link NdArray#toJava()}.
 */
final class NestedArrays {
    final Object values;
    final int[] shape;

    private NestedArrays(Object values, int[] shape) {
        this.values = values;
        this.shape = shape;
    }

    static NestedArrays of(Object nested) {
        Objects.requireNonNull(nested, "nested");
        if (!nested.getClass().isArray()) {
            return scalar(nested);
        }
        int[] dims = new int[0];
        Class<?> leaf = nested.getClass();
        Object probe = nested;
        while (leaf.isArray()) {
            int length = Array.getLength(probe);
            dims = Arrays.copyOf(dims, dims.length + 1);
            dims[dims.length - 1] = length;
            leaf = leaf.getComponentType();
            if (leaf.isArray()) {
                probe = length > 0 ? Array.get(probe, 0) : Array.newInstance(leaf.getComponentType(), 0);
                if (probe == null) {
                    throw new IllegalArgumentException("nested array holds null");
                }
            }
        }
        if (!leaf.isPrimitive() && leaf != String.class || leaf == char.class) {
            throw new IllegalArgumentException("fromJava takes arrays of boolean, byte, short, int, long, float, "
                    + "double or String, not " + nested.getClass().getSimpleName());
        }
        Object values = Array.newInstance(leaf, Shapes.arrayLength(Shapes.check(dims)));
        copyLeaves(nested, dims, 0, values, 0);
        return new NestedArrays(values, dims);
    }

    private static int copyLeaves(Object node, int[] dims, int depth, Object out, int at) {
        int length = Array.getLength(node);
        if (length != dims[depth]) {
            throw new IllegalArgumentException("ragged nested array: axis " + depth + " has lengths "
                    + dims[depth] + " and " + length);
        }
        if (depth == dims.length - 1) {
            System.arraycopy(node, 0, out, at, length);
            return at + length;
        }
        for (int i = 0; i < length; i++) {
            Object child = Array.get(node, i);
            if (child == null) {
                throw new IllegalArgumentException("nested array holds null");
            }
            at = copyLeaves(child, dims, depth + 1, out, at);
        }
        return at;
    }

    private static NestedArrays scalar(Object boxed) {
        Object values;
        if (boxed instanceof Boolean) {
            values = new boolean[] {(Boolean) boxed};
        } else if (boxed instanceof Byte) {
            values = new byte[] {(Byte) boxed};
        } else if (boxed instanceof Short) {
            values = new short[] {(Short) boxed};
        } else if (boxed instanceof Integer) {
            values = new int[] {(Integer) boxed};
        } else if (boxed instanceof Long) {
            values = new long[] {(Long) boxed};
        } else if (boxed instanceof Float) {
            values = new float[] {(Float) boxed};
        } else if (boxed instanceof Double) {
            values = new double[] {(Double) boxed};
        } else if (boxed instanceof String) {
            values = new String[] {(String) boxed};
        } else {
            throw new IllegalArgumentException("fromJava takes a nested primitive or String array, a boxed "
                    + "primitive or a String, not "
                    + boxed.getClass().getName());
        }
        return new NestedArrays(values, new int[0]);
    }

    static Object nest(Object flat, int[] dims) {
        if (dims.length == 1) {
            return flat;
        }
        Class<?> leaf = flat.getClass().getComponentType();
        int[] sub = Arrays.copyOfRange(dims, 1, dims.length);
        int block = dims[0] == 0 ? 0 : Array.getLength(flat) / dims[0];
        Object outer = Array.newInstance(Array.newInstance(leaf, new int[sub.length]).getClass(), dims[0]);
        for (int i = 0; i < dims[0]; i++) {
            Object part = Array.newInstance(leaf, block);
            System.arraycopy(flat, i * block, part, 0, block);
            Array.set(outer, i, nest(part, sub));
        }
        return outer;
    }
}
