package io.github.kafkanpy.npy;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;

/**
 * An immutable n-dimensional array with a numpy dtype: what one {@code .npy} file holds.
 *
 * <p>The elements live in {@link #data()}, a read-only buffer in the dtype's byte order, laid out
 * in C (row-major) order or, when {@link #fortranOrder()} is true, in Fortran (column-major) order.
 * Every accessor and conversion returns values in logical C order whatever the layout, so the
 * layout only matters to code that reads {@link #data()} itself.
 *
 * <pre>{@code
 * NdArray image = NdArray.of(DType.UINT8, pixels, 224, 224, 3);        // pixels: int[] of 0..255
 * NdArray emb = NdArray.of(new float[] {0.1f, 0.2f, 0.3f});             // 1-d float32
 * NdArray m = NdArray.fromJava(new double[][] {{1, 2}, {3, 4}});        // 2x2 float64
 * double x = m.getDouble(1, 0);                                          // 3.0
 * double[][] back = (double[][]) m.toJava();
 * System.out.println(m);                                                 // array([[1., 2.],
 *                                                                        //        [3., 4.]])
 * }</pre>
 *
 * <p><b>Java types per dtype.</b> Factories take Java primitive arrays. Where the Java type says
 * the dtype ({@code float[]} is float32, {@code int[]} is int32, ...) no dtype is needed. With an
 * explicit dtype, a source of the dtype's width is taken as its bits ({@code short[]} for uint16
 * or float16, {@code long[]} for uint64); a narrower or wider integer source is converted by value
 * and range-checked ({@code int[]} values 0..255 for uint8); a floating-point source is rounded to
 * the dtype (float16 rounds to nearest even); complex dtypes take interleaved real and imaginary
 * parts. Conversions back ({@link #toIntArray()}, ...) are allowed only where every value of the
 * dtype fits the Java type exactly: uint8 and uint16 come back as {@code int}, uint32 as
 * {@code long}, and uint64 as {@code long} holding the same 64 bits (read them with
 * {@link Long#toUnsignedString(long)} or {@link Long#compareUnsigned(long, long)}).
 *
 * <p><b>Strings.</b> numpy's fixed-width {@code S} and {@code U} dtypes come from and go back to
 * {@code String}: {@link #of(String[], int...)}, {@link #getString}, {@link #toStringArray()},
 * and {@code String} in {@link #fromJava}/{@link #toJava()}. {@code S} holds bytes as the chars
 * U+0000..U+00FF; {@code U} holds code points, so an emoji is one character of the width. A
 * string that does not fit the width is refused, never truncated.
 *
 * <p>Instances are immutable and thread-safe, with one documented exception: {@link #wrap} and
 * {@link Npy#read(ByteBuffer)} return views over the caller's memory, which change if the caller
 * changes that memory. {@link #copy()} detaches an array from it.
 */
public final class NdArray {
    /** An empty array's Java form still holds one Java array per index before its first zero axis. */
    private static final long MAX_EMPTY_NESTING = 1 << 20;

    private final DType dtype;
    private final int[] shape;
    private final boolean fortranOrder;
    private final ByteBuffer data;
    private final int size;

    private NdArray(DType dtype, int[] shape, boolean fortranOrder, ByteBuffer data, int size) {
        this.dtype = dtype;
        this.shape = shape;
        this.fortranOrder = fortranOrder && layoutsDiffer(shape, size);
        this.data = data.order(dtype.byteOrder());
        this.size = size;
    }

    /** C and Fortran layouts coincide when the array is empty or at most one axis is longer than 1. */
    private static boolean layoutsDiffer(int[] shape, int size) {
        int longAxes = 0;
        for (int dim : shape) {
            longAxes += dim > 1 ? 1 : 0;
        }
        return size > 0 && longAxes > 1;
    }

    /** Array over a buffer the codec already checked: sized exactly, position 0, never written through. */
    static NdArray trusted(DType dtype, int[] shape, boolean fortranOrder, ByteBuffer data) {
        return new NdArray(dtype, shape, fortranOrder, data, elementCount(shape));
    }

    // ---------------------------------------------------------------- factories

