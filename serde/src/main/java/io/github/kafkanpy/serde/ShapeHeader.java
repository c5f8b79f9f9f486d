package io.github.kafkanpy.serde;

import io.github.kafkanpy.npy.Shapes;

/**
 * The {@code npy.shape} header's text: decimal dimensions joined by commas ({@code 28,28}), empty
 * for a 0-d array; exactly what {@link RawArraySerializer} writes, nothing around it. What a
 * shape may be is {@link Shapes}' to say.
 */
final class ShapeHeader {
    private ShapeHeader() {
    }

    static String format(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return b.toString();
    }

    static int[] parse(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            count += text.charAt(i) == ',' ? 1 : 0;
        }
        if (count > Shapes.MAX_DIMS) {
            throw new IllegalArgumentException("shape '" + text + "' has " + count + " dimensions; a shape has at most "
                    + Shapes.MAX_DIMS);
        }
        // by hand rather than split and a regex: this runs for every record of the raw variant
        int[] dims = new int[count];
        int from = 0;
        for (int i = 0; i < count; i++) {
            int comma = text.indexOf(',', from);
            int to = comma < 0 ? text.length() : comma;
            dims[i] = dimension(text, from, to);
            from = to + 1;
        }
        return dims;
    }

    /** One to ten ASCII digits, at most {@link Integer#MAX_VALUE}. */
    private static int dimension(String text, int from, int to) {
        long dim = 0;
        for (int i = from; i < to && dim >= 0; i++) {
            char c = text.charAt(i);
            dim = c < '0' || c > '9' ? -1 : dim * 10 + (c - '0');
        }
        if (dim < 0 || to == from || to - from > 10) {
            throw new IllegalArgumentException("shape '" + text + "' has '" + text.substring(from, to)
                    + "' where a non-negative decimal integer belongs");
        }
        if (dim > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape '" + text + "' has a dimension larger than 2147483647");
        }
        return (int) dim;
    }
}
