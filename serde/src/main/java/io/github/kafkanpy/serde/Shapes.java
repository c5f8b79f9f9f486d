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
        if (body.endsWith(",")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isBlank()) {
            return new int[0];
        }
        String[] parts = body.split(",", -1);
        if (parts.length > MAX_DIMS) {
            throw new IllegalArgumentException("a shape has at most " + MAX_DIMS + " dimensions, not " + parts.length);
        }
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (!p.matches("\\d{1,10}")) {
                throw new IllegalArgumentException("shape '" + text + "' has '" + p + "' where a non-negative integer belongs");
            }
            long dim = Long.parseLong(p);
            if (dim > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape '" + text + "' has a dimension larger than 2147483647");
            }
            dims[i] = (int) dim;
        }
        return dims;
    }
}