    /**
     * Wraps raw element bytes without copying them: the array is a read-only view of
     * {@code data}'s remaining bytes, whose position and limit stay as they are.
     *
     * @param dtype the dtype of the bytes, byte order included
     * @param data the elements, exactly {@code size * itemSize} remaining bytes
     * @param fortranOrder whether the bytes are in Fortran (column-major) order
     * @param shape the dimensions; none for a 0-d array
     * @return the view
     * @throws IllegalArgumentException if the byte count does not match the shape
     */
    public static NdArray wrap(DType dtype, ByteBuffer data, boolean fortranOrder, int... shape) {
        Objects.requireNonNull(dtype, "dtype");
        int[] dims = Shapes.check(shape);
        long bytes = Shapes.byteCount(dtype, dims);
        if (data.remaining() != bytes) {
            throw new IllegalArgumentException("shape " + Shapes.toString(dims) + " of " + dtype.kind().numpyName()
                    + " needs " + bytes + " bytes, but the buffer has " + data.remaining());
        }
        ByteBuffer view = data.slice(data.position(), data.remaining());
        return new NdArray(dtype, dims, fortranOrder, view, elementCount(dims));
    }

    /**
     * A bool array.
     *
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return the array
     */
    public static NdArray of(boolean[] data, int... shape) {
        int[] dims = resolveShape(shape, data.length, 1);
        ByteBuffer buf = allocate(DType.BOOL, data.length);
        for (int i = 0; i < data.length; i++) {
            buf.put(i, data[i] ? (byte) 1 : 0);
        }
        return create(DType.BOOL, dims, buf);
    }

    /**
     * An int8 array.
     *
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return the array
     */
    public static NdArray of(byte[] data, int... shape) {
        return of(DType.INT8, data, shape);
    }

    /**
     * An int16 array.
     *
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return the array
     */
    public static NdArray of(short[] data, int... shape) {
        return of(DType.INT16, data, shape);
    }

    /**
     * An int32 array.
     *
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return the array
     */
    public static NdArray of(int[] data, int... shape) {
        return of(DType.INT32, data, shape);
    }

    /**
     * An int64 array.
     *
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return the array
     */
    public static NdArray of(long[] data, int... shape) {
        return of(DType.INT64, data, shape);
    }

    /**
     * A float32 array.
     *
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return the array
     */
    public static NdArray of(float[] data, int... shape) {
        return of(DType.FLOAT32, data, shape);
    }

    /**
     * A float64 array.
     *
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return the array
     */
    public static NdArray of(double[] data, int... shape) {
        return of(DType.FLOAT64, data, shape);
    }

    /**
     * An integer or float array from bytes: int8 and uint8 take the bytes as bits, wider dtypes
     * take their values (a negative byte refuses an unsigned dtype).
     *
     * @param dtype the dtype wanted
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array
     * @return the array
     * @throws IllegalArgumentException if the dtype cannot hold the values
     */
    public static NdArray of(DType dtype, byte[] data, int... shape) {
        if (dtype.itemSize() == 1 && dtype.kind().isInteger()) {
            int[] dims = resolveShape(shape, data.length, 1);
            return create(dtype, dims, allocate(dtype, data.length).put(data).clear());
        }
        return fromLongs(dtype, data.length, i -> data[i], 1, shape);
    }

    /**
     * An array from shorts: int16, uint16 and float16 take them as bits; other integer and float
     * dtypes take their values, range-checked.
     *
     * @param dtype the dtype wanted
     * @param data the values or bits in C order
     * @param shape the dimensions; none for a 1-d array
     * @return the array
     * @throws IllegalArgumentException if the dtype cannot hold the values
     */
    public static NdArray of(DType dtype, short[] data, int... shape) {
        if (dtype.itemSize() == 2 && !dtype.kind().isComplex() && !dtype.kind().isString()) {
            int[] dims = resolveShape(shape, data.length, 1);
            ByteBuffer buf = allocate(dtype, data.length);
            buf.asShortBuffer().put(data);
            return create(dtype, dims, buf);
        }
        return fromLongs(dtype, data.length, i -> data[i], 2, shape);
    }

    /**
     * An array from ints: int32 and uint32 take them as bits; other integer dtypes take their
     * values, range-checked (uint8 pixels from 0..255, say); float dtypes convert them.
     *
     * @param dtype the dtype wanted
     * @param data the values or bits in C order
     * @param shape the dimensions; none for a 1-d array
     * @return the array
     * @throws IllegalArgumentException if the dtype cannot hold the values
     */
    public static NdArray of(DType dtype, int[] data, int... shape) {
        if (dtype.itemSize() == 4 && dtype.kind().isInteger()) {
            int[] dims = resolveShape(shape, data.length, 1);
            ByteBuffer buf = allocate(dtype, data.length);
            buf.asIntBuffer().put(data);
            return create(dtype, dims, buf);
        }
        return fromLongs(dtype, data.length, i -> data[i], 4, shape);
    }

