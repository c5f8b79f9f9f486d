package io.github.kafkanpy.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

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
        return new NdArray(dtype, shape, fortranOrder, data, Shapes.arrayLength(shape));
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
        return new NdArray(dtype, dims, fortranOrder, view, Shapes.arrayLength(dims));
    }

    /**
     * A bool array.
     *
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return the array
     */
    public static NdArray of(boolean[] data, int... shape) {
        return ArrayFactories.of(data, shape);
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
        return ArrayFactories.of(dtype, data, shape);
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
        return ArrayFactories.of(dtype, data, shape);
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
        return ArrayFactories.of(dtype, data, shape);
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
        return ArrayFactories.of(dtype, data, shape);
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
        return ArrayFactories.of(dtype, data, shape);
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
        return ArrayFactories.of(dtype, data, shape);
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
        return ArrayFactories.of(dtype, data, shape);
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
        return ArrayFactories.fromJava(nested);
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
        return ArrayFactories.fromJava(dtype, nested);
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
        ArrayConversions.requireReal(this, "getDouble");
        return doubleAt(storageIndex(index));
    }

    /**
     * Reads one element as a long; for integer and bool dtypes (uint64 as the same 64 bits).
     *
     * @param index one index per dimension, none for a 0-d array
     * @return the element's value
     */
    public long getLong(int... index) {
        ArrayConversions.requireIntegral(this, "getLong");
        return longAt(storageIndex(index));
    }

    /**
     * Reads one element of a bool array.
     *
     * @param index one index per dimension, none for a 0-d array
     * @return the element's value
     */
    public boolean getBoolean(int... index) {
        ArrayConversions.requireKind(this, "getBoolean", DType.Kind.BOOL == dtype.kind());
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
        ArrayConversions.requireKind(this, "getString", dtype.kind().isString());
        return FixedWidthText.decode(data, dtype, storageIndex(index));
    }

    /**
     * Reads one element of a complex array.
     *
     * @param index one index per dimension, none for a 0-d array
     * @return {@code {real, imaginary}}
     */
    public double[] getComplex(int... index) {
        ArrayConversions.requireKind(this, "getComplex", dtype.kind().isComplex());
        int e = storageIndex(index);
        return new double[] {componentAt(2 * e), componentAt(2 * e + 1)};
    }

    // ---------------------------------------------------------------- bulk conversions

    /** @return the values of a bool array in C order */
    public boolean[] toBooleanArray() {
        return ArrayConversions.toBooleanArray(this);
    }

    /**
     * Returns the elements of a string array as {@link #getString} reads them.
     *
     * @return the strings in C order
     * @throws NpyFormatException if a {@code U} element is not valid text, as for {@link #getString}
     */
    public String[] toStringArray() {
        return ArrayConversions.toStringArray(this);
    }

    /** @return the values of an int8 or bool array in C order */
    public byte[] toByteArray() {
        return ArrayConversions.toByteArray(this);
    }

    /** @return the values of an int16, int8, uint8 or bool array in C order */
    public short[] toShortArray() {
        return ArrayConversions.toShortArray(this);
    }

    /** @return the values of an integer array of at most 32 signed bits (uint8 and uint16 too) in C order */
    public int[] toIntArray() {
        return ArrayConversions.toIntArray(this);
    }

    /** @return the values of any integer or bool array in C order; uint64 as the same 64 bits */
    public long[] toLongArray() {
        return ArrayConversions.toLongArray(this);
    }

    /**
     * Returns the values as floats where that is exact: float16, float32, bool and integers of at
     * most 16 bits; complex64 as interleaved real and imaginary parts.
     *
     * @return the values in C order
     */
    public float[] toFloatArray() {
        return ArrayConversions.toFloatArray(this);
    }

    /**
     * Returns the values as doubles where that is exact: every float dtype, bool and integers of
     * at most 32 bits; complex64 and complex128 as interleaved real and imaginary parts.
     *
     * @return the values in C order
     */
    public double[] toDoubleArray() {
        return ArrayConversions.toDoubleArray(this);
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
        return ArrayConversions.toJava(this);
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
}
