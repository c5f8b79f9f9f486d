package io.github.kafkanpy.npy;

import java.nio.ByteBuffer;

/**
 * The text of numpy's fixed-width string dtypes, as numpy stores and reads it.
 *
 * <p>{@code S<n>} holds bytes, which map one to one onto the chars U+0000..U+00FF (Latin-1, so
 * every byte string survives). {@code U<n>} holds UCS-4 code points in the dtype's byte order; a
 * Java surrogate pair is one numpy character. Both are NUL-padded: reading strips trailing NULs as
 * numpy does, and keeps NULs before the last other character.
 *
 * <p>Only Unicode scalar values (U+0000..U+10FFFF without the surrogates U+D800..U+DFFF) are text
 * here. A Java string with a lone surrogate is refused on writing; a code point outside that range
 * in {@code U} data, which numpy stores but cannot always turn into a Python {@code str}, is
 * refused when an element is read as a string, with {@link NpyFormatException}. The bytes
 * themselves are never checked on reading, so such an array still reads, rewrites byte-identical
 * and prints ({@link #codePoints} gives the raw values).
 */
final class FixedWidthText {
    private static final int MAX_CODE_POINT = 0x10FFFF;

    private FixedWidthText() {
    }

    /**
     * The width a string needs: its chars for {@code S}, its code points for {@code U}.
     *
     * @throws IllegalArgumentException if the kind cannot hold the string
     */
    static int widthOf(DType.Kind kind, String value, int index) {
        if (value == null) {
            throw new IllegalArgumentException("string " + index + " is null; numpy strings cannot be null");
        }
        if (kind == DType.Kind.BYTES) {
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) > 0xFF) {
                    throw new IllegalArgumentException("string " + index + " has " + describe(value.codePointAt(i))
                            + " at char " + i + ": an S dtype holds bytes, chars U+0000..U+00FF only");
                }
            }
            return value.length();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("string " + index + " has a lone surrogate " + describe(c)
                        + " at char " + i + ", which is not a Unicode code point a U dtype can hold");
            }
        }
        return value.codePointCount(0, value.length());
    }

    /** The widest of the strings in the kind's characters. */
    static int longest(DType.Kind kind, String[] values) {
        int longest = 0;
        for (int i = 0; i < values.length; i++) {
            longest = Math.max(longest, widthOf(kind, values[i], i));
        }
        return longest;
    }

    /**
     * The elements of a string dtype in C order, NUL-padded, in the dtype's byte order.
     *
     * @throws IllegalArgumentException if a string does not fit the width or the kind
     */
    static ByteBuffer encode(DType dtype, String[] values) {
        int item = dtype.itemSize();
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(values.length, item)).order(dtype.byteOrder());
        for (int i = 0; i < values.length; i++) {
            String value = values[i];
            int width = widthOf(dtype.kind(), value, i);
            if (width > dtype.width()) {
                throw new IllegalArgumentException("string " + i + " has " + width + " characters, more than the "
                        + dtype.width() + " of " + dtype.descr() + ": " + Repr.quoteText(value.codePoints().limit(40).toArray(),
                        dtype.kind()));
            }
            int at = i * item;
            if (dtype.kind() == DType.Kind.BYTES) {
                for (int k = 0; k < value.length(); k++) {
                    out.put(at + k, (byte) value.charAt(k));
                }
            } else {
                int k = 0;
                for (int c = 0; c < value.length(); c += Character.charCount(value.codePointAt(c))) {
                    out.putInt(at + 4 * k++, value.codePointAt(c));
                }
            }
        }
        return out;
    }

    /**
     * The characters of one element up to its last non-NUL one: bytes 0..255 for {@code S},
     * code points as stored (valid or not) for {@code U}.
     */
    static int[] codePoints(ByteBuffer data, DType dtype, int element) {
        int width = dtype.width();
        int unit = dtype.kind().itemSize();
        int at = element * dtype.itemSize();
        int length = width;
        while (length > 0 && charAt(data, unit, at, length - 1) == 0) {
            length--;
        }
        int[] out = new int[length];
        for (int k = 0; k < length; k++) {
            out[k] = charAt(data, unit, at, k);
        }
        return out;
    }

    /**
     * One element as a Java string, trailing NULs stripped.
     *
     * @throws NpyFormatException if a {@code U} element holds a value that is not a Unicode scalar value
     */
    static String decode(ByteBuffer data, DType dtype, int element) {
        int[] chars = codePoints(data, dtype, element);
        if (dtype.kind() == DType.Kind.BYTES) {
            char[] latin1 = new char[chars.length];
            for (int k = 0; k < chars.length; k++) {
                latin1[k] = (char) chars[k];
            }
            return new String(latin1);
        }
        for (int k = 0; k < chars.length; k++) {
            int cp = chars[k];
            if (cp < 0 || cp > MAX_CODE_POINT || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                throw new NpyFormatException("string element " + element + " holds 0x" + Integer.toHexString(cp)
                        + " at character " + k + ", which is not a Unicode scalar value", (long) element * dtype.itemSize() + 4L * k);
            }
        }
        return new String(chars, 0, chars.length);
    }

    private static int charAt(ByteBuffer data, int unit, int at, int k) {
        return unit == 1 ? data.get(at + k) & 0xff : data.getInt(at + 4 * k);
    }

    private static String describe(int cp) {
        return String.format("U+%04X", cp);
    }
}
