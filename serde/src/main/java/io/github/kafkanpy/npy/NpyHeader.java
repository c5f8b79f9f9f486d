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
        NpyHeader saved = savedByNumpy(buf, base, length);
        return saved != null ? saved : parsed(buf, base, length);
    }

    /**
     * The fast path: the exact header {@code np.save} writes (version 1.0, keys in order, repr
     * spacing, space padding and a newline), matched byte by byte without building strings.
     * Returns null for anything else, which then takes the general parser.
     */
    private static NpyHeader savedByNumpy(ByteBuffer buf, int base, int length) {
        if (length < PREFIX + 2 || buf.get(base + 6) != 1 || buf.get(base + 7) != 0) {
            return null;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buf.get(base + i) != MAGIC[i]) {
                return null;
            }
        }
        int headerLength = (buf.get(base + 8) & 0xff) | (buf.get(base + 9) & 0xff) << 8;
        int end = base + PREFIX + 2 + headerLength;
        if (headerLength > MAX_HEADER_CHARS || headerLength > length - PREFIX - 2 || buf.get(end - 1) != '\n') {
            return null;
        }
        int p = expect(buf, base + PREFIX + 2, end, DESCR_KEY);
        if (p < 0 || p + 4 > end) {
            return null;
        }
        int descrEnd = p;
        while (descrEnd < end && descrEnd - p < 4 && buf.get(descrEnd) != '\'') {
            descrEnd++;
        }
        DType dtype = canonicalDescr(buf, p, descrEnd);
        if (dtype == null) {
            return null;
        }
        p = expect(buf, descrEnd, end, FORTRAN_KEY);
        if (p < 0) {
            return null;
        }
        boolean fortran;
        int q = expect(buf, p, end, TRUE_SHAPE_KEY);
        if (q >= 0) {
            fortran = true;
        } else {
            q = expect(buf, p, end, FALSE_SHAPE_KEY);
            fortran = false;
        }
        if (q < 0) {
            return null;
        }
        // exactly what repr(tuple) writes: "()", "(7,)" or "(2, 3, 4)"
        int[] dims = new int[8];
        int n = 0;
        while (q < end && buf.get(q) != ')') {
            long dim = 0;
            int digits = 0;
            while (q < end && digits <= 10 && buf.get(q) >= '0' && buf.get(q) <= '9') {
                dim = dim * 10 + (buf.get(q++) - '0');
                digits++;
            }
            boolean leadingZero = digits > 1 && buf.get(q - digits) == '0';
            if (digits == 0 || digits > 10 || leadingZero || dim > Integer.MAX_VALUE || q >= end || n == Shapes.MAX_DIMS) {
                return null;
            }
            if (n == dims.length) {
                dims = java.util.Arrays.copyOf(dims, 2 * n);
            }
            dims[n++] = (int) dim;
            if (buf.get(q) == ',') {
                q++;
                if (n == 1 && q < end && buf.get(q) == ')') {
                    break;
                }
                if (q >= end || buf.get(q++) != ' ') {
                    return null;
                }
            } else if (buf.get(q) != ')' || n == 1) {
                return null;
            }
        }
        q = expect(buf, q, end, SHAPE_END);
        if (q < 0) {
            return null;
        }
        while (q < end - 1) {
            if (buf.get(q++) != ' ') {
                return null;
            }
        }
        int[] shape = java.util.Arrays.copyOf(dims, n);
        return new NpyHeader(dtype, fortran, shape, end - base, dataBytes(dtype, shape, PREFIX + 2));
    }

    private static final byte[] DESCR_KEY = "{'descr': '".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FORTRAN_KEY = "', 'fortran_order': ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE_SHAPE_KEY = "True, 'shape': (".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE_SHAPE_KEY = "False, 'shape': (".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHAPE_END = "), }".getBytes(StandardCharsets.US_ASCII);
    private static final java.util.Map<String, DType> CANONICAL = canonicalDescrs();

    private static java.util.Map<String, DType> canonicalDescrs() {
        java.util.Map<String, DType> map = new java.util.HashMap<>();
        for (DType.Kind kind : DType.Kind.values()) {
            if (kind.isString()) {
                continue;
            }
            for (java.nio.ByteOrder order : new java.nio.ByteOrder[] {java.nio.ByteOrder.LITTLE_ENDIAN, java.nio.ByteOrder.BIG_ENDIAN}) {
                DType dtype = DType.of(kind, order);
                map.put(dtype.descr(), dtype);
            }
        }
        return java.util.Map.copyOf(map);
    }

    private static DType canonicalDescr(ByteBuffer buf, int from, int to) {
        char[] chars = new char[to - from];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (buf.get(from + i) & 0xff);
        }
        return CANONICAL.get(new String(chars));
    }

    /** The position after {@code literal} if it is at {@code at}, else -1. */
    private static int expect(ByteBuffer buf, int at, int end, byte[] literal) {
        if (at < 0 || end - at < literal.length) {
            return -1;
        }
        for (int i = 0; i < literal.length; i++) {
            if (buf.get(at + i) != literal[i]) {
                return -1;
            }
        }
        return at + literal.length;
    }

    /** The general path: any header numpy accepts, through the literal parser. */
    private static NpyHeader parsed(ByteBuffer buf, int base, int length) {
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
        return new NpyHeader(dtype, (Boolean) fortran, shape, dataOffset, dataBytes(dtype, shape, headerStart));
    }

    /** The data's byte count, refused where header and data together (the header is an int long) could pass 2^63 - 1 bytes. */
    private static long dataBytes(DType dtype, int[] shape, int offset) {
        long bytes = Shapes.product(dtype.itemSize(), shape);
        if (bytes < 0 || bytes > Long.MAX_VALUE - Integer.MAX_VALUE) {
            throw new NpyFormatException("array is too large: " + dtype.descr() + " of shape " + Shapes.toString(shape)
                    + " has " + (bytes < 0 ? Shapes.BEYOND_LONG : bytes) + " bytes", offset);
        }
        long elements = dtype.itemSize() == 0 ? Shapes.product(1, shape) : 0;
        if (elements < 0 || elements > Integer.MAX_VALUE) {
            // zero-width strings: no data, yet a Java array cannot index more elements
            throw new NpyFormatException("array has " + (elements < 0 ? Shapes.BEYOND_LONG : elements) + " elements of "
                    + dtype.descr() + ", more than a Java array holds", offset);
        }
        return bytes;
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
        if (items.size() > Shapes.MAX_DIMS) {
            throw new NpyFormatException("shape has " + items.size() + " dimensions; numpy allows at most " + Shapes.MAX_DIMS, offset);
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
        String descr = dtype.descr();
        byte[] flag = fortranOrder ? TRUE_SHAPE_KEY : FALSE_SHAPE_KEY;
        int dimsLength = 0;
        for (int i = 0; i < shape.length; i++) {
            dimsLength += (i == 0 ? 0 : 2) + digits(shape[i]);
        }
        if (shape.length == 1) {
            dimsLength++;
        }
        int dictLength = DESCR_KEY.length + descr.length() + FORTRAN_KEY.length + flag.length + dimsLength + SHAPE_END.length;
        int growth = shape.length == 0 ? 0
                : Math.max(0, GROWTH_AXIS_MAX_DIGITS - digits(fortranOrder ? shape[shape.length - 1] : shape[0]));
        int textLength = dictLength + growth + 1;
        int major = textLength + padding(PREFIX + 2, textLength) <= 0xffff ? 1 : 2;
        int headerStart = PREFIX + (major == 1 ? 2 : 4);
        int headerLength = textLength + padding(headerStart, textLength);
        byte[] out = new byte[headerStart + headerLength];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) major;
        for (int i = 0; i < (major == 1 ? 2 : 4); i++) {
            out[8 + i] = (byte) (headerLength >>> (8 * i));
        }
        int p = put(out, headerStart, DESCR_KEY);
        for (int i = 0; i < descr.length(); i++) {
            out[p++] = (byte) descr.charAt(i);
        }
        p = put(out, p, FORTRAN_KEY);
        p = put(out, p, flag);
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                out[p++] = ',';
                out[p++] = ' ';
            }
            p = putDigits(out, p, shape[i]);
        }
        if (shape.length == 1) {
            out[p++] = ',';
        }
        p = put(out, p, SHAPE_END);
        java.util.Arrays.fill(out, p, out.length - 1, (byte) ' ');
        out[out.length - 1] = '\n';
        return out;
    }

    private static int put(byte[] out, int at, byte[] literal) {
        System.arraycopy(literal, 0, out, at, literal.length);
        return at + literal.length;
    }

    private static int digits(int value) {
        int n = 1;
        for (long limit = 10; value >= limit && n < 10; limit *= 10) {
            n++;
        }
        return n;
    }

    private static int putDigits(byte[] out, int at, int value) {
        int end = at + digits(value);
        int v = value;
        for (int i = end - 1; i >= at; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

}
