package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** Writing and reading NPZ archives in Java; numpy's side is {@link NpzInteropTest}. */
class NpzTest {

    private static Map<String, NdArray> sample() {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("zeta", NdArray.of(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 2, 3).toFortranOrder());
        arrays.put("alpha", NdArray.of(new long[] {1, -2, 3}).withByteOrder(ByteOrder.BIG_ENDIAN));
        arrays.put("dir/sub/m", NdArray.of(new double[] {0.5}, new int[0]));
        arrays.put("temp\u00e9rature \u6570\u636e \ud83d\ude00", NdArray.of(new boolean[] {true, false}));
        arrays.put("empty", NdArray.of(new short[0], 0, 4));
        return arrays;
    }

    @Test
    void storedAndDeflatedArchivesReadBackInMapOrder() {
        Map<String, NdArray> arrays = sample();
        for (byte[] npz : List.of(Npz.toBytes(arrays), Npz.toBytes(arrays, true), Npz.toBytes(arrays, false),
                Npz.compressed(arrays, 1), Npz.compressed(arrays, 9))) {
            Map<String, NdArray> back = Npz.read(npz);
            assertEquals(new ArrayList<>(arrays.keySet()), new ArrayList<>(back.keySet()));
            assertEquals(arrays, back);
            assertTrue(back.get("zeta").fortranOrder());
            assertEquals(ByteOrder.BIG_ENDIAN, back.get("alpha").dtype().byteOrder());
        }
    }

    @Test
    void storedEntriesAreViewsOverTheInput() {
        byte[] npz = Npz.toBytes(Map.of("a", NdArray.of(new byte[] {1, 2, 3})));
        NdArray a = Npz.read(npz).get("a");
        npz[ZipCraft.data(npz, 0) + Npy.header(a).length + 1] = 42;
        assertEquals(42, a.getLong(1));
    }

    @Test
    void deflatedEntriesAreSmallerAtHigherLevels() {
        Map<String, NdArray> arrays = Map.of("r", NdArray.of(new double[20_000]));
        int stored = Npz.toBytes(arrays).length;
        int fast = Npz.compressed(arrays, 1).length;
        int best = Npz.compressed(arrays, 9).length;
        assertTrue(best <= fast && fast < stored / 10, stored + " " + fast + " " + best);
        assertThrows(IllegalArgumentException.class, () -> Npz.compressed(arrays, 0));
        assertThrows(IllegalArgumentException.class, () -> Npz.compressed(arrays, 10));
    }

    @Test
    void readingADirectBufferNeitherCopiesNorMovesIt() {
        byte[] npz = Npz.toBytes(sample());
        ByteBuffer direct = ByteBuffer.allocateDirect(npz.length + 10).position(10).put(npz).position(10);
        Map<String, NdArray> back = Npz.read(direct);
        assertEquals(sample(), back);
        assertEquals(10, direct.position());
        assertEquals(npz.length + 10, direct.limit());
        assertTrue(back.get("zeta").data().isDirect());
    }

    @Test
    void anEmptyMapIsAnEmptyArchiveOfOnlyAnEndRecord() {
        byte[] npz = Npz.toBytes(Map.of(), true);
        assertEquals(22, npz.length);
        assertEquals(Map.of(), Npz.read(npz));
    }

    @Test
    void theReturnedMapIsUnmodifiable() {
        Map<String, NdArray> back = Npz.read(Npz.toBytes(sample()));
        assertThrows(UnsupportedOperationException.class, () -> back.remove("zeta"));
    }

    @Test
    void zip64EndRecordsAreRead() {
        byte[] npz = ZipCraft.withZip64End(Npz.toBytes(sample(), true), sample().size());
        assertEquals(sample(), Npz.read(npz));
    }

    @Test
    void zip64OffsetsInCentralHeadersAreRead() {
        assertArrayEquals(new float[] {1f, 2f, 3f}, Npz.read(ZipCraft.withZip64Offset(0)).get("x").toFloatArray());
    }

    @Test
    void deflatedEntriesWithDataDescriptorsAreRead() {
        byte[] npy = Npy.toBytes(NdArray.of(new int[] {7, 8, 9}));
        byte[] zip = ZipCraft.zip(ZipEntry.DEFLATED, new String[] {"x.npy", "y/z.npy"}, new byte[][] {npy, npy});
        Map<String, NdArray> back = Npz.read(zip);
        assertEquals(List.of("x", "y/z"), new ArrayList<>(back.keySet()));
        assertArrayEquals(new int[] {7, 8, 9}, back.get("y/z").toIntArray());
    }

    @Test
    void maxEntriesIsTheMostThatCanBeWrittenAndRead() {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        NdArray one = NdArray.of(new byte[] {1});
        for (int i = 0; i < Npz.MAX_ENTRIES; i++) {
            arrays.put("e" + i, one);
        }
        assertEquals(Npz.MAX_ENTRIES, Npz.read(Npz.toBytes(arrays)).size());
        arrays.put("one too many", one);
        assertThrows(IllegalArgumentException.class, () -> Npz.toBytes(arrays));
    }

    @Test
    void theLimitCountsInflatedBytes() {
        Map<String, NdArray> arrays = Map.of("z", NdArray.of(new byte[10_000]));
        byte[] npz = Npz.toBytes(arrays, true);
        long total = Npy.toBytes(arrays.get("z")).length;
        assertEquals(arrays, Npz.read(npz, total));
        assertThrows(NpyFormatException.class, () -> Npz.read(npz, total - 1));
        assertEquals(256L << 20, Npz.DEFAULT_MAX_TOTAL_BYTES);
    }
}
