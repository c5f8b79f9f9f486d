package io.github.kafkanpy.npy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The NPY preamble: magic, version, header length and the header dict, read from and written to
 * bytes exactly as numpy's {@code numpy.lib.format} does.
 */
final class NpyHeader {
    /** {@code \x93NUMPY}. */
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic plus the two version bytes. */
    private static final int PREFIX = 8;
    /** numpy's {@code ARRAY_ALIGN}: data starts at a multiple of 64. */
    private static final int ALIGN = 64;
    /** numpy's {@code GROWTH_AXIS_MAX_DIGITS}: spare room for the growth axis to grow in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** numpy's default {@code max_header_size} for {@code np.load(allow_pickle=False)}. */
    static final int MAX_HEADER_CHARS = 10_000;
    /** numpy 2's {@code NPY_MAXDIMS}. */
    static final int MAX_DIMS = 64;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    final DType dtype;
    final boolean fortranOrder;
    final int[] shape;
    /** Offset of the first data byte from the start of the NPY bytes. */
    final int dataOffset;
    /** Exact number of data bytes the header promises. */
    final long dataBytes;

    private NpyHeader(DType dtype, boolean fortranOrder, int[] shape, int dataOffset, long dataBytes) {
        this.dtype = dtype;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.dataOffset = dataOffset;
        this.dataBytes = dataBytes;
    }

    /**
     * Reads and checks the preamble of the NPY bytes {@code buf[base, base + length)} with
     * absolute reads, so the buffer's position and limit stay as they are, and checks that exactly
     * the promised data follows.
     */
    static NpyHeader read(ByteBuffer buf, int base, int length) {
        NpyHeader header = preamble(buf, base, length);
        long available = length - header.dataOffset;
        if (header.dataBytes > available) {
            throw new NpyFormatException("data is truncated: the header promises " + header.dataBytes
                    + " bytes of " + header.dtype.kind().numpyName() + " data but only " + available + " follow",
                    header.dataOffset);
        }
        if (header.dataBytes < available) {
            throw new NpyFormatException((available - header.dataBytes) + " trailing bytes after the "
                    + header.dataBytes + " bytes of data the header promises", header.dataOffset + header.dataBytes);
        }
        return header;
    }

