package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class Float16Test {

    @Test
    void everyFloat16SurvivesWideningAndNarrowing() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short h = (short) bits;
            assertEquals(h, Float16.fromFloat(Float16.toFloat(h)), Integer.toHexString(bits));
            if (!Float.isNaN(Float16.toFloat(h))) { // float to double may quieten a signalling NaN
                assertEquals(h, Float16.fromDouble(Float16.toFloat(h)), Integer.toHexString(bits));
            }
        }
    }

    @Test
    void wideningIsExact() {
        assertEquals(65504f, Float16.toFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001));
        assertEquals(0x1p-14f, Float16.toFloat((short) 0x0400));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Float16.toFloat((short) 0x8000)));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xfc00));
    }

    @Test
    void narrowingRoundsHalfwayCasesToEven() {
        // between 1 and its successor 1 + 2^-10 the midpoint rounds down to the even 1.0
        assertEquals((short) 0x3c00, Float16.fromDouble(1 + 0x1p-11));
        // between 1 + 2^-10 (odd) and 1 + 2^-9 the midpoint rounds up to the even one
        assertEquals((short) 0x3c02, Float16.fromDouble(1 + 3 * 0x1p-11));
        // just above the midpoint rounds up
        assertEquals((short) 0x3c01, Float16.fromDouble(1 + 0x1p-11 + 0x1p-30));
        // the largest finite half and the overflow threshold
        assertEquals((short) 0x7bff, Float16.fromDouble(65519.99));
        assertEquals((short) 0x7c00, Float16.fromDouble(65520));
        // subnormal rounding and underflow: 2^-25 is a tie between 0 and the smallest subnormal
        assertEquals((short) 0x0000, Float16.fromDouble(0x1p-25));
        assertEquals((short) 0x0001, Float16.fromDouble(0x1p-25 + 0x1p-40));
        assertEquals((short) 0x8000, Float16.fromDouble(-1e-10));
    }

    @Test
    void narrowingRoundsOnceFromDouble() {
        // 1 + 2^-11 + 2^-40 as a float rounds to 1 + 2^-11, a tie; from the double it must round up
        double value = 1 + 0x1p-11 + 0x1p-40;
        assertEquals((short) 0x3c01, Float16.fromDouble(value));
        assertEquals((short) 0x3c00, Float16.fromFloat((float) value));
    }

    @Test
    void narrowingPicksTheNearestHalfForManyValues() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200_000; i++) {
            double v = (random.nextDouble() - 0.5) * Math.pow(2, random.nextInt(40) - 25);
            short h = Float16.fromDouble(v);
            double got = Float16.toFloat(h);
            double below = Float16.toFloat((short) (h - 1));
            double above = Float16.toFloat((short) (h + 1));
            BigDecimal error = new BigDecimal(got).subtract(new BigDecimal(v)).abs();
            if ((h & 0x7fff) != 0) {
                assertEquals(true, error.compareTo(new BigDecimal(below).subtract(new BigDecimal(v)).abs()) <= 0, "below " + v);
            }
            if ((h & 0x7fff) < 0x7bff) {
                assertEquals(true, error.compareTo(new BigDecimal(above).subtract(new BigDecimal(v)).abs()) <= 0, "above " + v);
            }
        }
    }

    @Test
    void nansStayNaNsAndKeepTheirPayloadWhereItFits() {
        assertEquals((short) 0x7e00, Float16.fromFloat(Float.NaN));
        assertEquals((short) 0x7e01, Float16.fromFloat(Float16.toFloat((short) 0x7e01)));
        assertEquals(true, Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.intBitsToFloat(0x7f800001)))));
        assertEquals((short) 0x7c01, Float16.fromFloat(Float16.toFloat((short) 0x7c01)));
    }
}
