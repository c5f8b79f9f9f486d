package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of {@link Npy#read}: for any input the result is an array or an
 * {@link NpyFormatException}, never another exception, never a hang, and never an allocation
 * beyond a small multiple of the input. An array that is read must write back to an NPY file
 * that reads as the same array. Seeds: {@code NpyFuzzTestInputs/}, numpy's own files.
 */
class NpyFuzzTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        // load and initialise the reader's classes first, so allocation checks see only the input's cost
        Npy.read(Npy.toBytes(NdArray.of(new float[] {1}))).toString();
    }

    @FuzzTest
    void readEitherReturnsAnArrayOrRefusesTheInput(byte[] input) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        NdArray array;
        try {
            array = Npy.read(ByteBuffer.allocateDirect(input.length).put(input).flip());
        } catch (NpyFormatException refused) {
            assertAllocatedLittle(before, input.length);
            return;
        }
        assertAllocatedLittle(before, input.length);
        assertTrue(array.nbytes() <= input.length);
        NdArray again = Npy.read(Npy.toBytes(array));
        assertEquals(array.toCOrder(), again.toCOrder());
        assertEquals(array.toString(), again.toString());
    }

    private static void assertAllocatedLittle(long before, int inputLength) {
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024 * 1024 + 8L * inputLength, "allocated " + allocated + " bytes for " + inputLength);
    }
}