    /**
     * An array from longs: int64 and uint64 take them as bits (a uint64 above
     * {@link Long#MAX_VALUE} is passed as the negative long with the same bits); other integer
     * dtypes take their values, range-checked; float dtypes convert them.
     *
     * @param dtype the dtype wanted
     * @param data the values or bits in C order
     * @param shape the dimensions; none for a 1-d array
     * @return the array
     * @throws IllegalArgumentException if the dtype cannot hold the values
     */
    public static NdArray of(DType dtype, long[] data, int... shape) {
        if (dtype.itemSize() == 8 && dtype.kind().isInteger()) {
            int[] dims = resolveShape(shape, data.length, 1);
            ByteBuffer buf = allocate(dtype, data.length);
            buf.asLongBuffer().put(data);
            return create(dtype, dims, buf);
        }
        return fromLongs(dtype, data.length, i -> data[i], 8, shape);
    }

    /**
     * An array from floats: float16 (rounded to nearest even), float32, float64, or complex64 and
     * complex128 from interleaved real and imaginary parts.
     *
     * @param dtype a float or complex dtype
     * @param data the values in C order; for complex dtypes {@code re0, im0, re1, im1, ...}
     * @param shape the dimensions; none for a 1-d array
     * @return the array
     * @throws IllegalArgumentException for integer and bool dtypes
     */
    public static NdArray of(DType dtype, float[] data, int... shape) {
        if (dtype.kind() == DType.Kind.FLOAT32 || dtype.kind() == DType.Kind.COMPLEX64) {
            int[] dims = resolveShape(shape, data.length, dtype.kind().isComplex() ? 2 : 1);
            ByteBuffer buf = allocate(dtype, data.length / (dtype.kind().isComplex() ? 2 : 1));
            buf.asFloatBuffer().put(data);
            return create(dtype, dims, buf);
        }
        return fromDoubles(dtype, data.length, i -> data[i], shape);
    }

    /**
     * An array from doubles: float16 (rounded once, to nearest even), float32 (rounded), float64,
     * or complex64 and complex128 from interleaved real and imaginary parts.
     *
     * @param dtype a float or complex dtype
     * @param data the values in C order; for complex dtypes {@code re0, im0, re1, im1, ...}
     * @param shape the dimensions; none for a 1-d array
     * @return the array
     * @throws IllegalArgumentException for integer and bool dtypes
     */
    public static NdArray of(DType dtype, double[] data, int... shape) {
        if (dtype.kind() == DType.Kind.FLOAT64 || dtype.kind() == DType.Kind.COMPLEX128) {
            int[] dims = resolveShape(shape, data.length, dtype.kind().isComplex() ? 2 : 1);
            ByteBuffer buf = allocate(dtype, data.length / (dtype.kind().isComplex() ? 2 : 1));
            buf.asDoubleBuffer().put(data);
            return create(dtype, dims, buf);
        }
        return fromDoubles(dtype, data.length, i -> data[i], shape);
    }

    /**
     * A {@code U} (text) array, little-endian, as wide as its longest string and at least one
     * code point wide, as {@code np.array(data)} makes it.
     *
     * <pre>{@code
     * NdArray names = NdArray.of(new String[] {"Emma", "Zoë", "🙂"});  // dtype '<U4'
     * }</pre>
     *
     * @param data the strings in C order; a surrogate pair is one character
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return the array
     * @throws IllegalArgumentException for a null string or one with a lone surrogate
     */
    public static NdArray of(String[] data, int... shape) {
        return of(DType.str(Math.max(1, FixedWidthText.longest(DType.Kind.STR, data))), data, shape);
    }

    /**
     * A string array of the given {@code S} or {@code U} dtype. {@code S} takes chars
     * U+0000..U+00FF as the bytes 0..255 (Latin-1); {@code U} takes code points. Strings shorter
     * than the width are NUL-padded; trailing NULs of a string are lost on reading, as in numpy.
     *
     * @param dtype a string dtype such as {@code DType.bytes(5)} or {@code DType.str(10)}
     * @param data the strings in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return the array
     * @throws IllegalArgumentException if a string does not fit the width (nothing is truncated),
     *     has a char above U+00FF for {@code S} or a lone surrogate for {@code U}, or the dtype is not a string dtype
     */
    public static NdArray of(DType dtype, String[] data, int... shape) {
        if (!dtype.kind().isString()) {
            throw new IllegalArgumentException("strings make an S or U array, not " + dtype.kind().numpyName());
        }
        int[] dims = resolveShape(shape, data.length, 1);
        return create(dtype, dims, FixedWidthText.encode(dtype, data));
    }

