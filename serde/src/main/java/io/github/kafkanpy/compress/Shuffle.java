package io.github.kafkanpy.compress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
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
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Shuffle() {
    }

    /**
     * Filters {@code n} elements of {@code w} bytes, from index 0 of {@code src} (little-endian,
     * any position or limit), into planes at {@code dst[o...]}; {@code d} is the delta distance in
     * elements, 0 for none. Reading through the buffer lets a serializer filter an array's
     * read-only data without copying it first.
     */
    static void encode(ByteBuffer src, int n, int w, int d, boolean bigEndian, byte[] dst, int o) {
        int from = d == 0 ? n : Math.min(d, n);
        switch (w) {
            case 1:
                src.get(0, dst, o, from);
                for (int i = from; i < n; i++) {
                    dst[o + i] = (byte) (src.get(i) - src.get(i - d));
                }
                break;
            case 2:
                for (int i = 0; i < from; i++) {
                    put2(dst, o, n, i, src.getShort(2 * i));
                }
                for (int i = from; i < n; i++) {
                    short m = src.getShort(2 * i);
                    short p = src.getShort(2 * (i - d));
                    put2(dst, o, n, i, bigEndian ? Short.reverseBytes((short) (Short.reverseBytes(m) - Short.reverseBytes(p)))
                            : m - p);
                }
                break;
            case 4:
                for (int i = 0; i < from; i++) {
                    put4(dst, o, n, i, src.getInt(4 * i));
                }
                if (bigEndian) {
                    for (int i = from; i < n; i++) {
                        put4(dst, o, n, i, Integer.reverseBytes(Integer.reverseBytes(src.getInt(4 * i))
                                - Integer.reverseBytes(src.getInt(4 * (i - d)))));
                    }
                } else {
                    for (int i = from; i < n; i++) {
                        put4(dst, o, n, i, src.getInt(4 * i) - src.getInt(4 * (i - d)));
                    }
                }
                break;
            case 8:
                for (int i = 0; i < from; i++) {
                    put8(dst, o, n, i, src.getLong(8 * i));
                }
                for (int i = from; i < n; i++) {
                    long m = src.getLong(8 * i);
                    long p = src.getLong(8 * (i - d));
                    put8(dst, o, n, i, bigEndian ? Long.reverseBytes(Long.reverseBytes(m) - Long.reverseBytes(p)) : m - p);
                }
                break;
            default:
                throw new IllegalArgumentException("elements of " + w + " bytes cannot be shuffled; use 1, 2, 4 or 8");
        }
    }

    /** Byte {@code b} of a 2-byte element in memory order into plane {@code b}. */
    private static void put2(byte[] dst, int o, int n, int i, int m) {
        dst[o + i] = (byte) m;
        dst[o + n + i] = (byte) (m >>> 8);
    }

    private static void put4(byte[] dst, int o, int n, int i, int m) {
        dst[o + i] = (byte) m;
        dst[o + n + i] = (byte) (m >>> 8);
        dst[o + 2 * n + i] = (byte) (m >>> 16);
        dst[o + 3 * n + i] = (byte) (m >>> 24);
    }

    private static void put8(byte[] dst, int o, int n, int i, long m) {
        for (int b = 0; b < 8; b++) {
            dst[o + b * n + i] = (byte) (m >>> (8 * b));
        }
    }

    /**
     * Inverts {@link #encode}: planes at {@code src[s...]} back into {@code n} elements at
     * {@code dst[o...]}. The planes are gathered one at a time (a sequential read and a strided
     * write each, which runs more than twice as fast as gathering element by element), then the
     * deltas are summed in a second pass.
     */
    static void decode(byte[] src, int s, int n, int w, int d, boolean bigEndian, byte[] dst, int o) {
        switch (w) {
            case 1:
                System.arraycopy(src, s, dst, o, n);
                break;
            case 2:
                gather(src, s, n, 2, dst, o);
                break;
            case 4:
                gather(src, s, n, 4, dst, o);
                break;
            case 8:
                gather(src, s, n, 8, dst, o);
                break;
            default:
                throw new IllegalArgumentException("elements of " + w + " bytes cannot be shuffled; use 1, 2, 4 or 8");
        }
        if (d > 0 && d < n) {
            undelta(dst, o, n, w, d, bigEndian);
        }
    }

    /** Plane by plane; called with a constant width, so that the JIT specialises each copy. */
    private static void gather(byte[] src, int s, int n, int w, byte[] dst, int o) {
        for (int b = 0; b < w; b++) {
            int plane = s + b * n;
            int at = o + b;
            for (int i = 0; i < n; i++) {
                dst[at + w * i] = src[plane + i];
            }
        }
    }

    /** Adds to each element {@code i >= d} the element {@code i - d}, wrapping, in the given byte order. */
    private static void undelta(byte[] a, int o, int n, int w, int d, boolean bigEndian) {
        if (w == 1) {
            for (int i = d; i < n; i++) {
                a[o + i] += a[o + i - d];
            }
        } else if (w == 2 && !bigEndian) {
            for (int i = d; i < n; i++) {
                SHORT.set(a, o + 2 * i, (short) ((short) SHORT.get(a, o + 2 * i) + (short) SHORT.get(a, o + 2 * (i - d))));
            }
        } else if (w == 2) {
            for (int i = d; i < n; i++) {
                SHORT_BE.set(a, o + 2 * i,
                        (short) ((short) SHORT_BE.get(a, o + 2 * i) + (short) SHORT_BE.get(a, o + 2 * (i - d))));
            }
        } else if (w == 4 && !bigEndian) {
            for (int i = d; i < n; i++) {
                INT.set(a, o + 4 * i, (int) INT.get(a, o + 4 * i) + (int) INT.get(a, o + 4 * (i - d)));
            }
        } else if (w == 4) {
            for (int i = d; i < n; i++) {
                INT_BE.set(a, o + 4 * i, (int) INT_BE.get(a, o + 4 * i) + (int) INT_BE.get(a, o + 4 * (i - d)));
            }
        } else if (!bigEndian) {
            for (int i = d; i < n; i++) {
                LONG.set(a, o + 8 * i, (long) LONG.get(a, o + 8 * i) + (long) LONG.get(a, o + 8 * (i - d)));
            }
        } else {
            for (int i = d; i < n; i++) {
                LONG_BE.set(a, o + 8 * i, (long) LONG_BE.get(a, o + 8 * i) + (long) LONG_BE.get(a, o + 8 * (i - d)));
            }
        }
    }
}
