package io.github.kafkanpy.serde;

/** The {@code npy.shape} text form: comma-separated non-negative dimensions, empty for 0-d. */
final class Shapes {
    private static final int MAX_DIMS = 64;

    private Shapes() {
    }

    static String format(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return b.toString();
    }

    static int[] parse(String text) {
        String body = text.trim();
        if (body.startsWith("(") && body.endsWith(")")) {
            body = body.substring(1, body.length() - 1).trim();
        }
        if (body.length() > 1 && body.endsWith(",")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isBlank()) {
            return new int[0];
        }
        int count = 1;
        for (int i = 0; i < body.length(); i++) {
            count += body.charAt(i) == ',' ? 1 : 0;
        }
        if (count > MAX_DIMS) {
            throw new IllegalArgumentException("a shape has at most " + MAX_DIMS + " dimensions, not " + count);
        }
        // by hand rather than split and a regex: this runs for every record of the raw variant
        int[] dims = new int[count];
        int from = 0;
        for (int i = 0; i < count; i++) {
            int comma = body.indexOf(',', from);
            int to = comma < 0 ? body.length() : comma;
            dims[i] = dimension(text, body.substring(from, to).trim());
            from = to + 1;
        }
        return dims;
    }

    /** One to ten ASCII digits, at most {@link Integer#MAX_VALUE}. */
    private static int dimension(String text, String part) {
        long dim = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                dim = -1;
                break;
            }
            dim = dim * 10 + (c - '0');
        }
        if (dim < 0 || part.isEmpty() || part.length() > 10) {
            throw new IllegalArgumentException("shape '" + text + "' has '" + part + "' where a non-negative integer belongs");
        }
        if (dim > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape '" + text + "' has a dimension larger than 2147483647");
        }
        return (int) dim;
    }
}