    /** Reads and checks only the preamble; the data need not be present. */
    static NpyHeader preamble(ByteBuffer buf, int base, int length) {
        if (length < PREFIX + 2) {
            throw new NpyFormatException(length == 0 ? "input is empty, not an NPY array"
                    : "input is too short for an NPY array: " + length
                    + " bytes, the magic string, version and header length alone take 10", length);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buf.get(base + i) != MAGIC[i]) {
                throw new NpyFormatException("input does not start with the NPY magic string \\x93NUMPY", i);
            }
        }
        int major = buf.get(base + 6) & 0xff;
        int minor = buf.get(base + 7) & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw new NpyFormatException("unsupported NPY format version " + major + "." + minor
                    + "; numpy writes 1.0, 2.0 and 3.0", 6);
        }
        int lengthBytes = major == 1 ? 2 : 4;
        if (length < PREFIX + lengthBytes) {
            throw new NpyFormatException("input ends inside the header length field", length);
        }
        long headerLength = major == 1
                ? (buf.get(base + 8) & 0xff) | (buf.get(base + 9) & 0xff) << 8
                : (buf.get(base + 8) & 0xffL) | (buf.get(base + 9) & 0xffL) << 8
                        | (buf.get(base + 10) & 0xffL) << 16 | (buf.get(base + 11) & 0xffL) << 24;
        int headerStart = PREFIX + lengthBytes;
        if (headerLength > 4L * MAX_HEADER_CHARS) {
            throw new NpyFormatException("header is " + headerLength + " bytes long; like np.load, kafka-npy "
                    + "refuses headers over " + MAX_HEADER_CHARS + " characters", 8);
        }
        if (headerLength > length - headerStart) {
            throw new NpyFormatException("header length " + headerLength + " runs past the end of the input ("
                    + (length - headerStart) + " bytes follow the length field)", 8);
        }
        int dataOffset = headerStart + (int) headerLength;
        String text = decode(buf, base + headerStart, (int) headerLength, major == 3, headerStart);
        if (text.length() > MAX_HEADER_CHARS) {
            throw new NpyFormatException("header is " + text.length() + " characters long; like np.load, kafka-npy "
                    + "refuses headers over " + MAX_HEADER_CHARS + " characters", 8);
        }
        Object parsed;
        try {
            parsed = PyLiteralParser.parse(text, major <= 2);
        } catch (PyLiteralParser.SyntaxError e) {
            throw new NpyFormatException("cannot parse the header: " + e.getMessage(),
                    headerStart + byteIndex(text, e.index, major == 3));
        }
        if (!(parsed instanceof Map)) {
            throw new NpyFormatException("header is not a dictionary: " + PyLiteralParser.render(parsed), headerStart);
        }
        Map<?, ?> dict = (Map<?, ?>) parsed;
        if (!dict.keySet().equals(KEYS)) {
            throw new NpyFormatException("header must have exactly the keys 'descr', 'fortran_order' and 'shape', "
                    + "but has " + dict.keySet().stream().map(PyLiteralParser::render).sorted().toList(), headerStart);
        }
        DType dtype = descr(dict.get("descr"), headerStart);
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new NpyFormatException("fortran_order is not a valid bool: " + PyLiteralParser.render(fortran), headerStart);
        }
        int[] shape = shape(dict.get("shape"), headerStart);
        long dataBytes = dtype.itemSize();
        for (int dim : shape) {
            dataBytes = multiply(dataBytes, dim, headerStart);
        }
        return new NpyHeader(dtype, (Boolean) fortran, shape, dataOffset, dataBytes);
    }

    private static long multiply(long bytes, int dim, int offset) {
        try {
            return Math.multiplyExact(bytes, dim);
        } catch (ArithmeticException e) {
            throw new NpyFormatException("array size overflows: the shape's byte size does not fit in 64 bits", offset);
        }
    }

    private static String decode(ByteBuffer buf, int start, int length, boolean utf8, int offset) {
        if (!utf8) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = (char) (buf.get(start + i) & 0xff);
            }
            return new String(chars);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buf.duplicate().limit(start + length).position(start));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException("format 3.0 header is not valid UTF-8", offset);
        }
    }

    private static int byteIndex(String text, int charIndex, boolean utf8) {
        int index = Math.min(charIndex, text.length());
        return utf8 ? text.substring(0, index).getBytes(StandardCharsets.UTF_8).length : index;
    }

    private static DType descr(Object descr, int offset) {
        if (descr instanceof List) {
            throw new NpyFormatException("descr is a structured dtype (a record array), which kafka-npy does not support", offset);
        }
        if (!(descr instanceof String)) {
            throw new NpyFormatException("descr is not a valid dtype descriptor: " + PyLiteralParser.render(descr), offset);
        }
        try {
            return DType.parse((String) descr);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(e.getMessage(), offset);
        }
    }

    private static int[] shape(Object shape, int offset) {
        if (!(shape instanceof PyLiteralParser.Tuple)) {
            throw new NpyFormatException("shape is not a tuple: " + PyLiteralParser.render(shape), offset);
        }
        List<Object> items = ((PyLiteralParser.Tuple) shape).items();
        if (items.size() > MAX_DIMS) {
            throw new NpyFormatException("shape has " + items.size() + " dimensions; numpy allows at most " + MAX_DIMS, offset);
        }
        int[] dims = new int[items.size()];
        for (int i = 0; i < dims.length; i++) {
            Object item = items.get(i);
            if (!(item instanceof BigInteger)) {
                throw new NpyFormatException("shape is not valid: dimension " + i + " is "
                        + PyLiteralParser.render(item) + ", not an integer", offset);
            }
            BigInteger dim = (BigInteger) item;
            if (dim.signum() < 0) {
                throw new NpyFormatException("shape is not valid: dimension " + i + " is negative (" + dim + ")", offset);
            }
            if (dim.bitLength() > 31) {
                throw new NpyFormatException("shape is not valid: dimension " + i + " is " + dim
                        + ", larger than the 2147483647 elements a Java array can index", offset);
            }
            dims[i] = dim.intValueExact();
        }
        return dims;
    }

    private static int padding(int headerStart, int textLength) {
        return ALIGN - (headerStart + textLength) % ALIGN;
    }

    /**
     * Writes the preamble {@code np.save} writes for an array: the header dict with sorted keys
     * and {@code repr} values, spare room for the growth axis, space padding and a newline so the
     * data starts at a multiple of 64, version 1.0 unless the header needs 2.0.
     */
    static byte[] encode(DType dtype, boolean fortranOrder, int[] shape) {
        StringBuilder dict = new StringBuilder(128)
                .append("{'descr': '").append(dtype.descr())
                .append("', 'fortran_order': ").append(fortranOrder ? "True" : "False")
                .append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        if (shape.length > 0) {
            int growthAxis = fortranOrder ? shape[shape.length - 1] : shape[0];
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(growthAxis).length())));
        }
        int textLength = dict.length() + 1;
        int major = textLength + padding(PREFIX + 2, textLength) <= 0xffff ? 1 : 2;
        int headerStart = PREFIX + (major == 1 ? 2 : 4);
        int headerLength = textLength + padding(headerStart, textLength);
        byte[] out = new byte[headerStart + headerLength];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) major;
        out[7] = 0;
        for (int i = 0; i < (major == 1 ? 2 : 4); i++) {
            out[8 + i] = (byte) (headerLength >>> (8 * i));
        }
        for (int i = 0; i < dict.length(); i++) {
            out[headerStart + i] = (byte) dict.charAt(i);
        }
        for (int i = headerStart + dict.length(); i < out.length - 1; i++) {
            out[i] = ' ';
        }
        out[out.length - 1] = '\n';
        return out;
    }
}
