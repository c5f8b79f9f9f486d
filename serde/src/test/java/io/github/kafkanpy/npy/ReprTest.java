package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkanpy.AllocationBudget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NdArray#toString()} costs memory for what it prints, whatever the array's size (Kafka's
 * console consumer prints every record), and prints summarised, many-dimensional and
 * Fortran-order arrays, strings with Python's quoting and escapes among them, exactly as numpy 2's
 * {@code repr}.
 */
class ReprTest {
    private static final long ONE_MIB = 1L << 20;

    @Test
    void reprOfA64MiBArrayAllocatesLessThan1MiB() {
        NdArray array = NdArray.wrap(DType.UINT8, ByteBuffer.allocate(64 << 20), false, 64 << 20);
        AllocationBudget.assertWithin(ONE_MIB, "repr of a 64 MiB uint8 array", array::toString);
    }

    @Test
    void reprOfA64MiBFortranOrder3dArrayAllocatesLessThan1MiB() {
        NdArray array = NdArray.wrap(DType.FLOAT32, ByteBuffer.allocate(64 << 20), true, 256, 256, 256);
        AllocationBudget.assertWithin(ONE_MIB, "repr of a 64 MiB Fortran-order float32 array", array::toString);
    }

    @Test
    void reprOfA64MiBFortranOrderStringArrayAllocatesLessThan1MiB() {
        NdArray array = NdArray.wrap(DType.str(16, ByteOrder.BIG_ENDIAN), ByteBuffer.allocate(64 << 20), true, 1024, 1024);
        AllocationBudget.assertWithin(ONE_MIB, "repr of a 64 MiB Fortran-order >U16 array", array::toString);
    }

    @Test
    void aSummarisedFortranOrderArrayPrintsLikeTheSameElementsInCOrder() {
        NdArray fortran = sample(DType.FLOAT64, 1, true, 40, 30, 20);
        assertEquals(true, fortran.fortranOrder());
        assertEquals(inCOrder(fortran).toString(), fortran.toString());
    }

    @Test
    void aSummaryFormatsFloatsFromTheShownEdgesOnly() {
        double[] values = new double[2000];
        Arrays.fill(values, 1.5);
        values[1000] = 1e20;
        values[1001] = 1e-20;
        // numpy 2.4: repr(a) of np.full(2000, 1.5) with a[1000], a[1001] = 1e20, 1e-20
        assertEquals("array([1.5, 1.5, 1.5, ..., 1.5, 1.5, 1.5], shape=(2000,))", NdArray.of(values).toString());
    }

