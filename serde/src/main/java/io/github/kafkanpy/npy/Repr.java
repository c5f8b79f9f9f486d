package io.github.kafkanpy.npy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * numpy's {@code repr} of an array: {@code array([[1., 2.],\n       [3., 4.]], dtype=float32)}.
 *
 * <p>Follows numpy's default print options: 75-character lines, summaries of arrays over 1000
 * elements with 3 edge items and {@code ...}, floats in the shortest form that reads back to the
 * same value (at most 8 fractional digits), switching to scientific notation as numpy does, and
 * the dtype shown unless numpy implies it (float64, int64, bool, complex128).
 *
 * <p>Only the printed elements are read: their storage indices come from their index along each
 * axis, so printing a summarised array of any size costs memory for what is printed alone.
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
    /** Storage elements between neighbours along each axis, for the array's C or Fortran layout. */
    private final int[] strides;
    /** Formats the element at a storage index. */
    private final IntFunction<String> format;

    private Repr(NdArray array) {
        this.array = array;
        this.shape = array.shape();
        this.summarise = array.size() > THRESHOLD;
        this.strides = new int[shape.length];
        int s = 1;
        for (int k = 0; k < shape.length; k++) {
            int d = array.fortranOrder() ? k : shape.length - 1 - k;
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
            extras.add("shape=" + NdArray.shapeString(shape));
        }
        if (!implied || array.size() == 0) {
            extras.add("dtype=" + dtype.numpyName());
        }
        String suffix = extras.isEmpty() ? ")" : ",";
        String body = array.size() == 0 ? "[]"
                : recurse(0, 0, " ".repeat(PREFIX.length() + 1), LINE_WIDTH - suffix.length());
        String text = PREFIX + body + suffix;
        if (extras.isEmpty()) {
            return text;
        }
        String extra = String.join(", ", extras) + ")";
        int lastLine = text.length() - (text.lastIndexOf('\n') + 1);
        String spacer = lastLine + extra.length() + 1 > LINE_WIDTH ? "\n" + " ".repeat(PREFIX.length()) : " ";
        return text + spacer + extra;
    }

    /** numpy's {@code _formatArray} for the sub-array at {@code axis} that starts at storage index {@code start}. */
    private String recurse(int axis, int start, String hangingIndent, int width) {
        if (axis == shape.length) {
            return format.apply(start);
        }
        int axesLeft = shape.length - axis;
        String nextIndent = hangingIndent + " ";
        int nextWidth = width - 1;
        int[] items = shownIndices(shape[axis]);
        StringBuilder s = new StringBuilder();
        if (axesLeft == 1) {
            StringBuilder line = new StringBuilder(hangingIndent);
            for (int n = 0; n < items.length; n++) {
                boolean last = n == items.length - 1;
                String word = items[n] < 0 ? "..." : recurse(axis + 1, start + items[n] * strides[axis], nextIndent, nextWidth);
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
            for (int n = 0; n < items.length; n++) {
                String nested = items[n] < 0 ? "..." : recurse(axis + 1, start + items[n] * strides[axis], nextIndent, nextWidth);
                s.append(hangingIndent).append(nested);
                if (n < items.length - 1) {
                    s.append(lineSep);
                }
            }
        }
        return "[" + s.substring(hangingIndent.length()) + "]";
    }

    /** The indices printed along an axis of this length: all, or the edges around a -1 for {@code ...}. */
    private int[] shownIndices(int length) {
        if (!summarise || length <= 2 * EDGE_ITEMS) {
            return IntStream.range(0, length).toArray();
        }
        int[] items = new int[2 * EDGE_ITEMS + 1];
        for (int i = 0; i < EDGE_ITEMS; i++) {
            items[i] = i;
            items[EDGE_ITEMS + 1 + i] = length - EDGE_ITEMS + i;
        }
        items[EDGE_ITEMS] = -1;
        return items;
    }

    /**
     * The storage indices of the printed elements, which numpy's {@code _leading_trailing} also
     * gives its formatters: all elements, or the edges of a summary.
     */
    private int[] shownElements() {
        IntStream.Builder out = IntStream.builder();
        collect(0, 0, out);
        return out.build().toArray();
    }

    private void collect(int axis, int start, IntStream.Builder out) {
        if (axis == shape.length) {
            out.add(start);
            return;
        }
        for (int i : shownIndices(shape[axis])) {
            if (i >= 0) {
                collect(axis + 1, start + i * strides[axis], out);
            }
        }
    }

    // ------------------------------------------------------------ element formats

    private IntFunction<String> formatter() {
        DType.Kind kind = array.dtype().kind();
        int[] shown = array.size() == 0 ? new int[0] : shownElements();
        if (kind == DType.Kind.BOOL) {
            int width = shape.length == 0 ? 0 : 5;
            return s -> pad(array.longAt(s) != 0 ? "True" : "False", width);
        }
        if (kind.isInteger()) {
            IntFunction<String> text = kind == DType.Kind.UINT64
                    ? s -> Long.toUnsignedString(array.longAt(s))
                    : s -> Long.toString(array.longAt(s));
            int width = Arrays.stream(shown).map(s -> text.apply(s).length()).max().orElse(0);
            return s -> pad(text.apply(s), width);
        }
        if (kind.isFloatingPoint()) {
            FloatFormat f = new FloatFormat(kind, Arrays.stream(shown).mapToDouble(array::doubleAt).toArray(), false);
            return s -> f.format(array.doubleAt(s));
        }
        DType.Kind part = kind == DType.Kind.COMPLEX64 ? DType.Kind.FLOAT32 : DType.Kind.FLOAT64;
        FloatFormat re = new FloatFormat(part, Arrays.stream(shown).mapToDouble(s -> array.componentAt(2 * s)).toArray(), false);
        FloatFormat im = new FloatFormat(part, Arrays.stream(shown).mapToDouble(s -> array.componentAt(2 * s + 1)).toArray(), true);
        return s -> re.format(array.componentAt(2 * s)) + im.format(array.componentAt(2 * s + 1)) + "j";
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
            exp = max > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1000);
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
