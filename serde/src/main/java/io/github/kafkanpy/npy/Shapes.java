package io.github.kafkanpy.npy;

/**
 * The one place that knows what an array shape may be: at most {@value #MAX_DIMS} non-negative
 * dimensions, element and byte counts computed exactly (an array with a zero dimension is empty
 * whatever its other dimensions), and one rendering, numpy's: {@code ()}, {@code (7,)},
 * {@code (2, 3)}. The codec, {@link NdArray} and the serdes all check and print shapes here, so
 * a shape refused or reported in one place is refused or reported the same way everywhere.
 *
 * <pre>{@code
 * int[] shape = Shapes.check(28, 28, 3);          // a copy, or IllegalArgumentException
 * long bytes = Shapes.byteCount(DType.FLOAT32, shape); // 9408
 * String text = Shapes.toString(shape);           // "(28, 28, 3)"
 * }</pre>
 */
public final class Shapes {
    /** numpy 2's limit on the number of dimensions ({@code NPY_MAXDIMS}). */
    public static final int MAX_DIMS = 64;

    /** What a message says of a count past {@link Long#MAX_VALUE}. */
    static final String BEYOND_LONG = "more than " + Long.MAX_VALUE;

    private static final int[] SCALAR = new int[0];

    private Shapes() {
    }

    /**
     * Checks a shape and returns a copy of it.
     *
     * @param shape the dimensions; none for a 0-d array
     * @return a copy the caller may keep
     * @throws IllegalArgumentException for a negative dimension or more than {@value #MAX_DIMS} of them
     */
    public static int[] check(int... shape) {
        if (shape.length == 0) {
            return SCALAR;
        }
        if (shape.length > MAX_DIMS) {
            throw new IllegalArgumentException("a shape has at most " + MAX_DIMS + " dimensions, not " + shape.length);
        }
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("shape " + toString(shape) + " has a negative dimension");
            }
        }
        return shape.clone();
    }

    /**
     * The number of elements of a shape, exactly: zero when any dimension is zero.
     *
     * @param shape the dimensions
     * @return the element count
     * @throws IllegalArgumentException when the count exceeds {@link Long#MAX_VALUE}
     */
    public static long elementCount(int... shape) {
        long count = product(1, shape);
        if (count < 0) {
            throw new IllegalArgumentException("shape " + toString(shape) + " has " + BEYOND_LONG + " elements");
        }
        return count;
    }

    /**
     * The number of data bytes of an array, exactly: zero when any dimension is zero.
     *
     * @param dtype the element type
     * @param shape the dimensions
     * @return the byte count
     * @throws IllegalArgumentException when the count exceeds {@link Long#MAX_VALUE}, or a zero-width
     *         dtype ({@code S0}, {@code U0}) has more elements than a Java array holds: no byte count
     *         bounds those, so no byte limit would catch them
     */
    public static long byteCount(DType dtype, int... shape) {
        long bytes = product(dtype.itemSize(), shape);
        if (bytes < 0) {
            throw new IllegalArgumentException(dtype.descr() + " of shape " + toString(shape) + " has " + BEYOND_LONG
                    + " bytes");
        }
        long elements = bytes == 0 ? product(1, shape) : 0;
        if (elements < 0 || elements > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(dtype.descr() + " of shape " + toString(shape) + " has "
                    + (elements < 0 ? BEYOND_LONG : elements) + " elements, more than a Java array holds");
        }
        return bytes;
    }

    /**
     * The product of {@code first} and every dimension, or -1 when it exceeds {@link Long#MAX_VALUE}.
     * A zero dimension makes it zero, whatever the others.
     */
    static long product(long first, int[] shape) {
        for (int dim : shape) {
            if (dim == 0) {
                return 0;
            }
        }
        long product = first;
        for (int dim : shape) {
            if (product > Long.MAX_VALUE / dim) {
                return -1;
            }
            product *= dim;
        }
        return product;
    }

    /**
     * A shape as numpy prints it: {@code ()}, {@code (7,)}, {@code (2, 3)}.
     *
     * @param shape the dimensions
     * @return the text
     */
    public static String toString(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** The element count of a checked shape, which must fit one Java array (an empty shape always does). */
    static int arrayLength(int[] dims) {
        long n = elementCount(dims);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Shapes.toString(dims) + " has " + n
                    + " elements, more than a Java array holds");
        }
        return (int) n;
    }
}