    @Test
    @Tag("integration")
    void summarisedAndFortranOrderArraysPrintAsNumpy2sRepr(@TempDir Path dir) throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("u1_c_2000", sample(DType.UINT8, 2, false, 2000));
        arrays.put("f4_f_40x30x20", sample(DType.FLOAT32, 3, true, 40, 30, 20));
        arrays.put("f8_f_1200x3", sample(DType.FLOAT64, 4, true, 1200, 3));
        arrays.put("i2_f_7x8x9x10", sample(DType.INT16, 5, true, 7, 8, 9, 10));
        arrays.put("c8_f_50x40", sample(DType.COMPLEX64, 6, true, 50, 40));
        arrays.put("b1_f_30x40", sample(DType.BOOL, 7, true, 30, 40));
        arrays.put("u8_f_10x200", sample(DType.UINT64, 8, true, 10, 200));
        arrays.put("f2_f_3x500", sample(DType.FLOAT16, 9, true, 3, 500));
        arrays.put("f8be_f_33x34", sample(DType.FLOAT64.withByteOrder(ByteOrder.BIG_ENDIAN), 10, true, 33, 34));
        arrays.put("i8_c_5x6x7x8", sample(DType.INT64, 11, false, 5, 6, 7, 8));
        arrays.put("f8_f_4x5x3", sample(DType.FLOAT64, 12, true, 4, 5, 3));
        arrays.put("S3_f_40x30", sample(DType.bytes(3), 13, true, 40, 30));
        arrays.put("U2be_c_1500", sample(DType.str(2, ByteOrder.BIG_ENDIAN), 14, false, 1500));
        arrays.put("U9_f_3x4", NdArray.of(new String[] {"", "it's", "say \"hi\"", "both ' \"", "tab\t\n\\", "\0mid\0x",
                "\u007f\u0080\u00a0\u00e9", "\u200b\u2028\u3000\ue000", "\uD83D\uDE00\uD83E\uDD72", "\u0378\u00ad",
                "x".repeat(9), "\u0000"}, 3, 4).toFortranOrder());
        // numpy 2 turns scientific at 10 ** min(8, finfo(dtype).precision), so each float width has its own cutoff
        arrays.put("f2_c_999", NdArray.of(DType.FLOAT16, new short[] {Float16.fromFloat(999f)}, 1));
        arrays.put("f2_c_1000", NdArray.of(DType.FLOAT16, new short[] {Float16.fromFloat(1000f)}, 1));
        arrays.put("f2_c_max", NdArray.of(DType.FLOAT16, new short[] {Float16.fromFloat(-65504f)}));
        arrays.put("f4_c_999999", NdArray.of(new float[] {999999f, 2f}, 2));
        arrays.put("f4_c_1e6", NdArray.of(new float[] {1e6f}, 1));
        arrays.put("c8_c_1e6", NdArray.of(DType.COMPLEX64, new float[] {1e6f, 1f}, 1));
        arrays.put("f8_c_99999999", NdArray.of(new double[] {99999999.0}, 1));
        arrays.put("f8_c_1e8", NdArray.of(new double[] {1e8}, 1));
        double[] hidden = new double[1500];
        Arrays.fill(hidden, 0.25);
        hidden[700] = 1e30;
        arrays.put("f8_f_hidden_middle", NdArray.wrap(DType.FLOAT64, NdArray.of(hidden).data(), true, 30, 50));
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            Files.write(dir.resolve(e.getKey() + ".npy"), Npy.toBytes(e.getValue()));
        }
        String out = NumpyCorpus.runProgram(NumpyCorpus.DEFAULT_PYTHON, String.join("\n",
                "import os, sys, numpy as np",
                "for f in sorted(os.listdir(sys.argv[1])):",
                "    a = np.load(os.path.join(sys.argv[1], f))",
                "    print(f[:-4] + '\\t' + repr(a).encode('utf-8').hex())"), dir);
        Map<String, String> numpy = new LinkedHashMap<>();
        // hex, because a string's repr holds backslashes and newlines of its own
        out.lines().map(line -> line.split("\t", 2))
                .forEach(f -> numpy.put(f[0], new String(HexFormat.of().parseHex(f[1]), StandardCharsets.UTF_8)));
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            assertEquals(numpy.get(e.getKey()), e.getValue().toString(), e.getKey());
        }
    }

    /**
     * An array of arbitrary bits (bools 0 or 1) in C or Fortran layout: NaNs, infinities,
     * subnormals and extremes included.
     */
    private static NdArray sample(DType dtype, long seed, boolean fortran, int... shape) {
        int size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        byte[] bits = new byte[size * dtype.itemSize()];
        new SplittableRandom(seed).nextBytes(bits);
        if (dtype.kind() == DType.Kind.BOOL) {
            for (int i = 0; i < bits.length; i++) {
                bits[i] &= 1;
            }
        }
        return NdArray.wrap(dtype, ByteBuffer.wrap(bits), fortran, shape);
    }

    /** The same elements laid out in C order, copied here element by element through getDouble. */
    private static NdArray inCOrder(NdArray array) {
        int[] shape = array.shape();
        double[] values = new double[(int) array.size()];
        int[] index = new int[shape.length];
        for (int c = 0; c < values.length; c++) {
            values[c] = array.getDouble(index);
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return NdArray.of(array.dtype(), values, shape);
    }
}
