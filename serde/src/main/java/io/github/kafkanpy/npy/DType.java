package io.github.kafkanpy.npy;

import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numpy dtype that kafka-npy supports, together with its byte order.
 *
 * <p>Supported are bool, int8 to int64, uint8 to uint64, float16, float32, float64, complex64 and
 * complex128, each little- or big-endian where numpy distinguishes the two (one-byte types have
 * no byte order; numpy writes {@code '|'} for them). The constants are little-endian, which is
 * what numpy writes on every platform it commonly runs on.
 *
 * <pre>{@code
 * DType f4 = DType.parse("<f4");            // same as DType.FLOAT32
 * DType be = DType.parse(">i8");            // big-endian int64
 * String descr = DType.UINT8.descr();       // "|u1", as numpy writes it
 * }</pre>
 *
 * <p>Fixed-width strings are supported too: numpy's {@code 'S'} (bytes, {@code '|S5'}) and
 * {@code 'U'} (UCS-4 text, {@code '<U10'}, {@code '>U10'}), whose item size is their width in
 * characters times one or four bytes.
 *
 * <pre>{@code
 * DType names = DType.str(10);              // '<U10': ten code points, 40 bytes
 * DType tags = DType.parse("S5");           // '|S5': five bytes
 * }</pre>
 *
 * <p>Instances are immutable and compare by kind, byte order and width.
 */
public final class DType {

    /** The element type, independent of byte order. */
    public enum Kind {
        /** numpy {@code bool}: one byte, zero is false. */
        BOOL("bool", 'b', 1),
        /** numpy {@code int8}. */
        INT8("int8", 'i', 1),
        /** numpy {@code int16}. */
        INT16("int16", 'i', 2),
        /** numpy {@code int32}. */
        INT32("int32", 'i', 4),
        /** numpy {@code int64}. */
        INT64("int64", 'i', 8),
        /** numpy {@code uint8}. */
        UINT8("uint8", 'u', 1),
        /** numpy {@code uint16}. */
        UINT16("uint16", 'u', 2),
        /** numpy {@code uint32}. */
        UINT32("uint32", 'u', 4),
        /** numpy {@code uint64}. */
        UINT64("uint64", 'u', 8),
        /** numpy {@code float16}, IEEE 754 binary16. */
        FLOAT16("float16", 'f', 2),
        /** numpy {@code float32}. */
        FLOAT32("float32", 'f', 4),
        /** numpy {@code float64}. */
        FLOAT64("float64", 'f', 8),
        /** numpy {@code complex64}: a float32 real part followed by a float32 imaginary part. */
        COMPLEX64("complex64", 'c', 8),
        /** numpy {@code complex128}: a float64 real part followed by a float64 imaginary part. */
        COMPLEX128("complex128", 'c', 16),
        /**
         * numpy {@code bytes_} ({@code 'S'}): fixed-width byte strings, one byte per character,
         * NUL-padded; {@link #itemSize()} is the size of one character.
         */
        BYTES("bytes", 'S', 1),
        /**
         * numpy {@code str_} ({@code 'U'}): fixed-width text, one UCS-4 code point per character,
         * NUL-padded; {@link #itemSize()} is the size of one character.
         */
        STR("str", 'U', 4);

        private final String numpyName;
        private final char code;
        private final int itemSize;

        Kind(String numpyName, char code, int itemSize) {
            this.numpyName = numpyName;
            this.code = code;
            this.itemSize = itemSize;
        }

        /** @return numpy's name for this type, such as {@code "float32"} */
        public String numpyName() {
            return numpyName;
        }

        /** @return bytes per element; bytes per character for {@link #BYTES} and {@link #STR} */
        public int itemSize() {
            return itemSize;
        }

        /** @return true for int8 to int64 and uint8 to uint64 */
        public boolean isInteger() {
            return code == 'i' || code == 'u';
        }

        /** @return true for uint8 to uint64 */
        public boolean isUnsigned() {
            return code == 'u';
        }

        /** @return true for float16, float32 and float64 */
        public boolean isFloatingPoint() {
            return code == 'f';
        }

        /** @return true for complex64 and complex128 */
        public boolean isComplex() {
            return code == 'c';
        }

        /** @return true for the fixed-width string kinds {@link #BYTES} and {@link #STR} */
        public boolean isString() {
            return code == 'S' || code == 'U';
        }
    }

