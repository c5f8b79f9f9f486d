package io.github.kafkanpy.npy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * numpy's {@code repr} of an array: {@code array([[1., 2.],\n       [3., 4.]], dtype=float32)}.
 *
 * <p>Follows numpy's default print options: 75-character lines, summaries of arrays over 1000
 * elements with 3 edge items and {@code ...}, floats in the shortest form that reads back to the
 * same value (at most 8 fractional digits), switching to scientific notation as numpy does, and
 * the dtype shown unless numpy implies it (float64, int64, bool, complex128). {@code S} and
 * {@code U} elements print as Python's {@code repr} of the {@code bytes} or {@code str}, with its
 * choice of quotes and its escapes, and the dtype always shown ({@code dtype='<U4'}).
 */
final class Repr {
    private static final int LINE_WIDTH = 75;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int PRECISION = 8;
    private static final String PREFIX = "array(";

    private final NdArray array;
    private final int[] shape;
    private final boolean summarise;
    private final IntFunction<String> format;
    private final int[] strides;

    private Repr(NdArray array) {
        this.array = array;
        this.shape = array.shape();
        this.summarise = array.size() > THRESHOLD;
        this.strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        this.format = formatter();
    }

    static String of(NdArray array) {
        return new Repr(array).render();
    }

    private String render() {
        DType dtype = array.dtype();
        DType.Kind k = dtype.kind();
        boolean implied = (dtype.byteOrder() == ByteOrder.LITTLE_ENDIAN || dtype.itemSize() == 1)
                && (k == DType.Kind.FLOAT64 || k == DType.Kind.INT64 || k == DType.Kind.BOOL || k == DType.Kind.COMPLEX128);
        List<String> extras = new ArrayList<>();
        if (array.size() == 0 && shape.length != 1 || summarise) {
            extras.add("shape=" + Shapes.toString(shape));
        }
        if (!implied || array.size() == 0) {
            extras.add("dtype=" + dtype.numpyName());
        }
        String suffix = extras.isEmpty() ? ")" : ",";
        String body = array.size() == 0 ? "[]"
                : recurse(new ArrayList<>(), " ".repeat(PREFIX.length() + 1), LINE_WIDTH - suffix.length());
        String text = PREFIX + body + suffix;
        if (extras.isEmpty()) {
            return text;
        }
        String extra = String.join(", ", extras) + ")";
        int lastLine = text.length() - (text.lastIndexOf('\n') + 1);
        String spacer = lastLine + extra.length() + 1 > LINE_WIDTH ? "\n" + " ".repeat(PREFIX.length()) : " ";
        return text + spacer + extra;
    }

    /** numpy's {@code _formatArray}. */
    private String recurse(List<Integer> index, String hangingIndent, int width) {
        int axis = index.size();
        if (axis == shape.length) {
            return format.apply(flatIndex(index));
        }
        int axesLeft = shape.length - axis;
        String nextIndent = hangingIndent + " ";
        int nextWidth = width - 1;
        int length = shape[axis];
        boolean summary = summarise && 2 * EDGE_ITEMS < length;
        List<Integer> items = new ArrayList<>();
        if (summary) {
            for (int i = 0; i < EDGE_ITEMS; i++) {
                items.add(i);
            }
            items.add(-1);
            for (int i = length - EDGE_ITEMS; i < length; i++) {
                items.add(i);
            }
        } else {
            for (int i = 0; i < length; i++) {
                items.add(i);
            }
        }
        StringBuilder s = new StringBuilder();
        if (axesLeft == 1) {
            StringBuilder line = new StringBuilder(hangingIndent);
            for (int n = 0; n < items.size(); n++) {
                boolean last = n == items.size() - 1;
                String word = items.get(n) < 0 ? "..." : recurse(with(index, items.get(n)), nextIndent, nextWidth);
                int lineWidth = last ? width : width - 1;
                if (line.length() + word.length() > lineWidth && line.length() > hangingIndent.length()) {
                    s.append(line.toString().stripTrailing()).append('\n');
                    line = new StringBuilder(hangingIndent);
                }
                line.append(word);
                if (!last) {
                    line.append(", ");
                }
            }
            s.append(line);
        } else {
            String lineSep = "," + "\n".repeat(axesLeft - 1);
            for (int n = 0; n < items.size(); n++) {
                String nested = items.get(n) < 0 ? "..." : recurse(with(index, items.get(n)), nextIndent, nextWidth);
                s.append(hangingIndent).append(nested);
                if (n < items.size() - 1) {
                    s.append(lineSep);
                }
            }
        }
        return "[" + s.substring(hangingIndent.length()) + "]";
    }

    private static List<Integer> with(List<Integer> index, int i) {
        List<Integer> next = new ArrayList<>(index);
        next.add(i);
        return next;
    }

    private int flatIndex(List<Integer> index) {
        int[] idx = new int[index.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = index.get(i);
        }
        int c = 0;
        for (int d = 0; d < idx.length; d++) {
            c += idx[d] * strides[d];
        }
        return c;
    }

