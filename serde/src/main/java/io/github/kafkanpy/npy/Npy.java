package io.github.kafkanpy.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads and writes the NPY format, byte for byte as numpy's {@code np.save} and {@code np.load}.
 *
 * <pre>{@code
 * byte[] npy = Npy.toBytes(NdArray.of(new float[] {1f, 2f, 3f, 4f}, 2, 2));
 * // Python: np.load(io.BytesIO(npy)) -> array([[1., 2.], [3., 4.]], dtype=float32)
 *
 * NdArray back = Npy.read(npy);                 // a view over npy, nothing copied
 * float[] values = back.toFloatArray();
 * }</pre>
 *
 * <p><b>Reading</b> accepts format versions 1.0, 2.0 and 3.0, any header numpy's
 * {@code np.load(allow_pickle=False)} accepts for the supported dtypes (see {@link DType}), C and
 * Fortran order, 0-d and empty arrays. The returned array is a read-only view over the input: the
 * data is not copied, and reading allocates only the parsed header, whatever the header claims.
 * The input must hold exactly one array: unlike {@code np.load}, trailing bytes are refused,
 * because in a Kafka record they mean corruption. Every refusal is an {@link NpyFormatException}
 * naming the problem and its byte offset.
 *
 * <p><b>Writing</b> produces what {@code np.save} produces for the same array: the same descr with
 * its byte order, {@code 'fortran_order': True} exactly where numpy writes it, version 1.0 unless
 * the header needs more, numpy's spare room for the growth axis and 64-byte alignment.
 */
public final class Npy {
    private Npy() {
    }

    /**
     * Reads one NPY array from a byte array, without copying the data.
     *
     * @param npy the complete NPY bytes
     * @return a read-only view over {@code npy}
     * @throws NpyFormatException if the bytes are not exactly one supported NPY array
     */
    public static NdArray read(byte[] npy) {
        return read(ByteBuffer.wrap(Objects.requireNonNull(npy, "npy")));
    }

    /**
     * Reads one NPY array from the remaining bytes of a buffer, heap or direct, without copying
     * the data and without moving the buffer's position or limit.
     *
     * @param npy the complete NPY bytes, from position to limit
     * @return a read-only view over those bytes
     * @throws NpyFormatException if the bytes are not exactly one supported NPY array
     */
    public static NdArray read(ByteBuffer npy) {
        Objects.requireNonNull(npy, "npy");
        int base = npy.position();
        NpyHeader header = NpyHeader.read(npy, base, npy.remaining());
        ByteBuffer data = npy.slice(base + header.dataOffset, (int) header.dataBytes);
        return NdArray.trusted(header.dtype, header.shape, header.fortranOrder, data);
    }

    /**
     * Returns the total length, header plus data, of the NPY file whose first bytes are the
     * remaining bytes of {@code start}, reading only its preamble (magic, version, header). The
     * data need not be present: a decompressor uses this to learn the exact output size, and to
     * refuse an oversized array, before inflating anything.
     *
     * @param start the first bytes of an NPY file: at least its whole header
     * @return the number of bytes the complete file has
     * @throws NpyFormatException if the preamble is malformed or incomplete
     */
    public static long length(ByteBuffer start) {
        NpyHeader header = NpyHeader.preamble(start, start.position(), start.remaining());
        return header.dataOffset + header.dataBytes;
    }

    /**
     * Returns the NPY bytes of an array, exactly what {@code np.save} writes for it.
     *
     * @param array the array
     * @return a new byte array holding the header and the data
     */
    public static byte[] toBytes(NdArray array) {
        byte[] header = header(array);
        long total = header.length + array.nbytes();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an NPY file of " + total + " bytes does not fit in a byte array");
        }
        int bytes = (int) array.nbytes();
        byte[] heap = array.heapArray();
        byte[] out;
        // the data straight after the allocation, then the header: an array copy that follows its
        // allocation with nothing in between lets the JIT zero only the bytes it does not cover,
        // here the header's; hence one allocation in each branch
        if (heap != null) {
            int from = array.heapOffset();
            out = new byte[(int) total];
            System.arraycopy(heap, from, out, header.length, bytes);
        } else {
            out = new byte[(int) total];
            array.data().get(out, header.length, bytes);
        }
        System.arraycopy(header, 0, out, 0, header.length);
        return out;
    }

    /**
     * Returns the NPY bytes of float32 values, exactly what {@code np.save} writes for them, with
     * one copy: the values go straight into the output, with no {@link NdArray} in between.
     *
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return a new byte array holding the header and the data
     */
    public static byte[] toBytes(float[] data, int... shape) {
        byte[] out = headerThenRoom(DType.FLOAT32, data.length, shape);
        dataOf(out, data.length * 4).asFloatBuffer().put(data);
        return out;
    }

    /**
     * Returns the NPY bytes of float64 values, exactly what {@code np.save} writes for them, with
     * one copy.
     *
     * @param data the values in C order
     * @param shape the dimensions; none for a 1-d array of {@code data.length}
     * @return a new byte array holding the header and the data
     */
    public static byte[] toBytes(double[] data, int... shape) {
        byte[] out = headerThenRoom(DType.FLOAT64, data.length, shape);
        dataOf(out, data.length * 8).asDoubleBuffer().put(data);
        return out;
    }

    /** A new array holding the header of {@code length} values of {@code dtype}, with room for their data after it. */
    private static byte[] headerThenRoom(DType dtype, int length, int[] shape) {
        int[] dims = shape.length == 0 ? new int[] {length} : shape;
        byte[] header = NpyHeader.encode(dtype, false, checkedShape(dims, length));
        return java.util.Arrays.copyOf(header, Math.addExact(header.length, Math.multiplyExact(length, dtype.itemSize())));
    }

    /** The last {@code dataBytes} bytes of {@code out}, little-endian. */
    private static ByteBuffer dataOf(byte[] out, int dataBytes) {
        return ByteBuffer.wrap(out, out.length - dataBytes, dataBytes).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    private static int[] checkedShape(int[] shape, int length) {
        int[] dims = Shapes.check(shape);
        if (Shapes.elementCount(dims) != length) {
            throw new IllegalArgumentException("shape " + Shapes.toString(dims) + " does not hold " + length + " values");
        }
        return dims;
    }

    /**
     * Writes the NPY bytes of an array to a stream, exactly what {@code np.save} writes for it.
     * The stream is neither flushed nor closed.
     *
     * @param array the array
     * @param out the stream
     * @throws IOException if the stream fails
     */
    public static void write(NdArray array, OutputStream out) throws IOException {
        out.write(header(array));
        ByteBuffer data = array.data();
        byte[] chunk = new byte[Math.min(data.remaining(), 64 * 1024)];
        while (data.hasRemaining()) {
            int n = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    /**
     * Returns the NPY header (magic, version, length, dict and padding) that {@code np.save}
     * writes before the data of an array; the data follows it unchanged.
     *
     * @param array the array
     * @return the header bytes, a multiple of 64 long
     */
    public static byte[] header(NdArray array) {
        return NpyHeader.encode(array.dtype(), array.fortranOrder(), array.shape());
    }
}
