package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** numpy's fixed-width {@code S} and {@code U} dtypes: spellings, Java access, refusals and zero width. */
class StringArrayTest {
    private static final String GRIN = "\uD83D\uDE00"; // U+1F600, one numpy character, two Java chars

    @Test
    void parseAcceptsNumpysStringSpellings() {
        String[][] cases = {
            {"S5", "|S5"}, {"|S5", "|S5"}, {"<S5", "|S5"}, {">S5", "|S5"}, {"a5", "|S5"}, {"c", "|S1"}, {"<c", "|S1"},
            {"U10", "<U10"}, {"<U10", "<U10"}, {">U10", ">U10"}, {"|U10", "<U10"}, {"=U10", "<U10"},
            {"S", "|S0"}, {"U", "<U0"}, {"S0", "|S0"}, {"S00", "|S0"}, {"S+5", "|S5"}, {"S 5", "|S5"}, {"U+3", "<U3"},
            {"str", "<U0"}, {"str_", "<U0"}, {"unicode", "<U0"}, {"bytes", "|S0"}, {"bytes_", "|S0"},
            {"()U3", "<U3"}, {">()U3", ">U3"}, {"U536870911", "<U536870911"}, {"S2147483647", "|S2147483647"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], DType.parse(c[0]).descr(), c[0]);
        }
    }

    @Test
    void parseRefusesWhatNumpy2Refuses() {
        for (String spelling : new String[] {"string_", "unicode_", "U-1", "U536870912", "S2147483648", "c1", "Sx", "V5"}) {
            assertThrows(IllegalArgumentException.class, () -> DType.parse(spelling), spelling);
        }
    }

    @Test
    void stringDTypesDescribeThemselvesAsNumpyDoes() {
        assertEquals("|S5", DType.bytes(5).descr());
        assertEquals("<U10", DType.str(10).descr());
        assertEquals(">U10", DType.str(10, ByteOrder.BIG_ENDIAN).descr());
        assertEquals(40, DType.str(10).itemSize());
        assertEquals(10, DType.str(10).width());
        assertEquals("dtype('S5')", DType.bytes(5).toString());
        assertEquals("dtype('<U10')", DType.str(10).toString());
        assertEquals("dtype('S')", DType.bytes(0).toString());
        assertEquals("dtype('<U')", DType.str(0).toString());
        assertEquals(DType.bytes(5), DType.bytes(5).withByteOrder(ByteOrder.BIG_ENDIAN));
        assertTrue(!DType.str(3).equals(DType.str(4)));
        assertTrue(DType.Kind.STR.isString() && DType.Kind.BYTES.isString() && !DType.Kind.UINT8.isString());
        assertThrows(IllegalArgumentException.class, () -> DType.of(DType.Kind.STR, ByteOrder.LITTLE_ENDIAN));
        assertThrows(IllegalArgumentException.class, () -> DType.bytes(-1));
    }

    @Test
    void ofStringsIsAsWideAsTheLongestInCodePointsAndAtLeastOne() {
        assertEquals(DType.str(4), NdArray.of(new String[] {"Emma", "Zo\u00eb", GRIN}).dtype());
        assertEquals(DType.str(3), NdArray.of(new String[] {GRIN + GRIN + GRIN}).dtype());
        assertEquals(DType.str(1), NdArray.of(new String[] {"", ""}).dtype());
        assertEquals(DType.str(1), NdArray.of(new String[0]).dtype());
    }

    @Test
    void astralCharactersAreOneNumpyCharacterEach() {
        NdArray a = NdArray.of(DType.str(2), new String[] {GRIN + "x"});
        ByteBuffer data = a.data();
        assertEquals(0x1F600, data.getInt(0));
        assertEquals('x', data.getInt(4));
        assertEquals(GRIN + "x", a.getString(0));
    }

    @Test
    void readingStripsTrailingNulsAndKeepsTheOthers() {
        NdArray u = NdArray.of(DType.str(6), new String[] {"a\0b\0\0", "\0lead"});
        assertArrayEquals(new String[] {"a\0b", "\0lead"}, u.toStringArray());
        NdArray s = NdArray.of(DType.bytes(6), new String[] {"a\0b\0\0", "\0lead"});
        assertArrayEquals(new String[] {"a\0b", "\0lead"}, s.toStringArray());
    }

    @Test
    void bytesMapOneToOneOntoLatin1Chars() {
        char[] all = new char[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (char) i;
        }
        String every = new String(all) + "x";
        NdArray a = NdArray.of(DType.bytes(257), new String[] {every});
        assertEquals(every, a.getString(0));
        byte[] raw = new byte[257];
        a.data().get(raw);
        assertEquals(every, new String(raw, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aValueTooWideIsRefusedNotTruncated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.of(DType.str(3), new String[] {"ok", "toolong"}));
        assertTrue(e.getMessage().contains("string 1 has 7 characters, more than the 3 of <U3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(DType.bytes(1), new String[] {"ab"}));
        assertEquals(GRIN, NdArray.of(DType.str(1), new String[] {GRIN}).getString(0));
    }

    @Test
    void bytesRefuseCharsAboveFFAndTextRefusesLoneSurrogatesAndNulls() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.of(DType.bytes(5), new String[] {"\u20ac"}));
        assertTrue(e.getMessage().contains("U+20AC"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new String[] {"a\uD800"}));
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new String[] {"\uDC00a"}));
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new String[] {"a", null}));
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(DType.INT32, new String[] {"1"}));
    }

    @Test
    void codeUnitsThatAreNotUnicodeScalarValuesReadAndPrintButRefuseToBecomeStrings() {
        ByteBuffer bits = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        bits.putInt(0, 'a').putInt(4, 0x110000).putInt(8, 0xD800).putInt(12, 0xDC00).putInt(16, 'b').putInt(20, -1);
        NdArray a = NdArray.wrap(DType.str(2), bits, false, 3);
        NpyFormatException beyond = assertThrows(NpyFormatException.class, () -> a.getString(0));
        assertTrue(beyond.getMessage().contains("0x110000"), beyond.getMessage());
        assertEquals(4, beyond.offset());
        assertThrows(NpyFormatException.class, () -> a.getString(1));
        assertThrows(NpyFormatException.class, a::toStringArray);
        // what numpy 2 prints for the same bytes
        assertEquals("array(['a\\U00110000', '\\ud800\\udc00', 'b\\Uffffffff'], dtype='<U2')", a.toString());
        byte[] npy = Npy.toBytes(a);
        assertArrayEquals(npy, Npy.toBytes(Npy.read(npy)));
    }

    @Test
    void elementAccessHonoursFortranOrder() {
        String[] values = {"a", "b", "c", "d", "e", "f"};
        NdArray c = NdArray.of(DType.str(1, ByteOrder.BIG_ENDIAN), values, 2, 3);
        NdArray f = c.toFortranOrder();
        assertTrue(f.fortranOrder());
        assertEquals("d", f.getString(1, 0));
        assertEquals("c", f.getString(0, 2));
        assertArrayEquals(values, f.toStringArray());
        assertArrayEquals(values, c.withByteOrder(ByteOrder.LITTLE_ENDIAN).toStringArray());
    }

    @Test
    void fromJavaAndToJavaCarryNestedStrings() {
        String[][] nested = {{"a", "bc"}, {GRIN, ""}};
        NdArray a = NdArray.fromJava(nested);
        assertEquals(DType.str(2), a.dtype());
        assertArrayEquals(new int[] {2, 2}, a.shape());
        assertArrayEquals(nested, (String[][]) a.toJava());
        NdArray scalar = NdArray.fromJava("Emma");
        assertEquals(0, scalar.ndim());
        assertEquals("Emma", scalar.toJava());
        NdArray bytes = NdArray.fromJava(DType.bytes(3), new String[] {"x", "yz"});
        assertEquals("|S3", bytes.dtype().descr());
        assertThrows(IllegalArgumentException.class, () -> NdArray.fromJava(DType.bytes(3), new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> NdArray.fromJava(DType.INT32, new String[] {"1"}));
    }

    @Test
    void numericAccessorsRefuseStringArrays() {
        NdArray a = NdArray.of(new String[] {"1"});
        assertThrows(UnsupportedOperationException.class, () -> a.getDouble(0));
        assertThrows(UnsupportedOperationException.class, () -> a.getLong(0));
        assertThrows(UnsupportedOperationException.class, a::toDoubleArray);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, a::toIntArray);
        assertTrue(e.getMessage().contains("toStringArray"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> NdArray.of(new double[] {1.5}).getString(0));
    }

    @Test
    void zeroWidthStringsNeverDivideByZero() {
        NdArray s0 = NdArray.wrap(DType.bytes(0), ByteBuffer.allocate(0), false, 3);
        assertEquals(3, s0.size());
        assertArrayEquals(new String[] {"", "", ""}, s0.toStringArray());
        byte[] npy = Npy.toBytes(s0);
        NdArray back = Npy.read(npy);
        assertEquals(s0, back);
        assertEquals("array([b'', b'', b''], dtype='|S0')", back.toString());
        assertEquals(NdArray.wrap(DType.str(0), ByteBuffer.allocate(0), false, 2, 2).withByteOrder(ByteOrder.BIG_ENDIAN).size(), 4);
    }

    @Test
    void aZeroWidthHeaderWithMoreElementsThanJavaIndexesIsRefused() {
        NdArray small = NdArray.wrap(DType.bytes(0), ByteBuffer.allocate(0), false, 1);
        String header = new String(Npy.header(small), StandardCharsets.ISO_8859_1)
                .replace("(1,), }", "(50000, 50000, 50000), }").substring(10);
        ByteBuffer npy = ByteBuffer.allocate(10 + header.length()).put(Npy.header(small), 0, 8)
                .put((byte) header.length()).put((byte) 0).put(header.getBytes(StandardCharsets.ISO_8859_1));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(npy.array()));
        assertTrue(e.getMessage().contains("more than a Java array holds"), e.getMessage());
    }
}