    /**
     * An array from a nested Java array ({@code float[][]}, {@code int[][][]}, {@code String[][]},
     * ...) or a boxed scalar or string (a 0-d array), with the dtype its Java type implies: boolean
     * to bool, byte to int8, short to int16, int to int32, long to int64, float to float32, double
     * to float64, String to {@code U} as wide as the longest string ({@link #of(String[], int...)}).
     *
     * @param nested a rectangular nested primitive or String array, a boxed primitive or a String
     * @return the array
     * @throws IllegalArgumentException for ragged or other arrays
     */
    public static NdArray fromJava(Object nested) {
        Flat flat = Flat.of(nested);
        Object values = flat.values;
        if (values instanceof boolean[]) {
            return of((boolean[]) values).reshape(flat.shape);
        }
        if (values instanceof String[]) {
            return of((String[]) values).reshape(flat.shape);
        }
        DType dtype = values instanceof byte[] ? DType.INT8 : values instanceof short[] ? DType.INT16
                : values instanceof int[] ? DType.INT32 : values instanceof long[] ? DType.INT64
                : values instanceof float[] ? DType.FLOAT32 : DType.FLOAT64;
        return fromJava(dtype, nested);
    }

    /**
     * An array of the given dtype from a nested Java array, with the conversions of the
     * {@code of(DType, ...)} factories. For complex dtypes the innermost Java dimension has
     * length 2 and holds the real and imaginary parts, as {@link #toJava()} returns them.
     *
     * @param dtype the dtype wanted
     * @param nested a rectangular nested primitive array, or a boxed primitive
     * @return the array
     * @throws IllegalArgumentException for ragged arrays or values the dtype cannot hold
     */
    public static NdArray fromJava(DType dtype, Object nested) {
        Flat flat = Flat.of(nested);
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
            flatArray = of(dtype, (String[]) v);
        } else if (v instanceof boolean[]) {
            if (dtype.kind() != DType.Kind.BOOL) {
                throw new IllegalArgumentException("boolean values make a bool array, not " + dtype.kind().numpyName());
            }
            flatArray = of((boolean[]) v);
        } else if (v instanceof byte[]) {
            flatArray = of(dtype, (byte[]) v);
        } else if (v instanceof short[]) {
            flatArray = of(dtype, (short[]) v);
        } else if (v instanceof int[]) {
            flatArray = of(dtype, (int[]) v);
        } else if (v instanceof long[]) {
            flatArray = of(dtype, (long[]) v);
        } else if (v instanceof float[]) {
            flatArray = of(dtype, (float[]) v);
        } else {
            flatArray = of(dtype, (double[]) v);
        }
        return flatArray.reshape(dims);
    }

    // ---------------------------------------------------------------- accessors

    /** @return the dtype, byte order included */
    public DType dtype() {
        return dtype;
    }

    /** @return a copy of the dimensions; empty for a 0-d array */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions */
    public int ndim() {
        return shape.length;
    }

    /** @return the number of elements (1 for a 0-d array) */
    public long size() {
        return size;
    }

    /** @return the number of data bytes */
    public long nbytes() {
        return (long) size * dtype.itemSize();
    }

    /**
     * Whether the data is laid out in Fortran order. False whenever the two layouts coincide
     * (1-d arrays, empty arrays, at most one axis longer than 1), exactly as numpy writes
     * {@code 'fortran_order': False} for such arrays whatever their flags.
     *
     * @return true for a column-major layout that differs from the row-major one
     */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /**
     * Returns the raw elements: a new read-only view at position 0, in the dtype's byte order,
     * in the array's layout. No bytes are copied.
     *
     * @return the data view
     */
    public ByteBuffer data() {
        return data.asReadOnlyBuffer().order(dtype.byteOrder());
    }

    /**
     * The heap array holding the data from {@link #heapOffset()} on, or null when the data is
     * direct memory or a read-only buffer's. Package-private: nothing may write through it.
     */
    byte[] heapArray() {
        return data.hasArray() ? data.array() : null;
    }

    /** Where the data starts in {@link #heapArray()}; 0 when there is none. */
    int heapOffset() {
        return data.hasArray() ? data.arrayOffset() : 0;
    }

    /**
     * Reads one element as a double; for integer, bool and float dtypes.
     *
     * @param index one index per dimension, none for a 0-d array
     * @return the element's value
     */
    public double getDouble(int... index) {
        requireReal("getDouble");
        return doubleAt(storageIndex(index));
    }

    /**
     * Reads one element as a long; for integer and bool dtypes (uint64 as the same 64 bits).
     *
     * @param index one index per dimension, none for a 0-d array
     * @return the element's value
     */
    public long getLong(int... index) {
        requireIntegral("getLong");
        return longAt(storageIndex(index));
    }

    /**
     * Reads one element of a bool array.
     *
     * @param index one index per dimension, none for a 0-d array
     * @return the element's value
     */
    public boolean getBoolean(int... index) {
        requireKind("getBoolean", DType.Kind.BOOL == dtype.kind());
        return data.get(storageIndex(index)) != 0;
    }

    /**
     * Reads one element of a string array, trailing NULs stripped: an {@code S} element's bytes
     * as chars U+0000..U+00FF, a {@code U} element's code points (astral ones as surrogate pairs).
     *
     * @param index one index per dimension, none for a 0-d array
     * @return the element's text
     * @throws NpyFormatException if a {@code U} element holds a value that is not a Unicode
     *     scalar value (a surrogate or one above U+10FFFF), which numpy stores but Java text cannot carry faithfully
     */
    public String getString(int... index) {
        requireKind("getString", dtype.kind().isString());
        return FixedWidthText.decode(data, dtype, storageIndex(index));
    }

    /**
     * Reads one element of a complex array.
     *
     * @param index one index per dimension, none for a 0-d array
     * @return {@code {real, imaginary}}
     */
    public double[] getComplex(int... index) {
        requireKind("getComplex", dtype.kind().isComplex());
        int e = storageIndex(index);
        return new double[] {componentAt(2 * e), componentAt(2 * e + 1)};
    }

    // ---------------------------------------------------------------- bulk conversions

    /** @return the values of a bool array in C order */
    public boolean[] toBooleanArray() {
        requireKind("toBooleanArray", dtype.kind() == DType.Kind.BOOL);
        boolean[] out = new boolean[size];
        forEachElement((c, s) -> out[c] = data.get(s) != 0);
        return out;
    }

    /**
     * Returns the elements of a string array as {@link #getString} reads them.
     *
     * @return the strings in C order
     * @throws NpyFormatException if a {@code U} element is not valid text, as for {@link #getString}
     */
    public String[] toStringArray() {
        requireKind("toStringArray", dtype.kind().isString());
        if (dtype.itemSize() == 0 && size > MAX_EMPTY_NESTING) {
            throw new UnsupportedOperationException("toStringArray() of " + size + " zero-width strings would allocate "
                    + "far more than the array's 0 data bytes");
        }
        String[] out = new String[size];
        forEachElement((c, s) -> out[c] = FixedWidthText.decode(data, dtype, s));
        return out;
    }

    /** @return the values of an int8 or bool array in C order */
    public byte[] toByteArray() {
        requireFits("toByteArray", DType.Kind.BOOL, DType.Kind.INT8);
        byte[] out = new byte[size];
        forEachElement((c, s) -> out[c] = (byte) longAt(s));
        return out;
    }

    /** @return the values of an int16, int8, uint8 or bool array in C order */
    public short[] toShortArray() {
        requireFits("toShortArray", DType.Kind.BOOL, DType.Kind.INT8, DType.Kind.UINT8, DType.Kind.INT16);
        short[] out = new short[size];
        forEachElement((c, s) -> out[c] = (short) longAt(s));
        return out;
    }

    /** @return the values of an integer array of at most 32 signed bits (uint8 and uint16 too) in C order */
    public int[] toIntArray() {
        requireFits("toIntArray", DType.Kind.BOOL, DType.Kind.INT8, DType.Kind.UINT8, DType.Kind.INT16,
                DType.Kind.UINT16, DType.Kind.INT32);
        int[] out = new int[size];
        if (dtype.kind() == DType.Kind.INT32 && !fortranOrder) {
            data().asIntBuffer().get(out);
        } else {
            forEachElement((c, s) -> out[c] = (int) longAt(s));
        }
        return out;
    }

    /** @return the values of any integer or bool array in C order; uint64 as the same 64 bits */
    public long[] toLongArray() {
        requireIntegral("toLongArray");
        long[] out = new long[size];
        forEachElement((c, s) -> out[c] = longAt(s));
        return out;
    }

    /**
     * Returns the values as floats where that is exact: float16, float32, bool and integers of at
     * most 16 bits; complex64 as interleaved real and imaginary parts.
     *
     * @return the values in C order
     */
    public float[] toFloatArray() {
        requireFits("toFloatArray", DType.Kind.BOOL, DType.Kind.INT8, DType.Kind.UINT8, DType.Kind.INT16,
                DType.Kind.UINT16, DType.Kind.FLOAT16, DType.Kind.FLOAT32, DType.Kind.COMPLEX64);
        if (dtype.kind() == DType.Kind.COMPLEX64) {
            float[] out = new float[2 * size];
            forEachElement((c, s) -> {
                out[2 * c] = (float) componentAt(2 * s);
                out[2 * c + 1] = (float) componentAt(2 * s + 1);
            });
            return out;
        }
        float[] out = new float[size];
        if (dtype.kind() == DType.Kind.FLOAT32 && !fortranOrder) {
            data().asFloatBuffer().get(out);
        } else {
            forEachElement((c, s) -> out[c] = (float) doubleAt(s));
        }
        return out;
    }

    /**
     * Returns the values as doubles where that is exact: every float dtype, bool and integers of
     * at most 32 bits; complex64 and complex128 as interleaved real and imaginary parts.
     *
     * @return the values in C order
     */
    public double[] toDoubleArray() {
        requireKind("toDoubleArray", !dtype.kind().isString());
        if (dtype.kind() == DType.Kind.INT64 || dtype.kind() == DType.Kind.UINT64) {
            throw new UnsupportedOperationException("toDoubleArray() would round " + dtype.kind().numpyName()
                    + " values above 2^53; use toLongArray()");
        }
        if (dtype.kind().isComplex()) {
            double[] out = new double[2 * size];
            forEachElement((c, s) -> {
                out[2 * c] = componentAt(2 * s);
                out[2 * c + 1] = componentAt(2 * s + 1);
            });
            return out;
        }
        double[] out = new double[size];
        if (dtype.kind() == DType.Kind.FLOAT64 && !fortranOrder) {
            data().asDoubleBuffer().get(out);
        } else {
            forEachElement((c, s) -> out[c] = doubleAt(s));
        }
        return out;
    }

    /**
     * Returns the array as a nested Java array in C order: {@code boolean} for bool, {@code byte},
     * {@code short}, {@code int}, {@code long} for int8 to int64, {@code int} for uint8 and
     * uint16, {@code long} for uint32 and uint64 (uint64 as the same bits), {@code float} for
     * float16 and float32, {@code double} for float64, {@code String} for {@code S} and {@code U}
     * ({@link #toStringArray()}). Complex arrays gain an innermost dimension
     * of length 2 (real, imaginary). A 0-d array returns a boxed value. An empty array returns
     * nested arrays whose lengths past the first zero are zero too: Java cannot express
     * {@code shape (4, 0, 2)}, so {@code fromJava(toJava())} returns such arrays as shape (4, 0, 0).
     *
     * @return a nested primitive array such as {@code float[][]}, or a boxed scalar
     */
    public Object toJava() {
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
        switch (dtype.kind()) {
            case BOOL: flat = toBooleanArray(); break;
            case INT8: flat = toByteArray(); break;
            case INT16: flat = toShortArray(); break;
            case INT32: case UINT8: case UINT16: flat = toIntArray(); break;
            case INT64: case UINT32: case UINT64: flat = toLongArray(); break;
            case FLOAT16: case FLOAT32: case COMPLEX64: flat = toFloatArray(); break;
            case BYTES: case STR: flat = toStringArray(); break;
            default: flat = toDoubleArray(); break;
        }
        if (dtype.kind().isComplex()) {
            dims = Arrays.copyOf(shape, shape.length + 1);
            dims[shape.length] = 2;
        }
        return dims.length == 0 ? Array.get(flat, 0) : Flat.nest(flat, dims);
    }

    // ---------------------------------------------------------------- derived arrays

    /**
     * The same elements under another shape of the same size, read in this array's own layout
     * (numpy's {@code reshape(order='A')}). No bytes are copied.
     *
     * @param newShape the new dimensions; none for a 0-d array of one element
     * @return the reshaped array
     */
    public NdArray reshape(int... newShape) {
        int[] dims = Shapes.check(newShape);
        if (Shapes.elementCount(dims) != size) {
            throw new IllegalArgumentException("cannot reshape an array of size " + size + " into shape " + Shapes.toString(dims));
        }
        boolean fortran = fortranOrder && layoutsDiffer(dims, size);
        return new NdArray(dtype, dims, fortran, data, size);
    }

    /** @return this array laid out in C order: itself when it already is, else a copy */
    public NdArray toCOrder() {
        return fortranOrder ? relayout(false) : this;
    }

    /** @return this array laid out in Fortran order: itself when the layouts coincide or it already is, else a copy */
    public NdArray toFortranOrder() {
        return fortranOrder || !layoutsDiffer(shape, size) ? this : relayout(true);
    }

    private NdArray relayout(boolean toFortran) {
        int item = dtype.itemSize();
        byte[] out = new byte[size * item];
        ByteBuffer src = data();
        // forEachElement maps C index to this array's storage index; the target index is C or F.
        int[] target = toFortran ? fortranPositions() : null;
        forEachElement((c, s) -> src.get(s * item, out, (toFortran ? target[c] : c) * item, item));
        return new NdArray(dtype, shape, toFortran, ByteBuffer.wrap(out), size);
    }

    /** Fortran storage index of each C index. */
    private int[] fortranPositions() {
        int[] positions = new int[size];
        NdArray asFortran = new NdArray(dtype, shape, true, data, size);
        asFortran.forEachElement((c, s) -> positions[c] = s);
        return positions;
    }

    /**
     * The same values in another byte order (numpy's {@code astype(dtype.newbyteorder(...))}).
     *
     * @param order the byte order wanted
     * @return itself when nothing changes, else a copy with swapped bytes
     */
    public NdArray withByteOrder(ByteOrder order) {
        DType target = dtype.withByteOrder(order);
        if (target.equals(dtype)) {
            return this;
        }
        int width = dtype.kind().isComplex() ? dtype.itemSize() / 2
                : dtype.kind().isString() ? dtype.kind().itemSize() : dtype.itemSize();
        byte[] out = new byte[size * dtype.itemSize()];
        data().get(out);
        for (int i = 0; i < out.length; i += width) {
            for (int a = i, b = i + width - 1; a < b; a++, b--) {
                byte t = out[a];
                out[a] = out[b];
                out[b] = t;
            }
        }
        return new NdArray(target, shape, fortranOrder, ByteBuffer.wrap(out), size);
    }

    /** @return an array with its own copy of the data, independent of the memory this one views */
    public NdArray copy() {
        byte[] out = new byte[size * dtype.itemSize()];
        data().get(out);
        return new NdArray(dtype, shape, fortranOrder, ByteBuffer.wrap(out), size);
    }

    // ---------------------------------------------------------------- Object

    /**
     * Structural equality: same dtype (byte order included), shape, layout and data bytes, so
     * NaNs with equal bits are equal and {@code 0.0} differs from {@code -0.0}.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NdArray)) {
            return false;
        }
        NdArray other = (NdArray) o;
        return dtype.equals(other.dtype) && fortranOrder == other.fortranOrder
                && Arrays.equals(shape, other.shape) && data().equals(other.data());
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, fortranOrder, Arrays.hashCode(shape), data());
    }

    /**
     * Returns numpy's {@code repr} of the array, such as
     * {@code array([[1., 2.], [3., 4.]], dtype=float32)} (with numpy's line breaks), eliding the
     * middle of arrays over 1000 elements as numpy does.
     */
    @Override
    public String toString() {
        return Repr.of(this);
    }

    // ---------------------------------------------------------------- internals

    /** Visits every element: its index in C order and its index in storage. */
    @FunctionalInterface
    interface ElementVisitor {
        void visit(int cIndex, int storageIndex);
    }

    void forEachElement(ElementVisitor visitor) {
        if (!fortranOrder) {
            for (int i = 0; i < size; i++) {
                visitor.visit(i, i);
            }
            return;
        }
        int nd = shape.length;
        int[] stride = new int[nd];
        int s = 1;
        for (int d = 0; d < nd; d++) {
            stride[d] = s;
            s *= shape[d];
        }
        int[] index = new int[nd];
        int storage = 0;
        for (int c = 0; c < size; c++) {
            visitor.visit(c, storage);
            for (int d = nd - 1; d >= 0; d--) {
                storage += stride[d];
                if (++index[d] < shape[d]) {
                    break;
                }
                storage -= stride[d] * shape[d];
                index[d] = 0;
            }
        }
    }

    private int storageIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("an array of " + shape.length + " dimensions needs "
                    + shape.length + " indices, got " + index.length);
        }
        int position = 0;
        int stride = 1;
        for (int k = 0; k < shape.length; k++) {
            int d = fortranOrder ? k : shape.length - 1 - k;
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + index[d] + " is out of bounds for axis " + d
                        + " with size " + shape[d]);
            }
            position += index[d] * stride;
            stride *= shape[d];
        }
        return position;
    }

    long longAt(int e) {
        switch (dtype.kind()) {
            case BOOL: return data.get(e) != 0 ? 1 : 0;
            case INT8: return data.get(e);
            case UINT8: return data.get(e) & 0xff;
            case INT16: return data.getShort(2 * e);
            case UINT16: return data.getShort(2 * e) & 0xffff;
            case INT32: return data.getInt(4 * e);
            case UINT32: return data.getInt(4 * e) & 0xffffffffL;
            case INT64: case UINT64: return data.getLong(8 * e);
            default: throw new IllegalStateException(dtype.kind().numpyName());
        }
    }

    double doubleAt(int e) {
        switch (dtype.kind()) {
            case FLOAT16: return Float16.toFloat(data.getShort(2 * e));
            case FLOAT32: return data.getFloat(4 * e);
            case FLOAT64: return data.getDouble(8 * e);
            case UINT64: {
                long v = data.getLong(8 * e);
                return v >= 0 ? v : (double) (v >>> 1 | (v & 1)) * 2.0;
            }
            default: return longAt(e);
        }
    }

    /** The characters of one string element up to its last non-NUL one, by storage index. */
    int[] codePointsAt(int e) {
        return FixedWidthText.codePoints(data, dtype, e);
    }

    /** Real (even) or imaginary (odd) component of a complex array, by component index. */
    double componentAt(int component) {
        return dtype.kind() == DType.Kind.COMPLEX64 ? data.getFloat(4 * component) : data.getDouble(8 * component);
    }

    private void requireKind(String method, boolean ok) {
        if (!ok) {
            throw new UnsupportedOperationException(method + "() does not apply to a "
                    + dtype.kind().numpyName() + " array");
        }
    }

    private void requireReal(String method) {
        requireKind(method, !dtype.kind().isComplex() && !dtype.kind().isString());
    }

    private void requireIntegral(String method) {
        requireKind(method, dtype.kind().isInteger() || dtype.kind() == DType.Kind.BOOL);
    }

    private void requireFits(String method, DType.Kind... kinds) {
        for (DType.Kind k : kinds) {
            if (k == dtype.kind()) {
                return;
            }
        }
        throw new UnsupportedOperationException(method + "() cannot hold every " + dtype.kind().numpyName()
                + " value exactly; " + suggestion());
    }

    private String suggestion() {
        DType.Kind k = dtype.kind();
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

    private static NdArray fromLongs(DType dtype, int length, IntToLongFunction source, int sourceBytes, int[] shape) {
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

    private static NdArray fromDoubles(DType dtype, int length, IntToDoubleFunction source, int[] shape) {
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

    private static void checkRange(DType.Kind kind, long v, int i) {
        int bits = 8 * kind.itemSize();
        boolean ok = kind.isUnsigned()
                ? v >= 0 && (bits == 64 || v >>> bits == 0)
                : bits == 64 || v >= -(1L << (bits - 1)) && v < 1L << (bits - 1);
        if (!ok) {
            throw new IllegalArgumentException("value " + v + " at index " + i + " does not fit " + kind.numpyName());
        }
    }

    private static void putInteger(ByteBuffer buf, int width, int i, long v) {
        switch (width) {
            case 1: buf.put(i, (byte) v); break;
            case 2: buf.putShort(2 * i, (short) v); break;
            case 4: buf.putInt(4 * i, (int) v); break;
            default: buf.putLong(8 * i, v); break;
        }
    }

    private static void putFloating(ByteBuffer buf, DType.Kind kind, int i, double v) {
        switch (kind) {
            case FLOAT16: buf.putShort(2 * i, Float16.fromDouble(v)); break;
            case FLOAT32: buf.putFloat(4 * i, (float) v); break;
            default: buf.putDouble(8 * i, v); break;
        }
    }

    private static ByteBuffer allocate(DType dtype, int elements) {
        return ByteBuffer.allocate(Math.multiplyExact(elements, dtype.itemSize())).order(dtype.byteOrder());
    }

    private static NdArray create(DType dtype, int[] dims, ByteBuffer owned) {
        return new NdArray(dtype, dims, false, owned, elementCount(dims));
    }

    private static int[] resolveShape(int[] shape, int length, int components) {
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

    /** The element count of a checked shape, which must fit one Java array (an empty shape always does). */
    private static int elementCount(int[] dims) {
        long n = Shapes.elementCount(dims);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Shapes.toString(dims) + " has " + n
                    + " elements, more than a Java array holds");
        }
        return (int) n;
    }

    /** A nested Java array flattened into one primitive array in C order, with its shape. */
    private static final class Flat {
        final Object values;
        final int[] shape;

        private Flat(Object values, int[] shape) {
            this.values = values;
            this.shape = shape;
        }

        static Flat of(Object nested) {
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
            Object values = Array.newInstance(leaf, elementCount(Shapes.check(dims)));
            copyLeaves(nested, dims, 0, values, 0);
            return new Flat(values, dims);
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

        private static Flat scalar(Object boxed) {
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
            return new Flat(values, new int[0]);
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
}