    /** The C indices of the elements that will be printed: all, or the edges of a summary. */
    private List<Integer> shownElements() {
        List<Integer> out = new ArrayList<>();
        collect(new ArrayList<>(), out);
        return out;
    }

    private void collect(List<Integer> index, List<Integer> out) {
        if (index.size() == shape.length) {
            out.add(flatIndex(index));
            return;
        }
        int length = shape[index.size()];
        for (int i = 0; i < length; i++) {
            if (summarise && 2 * EDGE_ITEMS < length && i == EDGE_ITEMS) {
                i = length - EDGE_ITEMS;
            }
            collect(with(index, i), out);
        }
    }

    // ------------------------------------------------------------ element formats

    private IntFunction<String> formatter() {
        DType.Kind kind = array.dtype().kind();
        if (kind.isString()) {
            return c -> quoteText(array.codePointsAt(storageIndex(c)), kind);
        }
        List<Integer> shown = array.size() == 0 ? List.of() : shownElements();
        if (kind == DType.Kind.BOOL) {
            int width = shape.length == 0 ? 0 : 5;
            return c -> pad(array.longAt(storageIndex(c)) != 0 ? "True" : "False", width);
        }
        if (kind.isInteger()) {
            IntFunction<String> text = kind == DType.Kind.UINT64
                    ? c -> Long.toUnsignedString(array.longAt(storageIndex(c)))
                    : c -> Long.toString(array.longAt(storageIndex(c)));
            int width = shown.stream().mapToInt(c -> text.apply(c).length()).max().orElse(0);
            return c -> pad(text.apply(c), width);
        }
        if (kind.isFloatingPoint()) {
            FloatFormat f = new FloatFormat(kind, shown.stream().mapToDouble(c -> array.doubleAt(storageIndex(c))).toArray(), false);
            return c -> f.format(array.doubleAt(storageIndex(c)));
        }
        DType.Kind part = kind == DType.Kind.COMPLEX64 ? DType.Kind.FLOAT32 : DType.Kind.FLOAT64;
        FloatFormat re = new FloatFormat(part, shown.stream().mapToDouble(c -> array.componentAt(2 * storageIndex(c))).toArray(), false);
        FloatFormat im = new FloatFormat(part, shown.stream().mapToDouble(c -> array.componentAt(2 * storageIndex(c) + 1)).toArray(), true);
        return c -> re.format(array.componentAt(2 * storageIndex(c))) + im.format(array.componentAt(2 * storageIndex(c) + 1)) + "j";
    }

    /**
     * Where the element at a C index lives in the data: itself in C order, recomposed with
     * Fortran strides otherwise. Computed per printed element, so printing a summary costs memory
     * for what is printed, never a table of every element.
     */
    private int storageIndex(int c) {
        if (!array.fortranOrder()) {
            return c;
        }
        int storage = 0;
        int fortranStride = 1;
        for (int d = 0; d < shape.length; d++) {
            storage += (c / strides[d]) % shape[d] * fortranStride;
            fortranStride *= shape[d];
        }
        return storage;
    }

