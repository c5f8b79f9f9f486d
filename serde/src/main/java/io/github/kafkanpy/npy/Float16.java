package io.github.kafkanpy.npy;

/**
 * Conversions between IEEE 754 binary16 (numpy {@code float16}) bit patterns and Java numbers.
 *
 * <p>Java 17 has no {@code Float.float16ToFloat}. Widening is exact; narrowing rounds to nearest,
 * ties to even, overflows to infinity and underflows through the subnormals to signed zero,
 * exactly as numpy's {@code astype(np.float16)} does. A NaN keeps as much of its payload as fits
 * and stays a NaN, quiet or signalling, as in numpy.
 *
 * <pre>{@code
 * short bits = Float16.fromFloat(0.1f);     // 0x2E66
 * float back = Float16.toFloat(bits);       // 0.099975586f
 * }</pre>
 */
public final class Float16 {
    private static final int DOUBLE_BIAS = 1023;

    private Float16() {
    }

    /**
     * Widens binary16 bits to a float, exactly.
     *
     * @param bits the binary16 bit pattern
     * @return the same value as a float
     */
    public static float toFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent - 15 + 127) << 23 | mantissa << 13);
    }

    /**
     * Narrows a float to binary16 bits, rounding to nearest, ties to even.
     *
     * @param value the value
     * @return the nearest binary16 bit pattern
     */
    public static short fromFloat(float value) {
        if (Float.isNaN(value)) {
            // widening a signalling NaN to double may quieten it, so take the payload from the float
            int bits = Float.floatToRawIntBits(value);
            return nan(bits >>> 16 & 0x8000, (bits & 0x7fffff) >>> 13);
        }
        return fromDouble(value);
    }

    /** A NaN whose payload does not fit stays a signalling NaN, 0x7C01, as numpy makes it. */
    private static short nan(int sign, int payload) {
        return (short) (sign | 0x7c00 | Math.max(payload, 1));
    }

    /**
     * Narrows a double to binary16 bits with a single rounding to nearest, ties to even (going
     * through float first would round twice and sometimes be wrong).
     *
     * @param value the value
     * @return the nearest binary16 bit pattern
     */
    public static short fromDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int sign = (int) (bits >>> 48) & 0x8000;
        int exponent = (int) (bits >>> 52) & 0x7ff;
        long mantissa = bits & 0xfffffffffffffL;
        if (exponent == 0x7ff) {
            if (mantissa == 0) {
                return (short) (sign | 0x7c00);
            }
            return nan(sign, (int) (mantissa >>> 42));
        }
        int unbiased = exponent - DOUBLE_BIAS;
        if (unbiased > 15) {
            return (short) (sign | 0x7c00);
        }
        if (unbiased < -25 || exponent == 0) {
            return (short) sign;
        }
        long significand = mantissa | 1L << 52;
        int shift = unbiased >= -14 ? 42 : 42 + (-14 - unbiased);
        long kept = significand >>> shift;
        long rest = significand & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        if (rest > half || rest == half && (kept & 1) == 1) {
            kept++;
        }
        int magnitude = unbiased >= -14 ? ((unbiased + 15) << 10) + (int) (kept - 1024) : (int) kept;
        return (short) (sign | Math.min(magnitude, 0x7c00));
    }
}
