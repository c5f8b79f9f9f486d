package io.github.kafkanpy.compress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte work of {@link FilterFrame}: byte shuffle, optionally after a wrap-around delta, and
 * its inverse, for elements of 1, 2, 4 or 8 bytes. Each direction is one pass: the delta is
 * taken while the bytes are scattered into their planes, and added back while they are gathered.
 *
 * <p>With {@code n} elements of {@code w} bytes, plane {@code b} holds byte {@code b} (in memory
 * order) of every element: {@code out[b * n + i] = in[i * w + b]}. The delta replaces element
 * {@code i >= d} by {@code e[i] - e[i - d]} modulo {@code 2^(8w)}, reading the bytes as an
 * unsigned integer in the element's byte order.
 */
final class Shuffle {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Shuffle() {
    }

    /**
     * Filters {@code n} elements of {@code w} bytes from {@code src[s...]} into planes at
     * {@code dst[o...]}; {@code d} is the delta distance in elements, 0 for none.
     */
    static void encode(byte[] src, int s, int n, int w, int d, boolean bigEndian, byte[] dst, int o) {
        int from = d == 0 ? n : Math.min(d, n);
        switch (w) {
            case 1:
                System.arraycopy(src, s, dst, o, from);
                for (int i = from; i < n; i++) {
                    dst[o + i] = (byte) (src[s + i] - src[s + i - d]);
                }
                break;
            case 2:
                for (int i = 0; i < n; i++) {
                    int m = (short) SHORT.get(src, s + 2 * i);
                    if (i >= from) {
                        int p = (short) SHORT.get(src, s + 2 * (i - d));
                        m = bigEndian ? Short.reverseBytes((short) (Short.reverseBytes((short) m) - Short.reverseBytes((short) p)))
                                : m - p;
                    }
                    dst[o + i] = (byte) m;
                    dst[o + n + i] = (byte) (m >>> 8);
                }
                break;
            case 4:
                for (int i = 0; i < n; i++) {
                    int m = (int) INT.get(src, s + 4 * i);
                    if (i >= from) {
                        int p = (int) INT.get(src, s + 4 * (i - d));
                        m = bigEndian ? Integer.reverseBytes(Integer.reverseBytes(m) - Integer.reverseBytes(p)) : m - p;
                    }
                    dst[o + i] = (byte) m;
                    dst[o + n + i] = (byte) (m >>> 8);
                    dst[o + 2 * n + i] = (byte) (m >>> 16);
                    dst[o + 3 * n + i] = (byte) (m >>> 24);
                }
                break;
            case 8:
                for (int i = 0; i < n; i++) {
                    long m = (long) LONG.get(src, s + 8 * i);
                    if (i >= from) {
                        long p = (long) LONG.get(src, s + 8 * (i - d));
                        m = bigEndian ? Long.reverseBytes(Long.reverseBytes(m) - Long.reverseBytes(p)) : m - p;
                    }
                    for (int b = 0; b < 8; b++) {
                        dst[o + b * n + i] = (byte) (m >>> (8 * b));
                    }
                }
                break;
            default:
                throw new IllegalArgumentException("elements of " + w + " bytes cannot be shuffled; use 1, 2, 4 or 8");
        }
    }

    /** Inverts {@link #encode}: planes at {@code src[s...]} back into {@code n} elements at {@code dst[o...]}. */
    static void decode(byte[] src, int s, int n, int w, int d, boolean bigEndian, byte[] dst, int o) {
        int from = d == 0 ? n : Math.min(d, n);
        switch (w) {
            case 1:
                System.arraycopy(src, s, dst, o, n);
                for (int i = from; i < n; i++) {
                    dst[o + i] += dst[o + i - d];
                }
                break;
            case 2:
                for (int i = 0; i < n; i++) {
                    int m = (src[s + i] & 0xff) | src[s + n + i] << 8;
                    if (i >= from) {
                        int p = (short) SHORT.get(dst, o + 2 * (i - d));
                        m = bigEndian ? Short.reverseBytes((short) (Short.reverseBytes((short) m) + Short.reverseBytes((short) p)))
                                : m + p;
                    }
                    SHORT.set(dst, o + 2 * i, (short) m);
                }
                break;
            case 4:
                for (int i = 0; i < n; i++) {
                    int m = (src[s + i] & 0xff) | (src[s + n + i] & 0xff) << 8 | (src[s + 2 * n + i] & 0xff) << 16
                            | src[s + 3 * n + i] << 24;
                    if (i >= from) {
                        int p = (int) INT.get(dst, o + 4 * (i - d));
                        m = bigEndian ? Integer.reverseBytes(Integer.reverseBytes(m) + Integer.reverseBytes(p)) : m + p;
                    }
                    INT.set(dst, o + 4 * i, m);
                }
                break;
            case 8:
                for (int i = 0; i < n; i++) {
                    long m = 0;
                    for (int b = 0; b < 8; b++) {
                        m |= (src[s + b * n + i] & 0xffL) << (8 * b);
                    }
                    if (i >= from) {
                        long p = (long) LONG.get(dst, o + 8 * (i - d));
                        m = bigEndian ? Long.reverseBytes(Long.reverseBytes(m) + Long.reverseBytes(p)) : m + p;
                    }
                    LONG.set(dst, o + 8 * i, m);
                }
                break;
            default:
                throw new IllegalArgumentException("elements of " + w + " bytes cannot be shuffled; use 1, 2, 4 or 8");
        }
    }
}
