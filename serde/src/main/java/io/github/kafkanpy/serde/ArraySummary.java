package io.github.kafkanpy.serde;

import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.Float16;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Shapes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One line about an array, for the console: its dtype, shape and order, its first and last values
 * as numpy prints them, and min, max and mean for numeric data ({@code true=} count for bool).
 *
 * <p>Values are elided as numpy elides them: more than {@code threshold} elements print the first
 * and last {@code edgeItems} in C order around {@code ...}. Each value is printed by the codec's
 * numpy {@code repr}, so floats, float16, complex, uint64 and strings look as they do in Python.
 * The statistics read every element once and allocate nothing per element.
 */
final class ArraySummary {
    private static final int PREFIX = "array(".length();

    private final int threshold;
    private final int edgeItems;

    ArraySummary(int threshold, int edgeItems) {
        if (threshold < 0 || edgeItems < 1) {
            throw new IllegalArgumentException("threshold must be at least 0 and edgeitems at least 1, not "
                    + threshold + " and " + edgeItems);
        }
        this.threshold = threshold;
        this.edgeItems = edgeItems;
    }

    /** Four fields: dtype, shape, order, then the values followed by the statistics. */
    List<String> describe(NdArray array) {
        return List.of(array.dtype().descr(), Shapes.toString(array.shape()), array.fortranOrder() ? "F" : "C",
                values(array) + statistics(array));
    }

    private String values(NdArray array) {
        long size = array.size();
        if (array.ndim() == 0) {
            return element(array, 0);
        }
        List<String> shown = new ArrayList<>();
        boolean elide = size > threshold && size > 2L * edgeItems;
        for (long c = 0; c < size; c++) {
            if (elide && c == edgeItems) {
                shown.add("...");
                c = size - edgeItems;
            }
            shown.add(element(array, storageIndex(array, c)));
        }
        return "[" + String.join(", ", shown) + "]";
    }

    private static String statistics(NdArray array) {
        DType.Kind kind = array.dtype().kind();
        long size = array.size();
        if (size == 0 || kind.isString()) {
            return "";
        }
        Elements e = new Elements(array);
        if (kind == DType.Kind.BOOL) {
            long trues = 0;
            for (long i = 0; i < size; i++) {
                trues += e.integer(i) != 0 ? 1 : 0;
            }
            return " true=" + trues;
        }
        if (kind == DType.Kind.COMPLEX64 || kind == DType.Kind.COMPLEX128) {
            double re = 0;
            double im = 0;
            for (long i = 0; i < size; i++) {
                re += e.component(2 * i);
                im += e.component(2 * i + 1);
            }
            return " mean=" + scalar(DType.COMPLEX128, re / size, im / size);
        }
        long min = 0;
        long max = 0;
        double sum = e.number(0);
        for (long i = 1; i < size; i++) {
            if (e.replaces(i, min, true)) {
                min = i;
            }
            if (e.replaces(i, max, false)) {
                max = i;
            }
            sum += e.number(i);
        }
        return " min=" + element(array, min) + " max=" + element(array, max)
                + " mean=" + scalar(DType.FLOAT64, sum / size);
    }

    /** Reads elements by storage index from one view of the data. */
    private static final class Elements {
        private final ByteBuffer data;
        private final DType.Kind kind;
        private final int itemSize;

        Elements(NdArray array) {
            this.data = array.data();
            this.kind = array.dtype().kind();
            this.itemSize = array.dtype().itemSize();
        }

        /**
         * Whether element i replaces the current minimum (or maximum): a smaller (larger) value, or
         * a NaN, which numpy's min and max both propagate.
         */
        boolean replaces(long i, long current, boolean minimum) {
            if (kind.isInteger()) {
                long x = integer(i);
                long y = integer(current);
                int order = kind == DType.Kind.UINT64 ? Long.compareUnsigned(x, y) : Long.compare(x, y);
                return minimum ? order < 0 : order > 0;
            }
            double x = number(i);
            double y = number(current);
            return !Double.isNaN(y) && (Double.isNaN(x) || (minimum ? x < y : x > y));
        }

        long integer(long i) {
            int at = Math.toIntExact(i * itemSize);
            switch (kind) {
                case BOOL:
                case INT8: return data.get(at);
                case UINT8: return data.get(at) & 0xFF;
                case INT16: return data.getShort(at);
                case UINT16: return data.getShort(at) & 0xFFFF;
                case INT32: return data.getInt(at);
                case UINT32: return data.getInt(at) & 0xFFFF_FFFFL;
                default: return data.getLong(at);
            }
        }

        double number(long i) {
            if (kind.isInteger()) {
                long v = integer(i);
                return kind == DType.Kind.UINT64 && v < 0 ? (v >>> 1) * 2.0 + (v & 1) : v;
            }
            int at = Math.toIntExact(i * itemSize);
            switch (kind) {
                case FLOAT16: return Float16.toFloat(data.getShort(at));
                case FLOAT32: return data.getFloat(at);
                default: return data.getDouble(at);
            }
        }

        double component(long i) {
            int at = Math.toIntExact(i * (itemSize / 2));
            return itemSize == 8 ? data.getFloat(at) : data.getDouble(at);
        }
    }

    /** Where the element at a C-order index lives in the data. */
    private static long storageIndex(NdArray array, long c) {
        if (!array.fortranOrder()) {
            return c;
        }
        int[] shape = array.shape();
        long storage = 0;
        long stride = 1;
        long rest = c;
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = rest % shape[d];
            rest /= shape[d];
        }
        for (int d = 0; d < shape.length; d++) {
            storage += index[d] * stride;
            stride *= shape[d];
        }
        return storage;
    }

    /** One element as numpy prints it, by the repr of a 0-d view of its bytes. */
    private static String element(NdArray array, long storageIndex) {
        int size = array.dtype().itemSize();
        ByteBuffer bytes = array.data().slice(Math.toIntExact(storageIndex * size), size);
        return text(NdArray.wrap(array.dtype(), bytes, false));
    }

    /** A float64 or complex128 value as numpy prints it. */
    private static String scalar(DType dtype, double... parts) {
        ByteBuffer bytes = ByteBuffer.allocate(dtype.itemSize()).order(dtype.byteOrder());
        for (double part : parts) {
            bytes.putDouble(part);
        }
        return text(NdArray.wrap(dtype, bytes.flip(), false));
    }

    /** The value inside a 0-d array's repr: {@code array(1.5, dtype=float32)} gives {@code 1.5}. */
    private static String text(NdArray zeroD) {
        String repr = zeroD.toString();
        String dtype = "dtype=" + zeroD.dtype().numpyName() + ")";
        if (!repr.endsWith(dtype)) {
            return repr.substring(PREFIX, repr.length() - 1);
        }
        return repr.substring(PREFIX, repr.length() - dtype.length()).stripTrailing().replaceAll(",$", "");
    }
}