    /**
     * Python's {@code repr} of a {@code str} (for {@link DType.Kind#STR}) or a {@code bytes}
     * (for {@link DType.Kind#BYTES}, one byte per value) holding these characters: single quotes
     * unless the text has one and no double quote, backslash escapes for what Python does not
     * print as itself.
     */
    static String quoteText(int[] chars, DType.Kind kind) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (int c : chars) {
            hasSingle |= c == '\'';
            hasDouble |= c == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder b = new StringBuilder(kind == DType.Kind.BYTES ? "b" : "").append(quote);
        for (int c : chars) {
            if (c == quote || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c >= 0x20 && c < 0x7f || kind == DType.Kind.STR && c > 0x7f && printable(c)) {
                b.appendCodePoint(c);
            } else if (c >= 0 && c <= 0xff) {
                b.append(String.format("\\x%02x", c));
            } else if (c >= 0 && c <= 0xffff) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.append(String.format("\\U%08x", c));
            }
        }
        return b.append(quote).toString();
    }

    /** Python's {@code str.isprintable} for one code point above U+007F. */
    private static boolean printable(int c) {
        if (c > Character.MAX_CODE_POINT) {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL: case Character.FORMAT: case Character.SURROGATE: case Character.PRIVATE_USE:
            case Character.UNASSIGNED: case Character.LINE_SEPARATOR: case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** numpy's {@code FloatingFormat} with the default options (maxprec, precision 8). */
    private static final class FloatFormat {
        private final DType.Kind kind;
        private final boolean plus;
        private boolean exp;
        private int padLeft;
        private int padRight;
        private int expDigits;
        private int fracDigits;

        FloatFormat(DType.Kind kind, double[] values, boolean plus) {
            this.kind = kind;
            this.plus = plus;
            double max = 0;
            double min = Double.POSITIVE_INFINITY;
            boolean anyFinite = false;
            boolean nonFinite = false;
            boolean negInf = false;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    anyFinite = true;
                    if (v != 0) {
                        max = Math.max(max, Math.abs(v));
                        min = Math.min(min, Math.abs(v));
                    }
                } else {
                    nonFinite = true;
                    negInf |= v == Double.NEGATIVE_INFINITY;
                }
            }
            // numpy 2 switches to scientific at 10 ** min(8, finfo(dtype).precision): 1e3 for float16, 1e6 for float32
            double cutoff = kind == DType.Kind.FLOAT16 ? 1e3 : kind == DType.Kind.FLOAT32 ? 1e6 : 1e8;
            exp = max > 0 && (max >= cutoff || min < 1e-4 || max / min > 1000);
            if (anyFinite) {
                for (double v : values) {
                    if (!Double.isFinite(v)) {
                        continue;
                    }
                    if (exp) {
                        String[] m = scientific(v).split("e");
                        String[] ip = m[0].split("\\.", -1);
                        padLeft = Math.max(padLeft, ip[0].length());
                        fracDigits = Math.max(fracDigits, ip[1].length());
                        expDigits = Math.max(expDigits, m[1].length() - 1);
                    } else {
                        String[] ip = positional(v).split("\\.", -1);
                        padLeft = Math.max(padLeft, ip[0].length());
                        padRight = Math.max(padRight, ip[1].length());
                    }
                }
                if (exp) {
                    padRight = expDigits + 2 + fracDigits;
                }
            }
            if (nonFinite) {
                int offset = padRight + 1;
                padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (negInf || plus ? 1 : 0) - offset));
            }
        }

        String format(double v) {
            if (!Double.isFinite(v)) {
                String s = Double.isNaN(v) ? (plus ? "+nan" : "nan") : v < 0 ? "-inf" : plus ? "+inf" : "inf";
                return pad(s, padLeft + padRight + 1);
            }
            if (exp) {
                // numpy prints every value with the digits the widest one needs: real digits of
                // the exact value, not zeros after the shortest form
                String[] m = scientific(v, fracDigits + 1).split("e");
                String[] ip = m[0].split("\\.", -1);
                String frac = ip[1];
                String e = m[1].substring(1);
                e = "0".repeat(Math.max(0, expDigits - e.length())) + e;
                return pad(ip[0], padLeft) + "." + frac + "e" + m[1].charAt(0) + e;
            }
            String[] ip = positional(v).split("\\.", -1);
            return pad(ip[0], padLeft) + "." + ip[1] + " ".repeat(padRight - ip[1].length());
        }

        /** The shortest decimal that reads back as the same value of this float kind. */
        private BigDecimal shortest(double v) {
            BigDecimal exact = new BigDecimal(v);
            if (v == 0) {
                return BigDecimal.ZERO;
            }
            for (int digits = 1; digits < 17; digits++) {
                BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
                if (sameValue(candidate.doubleValue(), v)) {
                    return candidate;
                }
            }
            return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        }

        private boolean sameValue(double candidate, double v) {
            switch (kind) {
                case FLOAT16: return Float16.fromDouble(candidate) == Float16.fromDouble(v);
                case FLOAT32: return (float) candidate == (float) v;
                default: return candidate == v;
            }
        }

        private String sign(double v) {
            boolean negative = v < 0 || v == 0 && 1 / v < 0;
            return negative ? "-" : plus ? "+" : "";
        }

        private String positional(double v) {
            BigDecimal d = shortest(Math.abs(v));
            if (d.scale() > PRECISION) {
                d = new BigDecimal(Math.abs(v)).setScale(PRECISION, RoundingMode.HALF_EVEN);
            }
            String plain = d.stripTrailingZeros().toPlainString();
            if (d.signum() == 0) {
                plain = "0";
            }
            return sign(v) + (plain.contains(".") ? plain : plain + ".");
        }

        private String scientific(double v) {
            BigDecimal d = shortest(Math.abs(v)).stripTrailingZeros();
            if (d.precision() > PRECISION + 1) {
                d = d.round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            }
            return scientific(v, d);
        }

        /** {@code v} with exactly {@code significant} significant digits of its exact value. */
        private String scientific(double v, int significant) {
            if (v == 0) {
                return sign(v) + "0." + "0".repeat(significant - 1) + "e+00";
            }
            BigDecimal d = new BigDecimal(Math.abs(v)).round(new MathContext(significant, RoundingMode.HALF_EVEN));
            return scientific(v, d.setScale(d.scale() + significant - d.precision()));
        }

        private String scientific(double v, BigDecimal d) {
            if (d.signum() == 0) {
                return sign(v) + "0.e+00";
            }
            String digits = d.unscaledValue().toString();
            int exponent = digits.length() - 1 - d.scale();
            String mantissa = digits.charAt(0) + "." + digits.substring(1);
            String e = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
            return sign(v) + mantissa + "e" + e;
        }
    }
}