    /** bool, {@code '|b1'}. */
    public static final DType BOOL = new DType(Kind.BOOL, ByteOrder.LITTLE_ENDIAN);
    /** int8, {@code '|i1'}. */
    public static final DType INT8 = new DType(Kind.INT8, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian int16, {@code '<i2'}. */
    public static final DType INT16 = new DType(Kind.INT16, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian int32, {@code '<i4'}. */
    public static final DType INT32 = new DType(Kind.INT32, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian int64, {@code '<i8'}. */
    public static final DType INT64 = new DType(Kind.INT64, ByteOrder.LITTLE_ENDIAN);
    /** uint8, {@code '|u1'}. */
    public static final DType UINT8 = new DType(Kind.UINT8, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian uint16, {@code '<u2'}. */
    public static final DType UINT16 = new DType(Kind.UINT16, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian uint32, {@code '<u4'}. */
    public static final DType UINT32 = new DType(Kind.UINT32, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian uint64, {@code '<u8'}. */
    public static final DType UINT64 = new DType(Kind.UINT64, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian float16, {@code '<f2'}. */
    public static final DType FLOAT16 = new DType(Kind.FLOAT16, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian float32, {@code '<f4'}. */
    public static final DType FLOAT32 = new DType(Kind.FLOAT32, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian float64, {@code '<f8'}. */
    public static final DType FLOAT64 = new DType(Kind.FLOAT64, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian complex64, {@code '<c8'}. */
    public static final DType COMPLEX64 = new DType(Kind.COMPLEX64, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian complex128, {@code '<c16'}. */
    public static final DType COMPLEX128 = new DType(Kind.COMPLEX128, ByteOrder.LITTLE_ENDIAN);

    private static final Map<String, Kind> NAMES = new HashMap<>();
    private static final Map<String, Kind> CODES = new HashMap<>();
    /**
     * A kind and a size read as numpy reads them, with C's {@code strtol}: whitespace, a plus
     * sign and leading zeros before the digits pass ({@code 'f 4'}, {@code 'f+4'}, {@code 'f04'}).
     */
    private static final Pattern KIND_AND_SIZE = Pattern.compile("([biufc])[ \\t\\n\\x0B\\f\\r]*\\+?0*(\\d{1,10})");
    /** A string kind and an optional width, the width read with {@code strtol} as numpy reads it. */
    private static final Pattern STRING_AND_WIDTH = Pattern.compile("([SUa])(?:[ \\t\\n\\x0B\\f\\r]*\\+?0*(\\d{1,10}))?");
    /** numpy 2's names of the string types, which mean width 0. */
    private static final Map<String, Kind> STRING_NAMES = Map.of("str", Kind.STR, "str_", Kind.STR, "unicode", Kind.STR,
            "bytes", Kind.BYTES, "bytes_", Kind.BYTES, "a", Kind.BYTES);
    /** numpy's type numbers of the string types (NPY_STRING is 18, NPY_UNICODE 19), which mean width 0. */
    private static final Map<String, Kind> STRING_TYPE_NUMBERS = Map.of("\22", Kind.BYTES, "\23", Kind.STR);
    /**
     * numpy's comma-string spelling of a subarray of shape (), which is the plain type:
     * {@code '()f4'}, {@code '>()f4'}, {@code '<() <f4'}, trailing whitespace allowed.
     */
    private static final Pattern EMPTY_SUBARRAY = Pattern.compile(
            "(?U)([<>|=]?)\\(\\) *([<>|=]?)([A-Za-z0-9.?]*(?:\\[[a-zA-Z0-9,.]+\\])?)[\\s\\x1C-\\x1F]*");

    static {
        for (Kind k : Kind.values()) {
            if (!k.isString()) {
                NAMES.put(k.numpyName, k);
                CODES.put(String.valueOf(k.code) + k.itemSize, k);
            }
        }
        String[][] aliases = {
            {"bool_", "BOOL"}, {"byte", "INT8"}, {"short", "INT16"}, {"intc", "INT32"},
            {"int", "INT64"}, {"int_", "INT64"}, {"long", "INT64"}, {"longlong", "INT64"},
            {"intp", "INT64"}, {"ubyte", "UINT8"}, {"ushort", "UINT16"}, {"uintc", "UINT32"},
            {"uint", "UINT64"}, {"ulong", "UINT64"}, {"ulonglong", "UINT64"}, {"uintp", "UINT64"},
            {"half", "FLOAT16"}, {"single", "FLOAT32"}, {"float", "FLOAT64"}, {"double", "FLOAT64"},
            {"complex", "COMPLEX128"}, {"csingle", "COMPLEX64"}, {"cdouble", "COMPLEX128"},
        };
        for (String[] alias : aliases) {
            NAMES.put(alias[0], Kind.valueOf(alias[1]));
        }
        String[][] typeCodes = {
            {"?", "BOOL"}, {"b", "INT8"}, {"B", "UINT8"}, {"h", "INT16"}, {"H", "UINT16"},
            {"i", "INT32"}, {"I", "UINT32"}, {"l", "INT64"}, {"L", "UINT64"}, {"q", "INT64"},
            {"Q", "UINT64"}, {"p", "INT64"}, {"P", "UINT64"}, {"e", "FLOAT16"}, {"f", "FLOAT32"},
            {"d", "FLOAT64"}, {"F", "COMPLEX64"}, {"D", "COMPLEX128"}, {"n", "INT64"}, {"N", "UINT64"},
            // numpy's type numbers (NPY_BOOL is 0, NPY_HALF 23), which np.dtype reads from a one-character string too
            {"\0", "BOOL"}, {"\1", "INT8"}, {"\2", "UINT8"}, {"\3", "INT16"}, {"\4", "UINT16"}, {"\5", "INT32"},
            {"\6", "UINT32"}, {"\7", "INT64"}, {"\10", "UINT64"}, {"\11", "INT64"}, {"\12", "UINT64"},
            {"\13", "FLOAT32"}, {"\14", "FLOAT64"}, {"\16", "COMPLEX64"}, {"\17", "COMPLEX128"}, {"\27", "FLOAT16"},
        };
        for (String[] code : typeCodes) {
            CODES.put(code[0], Kind.valueOf(code[1]));
        }
    }

    private final Kind kind;
    private final ByteOrder byteOrder;
    private final int width;

    private DType(Kind kind, ByteOrder byteOrder) {
        this(kind, byteOrder, 1);
    }

    private DType(Kind kind, ByteOrder byteOrder, int width) {
        this.kind = kind;
        this.byteOrder = kind.itemSize == 1 ? ByteOrder.LITTLE_ENDIAN : byteOrder;
        this.width = width;
    }

    /**
     * Returns the dtype of a kind in a byte order.
     *
     * @param kind the element type, not a string kind (those need a width)
     * @param byteOrder the byte order; ignored for one-byte kinds
     * @return the dtype
     * @throws IllegalArgumentException for {@link Kind#BYTES} and {@link Kind#STR}: use
     *     {@link #bytes(int)} or {@link #str(int, ByteOrder)}
     */
    public static DType of(Kind kind, ByteOrder byteOrder) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(byteOrder, "byteOrder");
        if (kind.isString()) {
            throw new IllegalArgumentException("a " + kind.numpyName + " dtype needs a width: use DType.bytes(width) "
                    + "or DType.str(width, order)");
        }
        return new DType(kind, byteOrder);
    }

    /**
     * numpy's {@code 'S<width>'}: byte strings of at most {@code width} bytes, NUL-padded.
     *
     * @param width characters (bytes) per element; 0 is allowed, as numpy allows it
     * @return the dtype, {@code '|S<width>'}
     * @throws IllegalArgumentException for a negative width
     */
    public static DType bytes(int width) {
        return string(Kind.BYTES, width, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * numpy's little-endian {@code '<U<width>'}: text of at most {@code width} code points.
     *
     * @param width code points per element; 0 is allowed, as numpy allows it
     * @return the dtype
     * @throws IllegalArgumentException for a negative width or one whose item size exceeds {@code Integer.MAX_VALUE}
     */
    public static DType str(int width) {
        return str(width, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * numpy's {@code 'U<width>'} in a byte order: {@code '<U10'} or {@code '>U10'}.
     *
     * @param width code points per element; 0 is allowed, as numpy allows it
     * @param order the byte order of each UCS-4 code point
     * @return the dtype
     * @throws IllegalArgumentException for a negative width or one whose item size exceeds {@code Integer.MAX_VALUE}
     */
    public static DType str(int width, ByteOrder order) {
        return string(Kind.STR, width, Objects.requireNonNull(order, "order"));
    }

    private static DType string(Kind kind, long width, ByteOrder order) {
        if (width < 0 || width > Integer.MAX_VALUE / kind.itemSize) {
            throw new IllegalArgumentException("a " + kind.numpyName + " dtype of width " + width
                    + " is not possible: its item size must be 0.." + Integer.MAX_VALUE + " bytes");
        }
        return new DType(kind, order, (int) width);
    }

    /**
     * Parses a dtype the way numpy 2's {@code numpy.dtype(str)} does, for the types kafka-npy supports.
     *
     * <p>Accepted are numpy's descr strings with or without a byte-order character
     * ({@code '<f4'}, {@code '>i8'}, {@code '|u1'}, {@code '=f4'}, {@code 'f4'}), with the size read
     * as numpy reads it ({@code 'f04'}, {@code 'f+4'}, {@code 'f 4'}); one-character type codes
     * ({@code '?'}, {@code 'e'}, {@code 'f'}, {@code 'd'}, {@code 'B'}, {@code 'n'}, ...) and the type
     * numbers numpy also reads from a one-character string (U+000B is float32, U+0012 and U+0013
     * are {@code 'S'} and {@code 'U'}); numpy 2's type names ({@code 'float32'}, {@code 'bool'},
     * {@code 'uint8'}, {@code 'double'}, {@code 'csingle'}, ...); and the empty subarray
     * {@code '()f4'}. Platform-dependent spellings ({@code 'l'}, {@code 'int'}, {@code 'long'}) mean
     * what they mean for numpy 2 on 64-bit Linux and macOS; {@code '='} and {@code '|'} on a
     * multi-byte type mean little-endian. Names only numpy 1 knows ({@code 'float_'},
     * {@code 'cfloat'}, {@code 'string_'}) are refused, as numpy 2 refuses them. Strings:
     * {@code 'S5'}, {@code '|S5'}, {@code 'a5'}, {@code 'a'} (but not {@code '<a'}), {@code 'c'} (S1),
     * {@code 'U10'}, {@code '<U10'}, {@code '>U10'}, {@code '|U10'} (little-endian), {@code 'S'} and
     * {@code 'U'} (width 0), {@code 'str'}, {@code 'bytes'}; a byte order on {@code S} is ignored.
     *
     * @param spelling the dtype as numpy would accept it
     * @return the dtype
     * @throws IllegalArgumentException if numpy would refuse the spelling or kafka-npy does not
     *     support the type (object arrays, void, structured types, long double, dates)
     */
    public static DType parse(String spelling) {
        Objects.requireNonNull(spelling, "spelling");
        Kind named = NAMES.get(spelling);
        if (named != null) {
            return new DType(named, ByteOrder.LITTLE_ENDIAN);
        }
        Kind namedString = STRING_NAMES.get(spelling);
        if (namedString != null) {
            return string(namedString, 0, ByteOrder.LITTLE_ENDIAN);
        }
        String body = spelling;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (!body.isEmpty() && "<>=|".indexOf(body.charAt(0)) >= 0) {
            order = body.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            body = body.substring(1);
        }
        Kind kind = CODES.get(body);
        if (kind == null) {
            Matcher sized = KIND_AND_SIZE.matcher(body);
            kind = sized.matches() ? CODES.get(sized.group(1) + Long.parseLong(sized.group(2))) : null;
        }
        if (kind != null) {
            return new DType(kind, order);
        }
        Kind numbered = STRING_TYPE_NUMBERS.get(body);
        if (numbered != null) {
            return string(numbered, 0, order);
        }
        Matcher text = STRING_AND_WIDTH.matcher(body);
        // numpy 2 reads a bare 'a' (a name, above) but refuses '<a': after a byte order, 'a' needs a width
        if (text.matches() && (text.group(2) != null || !text.group(1).equals("a"))) {
            long width = text.group(2) == null ? 0 : Long.parseLong(text.group(2));
            return string(text.group(1).equals("U") ? Kind.STR : Kind.BYTES, width, order);
        }
        if (body.equals("c")) {
            return bytes(1);
        }
        Matcher subarray = EMPTY_SUBARRAY.matcher(spelling);
        if (subarray.matches()) {
            return parse(subarrayItem(spelling, subarray.group(1), subarray.group(2), subarray.group(3)));
        }
        throw new IllegalArgumentException(unsupportedReason(spelling, body));
    }

    /** The type inside {@code '()f4'}, with the byte order numpy's {@code _commastring} gives it. */
    private static String subarrayItem(String spelling, String outer, String inner, String type) {
        if (!outer.isEmpty() && !inner.isEmpty() && !outer.replace('=', '<').equals(inner.replace('=', '<'))) {
            throw new IllegalArgumentException("dtype '" + spelling + "' has inconsistent byte orders '"
                    + outer + "' and '" + inner + "'");
        }
        String order = outer.isEmpty() ? inner : outer;
        return (order.equals(">") ? order : "") + type;
    }

    private static String unsupportedReason(String spelling, String body) {
        String quoted = "'" + spelling + "'";
        if (body.equals("O") || body.startsWith("O") && body.length() > 1 || body.equals("object")) {
            return "dtype " + quoted + " is an object array: object arrays need pickle, which kafka-npy never runs";
        }
        String lower = body.toLowerCase(Locale.ROOT);
        if (body.startsWith("V") || lower.startsWith("void")) {
            return "dtype " + quoted + " (void) is not supported by kafka-npy";
        }
        if (body.startsWith("M") || body.startsWith("m") || lower.startsWith("datetime") || lower.startsWith("timedelta")) {
            return "dtype " + quoted + " (datetime64/timedelta64) is not supported by kafka-npy";
        }
        if (body.equals("g") || body.equals("G") || body.equals("f16") || body.equals("c32")
                || lower.equals("longdouble") || lower.equals("clongdouble") || body.equals("f12") || body.equals("c24")) {
            return "dtype " + quoted + " (long double) is not supported by kafka-npy: its layout depends on the platform";
        }
        return "dtype " + quoted + " is not a numpy dtype that kafka-npy supports (bool, int8..int64, "
                + "uint8..uint64, float16, float32, float64, complex64, complex128)";
    }

    /** @return the element type */
    public Kind kind() {
        return kind;
    }

    /** @return the byte order of the elements; little-endian for one-byte kinds */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** @return bytes per element: for strings, the width times the bytes of one character */
    public int itemSize() {
        return kind.itemSize * width;
    }

    /**
     * Returns the width of a string dtype: the most characters (bytes for {@code S}, code points
     * for {@code U}) one element holds.
     *
     * @return characters per element for {@link Kind#BYTES} and {@link Kind#STR}; 1 for the other kinds
     */
    public int width() {
        return width;
    }

    /**
     * Returns this kind in another byte order.
     *
     * @param order the byte order wanted
     * @return the dtype in that order (this one for one-byte kinds)
     */
    public DType withByteOrder(ByteOrder order) {
        Objects.requireNonNull(order, "order");
        return order.equals(byteOrder) ? this : new DType(kind, order, width);
    }

    /**
     * Returns numpy's descr string, exactly as {@code np.save} writes it into a header:
     * {@code '<f4'}, {@code '>i8'}, {@code '|u1'}, {@code '|b1'}, {@code '|S5'}, {@code '<U10'}.
     *
     * @return the descr string
     */
    public String descr() {
        char order = kind.itemSize == 1 ? '|' : byteOrder == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return String.valueOf(order) + kind.code + (kind.isString() ? width : kind.itemSize);
    }

    /**
     * Returns how numpy's {@code repr} names this dtype: the type name ({@code float32}) for
     * little-endian and one-byte types, the quoted descr ({@code '>f4'}) for big-endian ones and
     * for strings ({@code '<U10'}, {@code '|S5'}).
     *
     * @return the numpy-style name
     */
    public String numpyName() {
        return kind.isString() || byteOrder == ByteOrder.BIG_ENDIAN && kind.itemSize > 1
                ? "'" + descr() + "'" : kind.numpyName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DType && ((DType) o).kind == kind && ((DType) o).byteOrder.equals(byteOrder)
                && ((DType) o).width == width;
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + byteOrder.hashCode()) * 31 + width;
    }

    /**
     * @return numpy's repr of the dtype, such as {@code dtype('float32')}, {@code dtype('>f4')},
     *     {@code dtype('S5')} or {@code dtype('<U')} (width 0)
     */
    @Override
    public String toString() {
        if (kind.isString()) {
            String descr = descr();
            String text = kind == Kind.BYTES ? descr.substring(1) : descr;
            return "dtype('" + (width == 0 ? text.substring(0, text.length() - 1) : text) + "')";
        }
        String name = numpyName();
        return "dtype(" + (name.startsWith("'") ? name : "'" + name + "'") + ")";
    }
}
