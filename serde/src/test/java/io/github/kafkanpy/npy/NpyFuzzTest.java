package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.kafkanpy.AllocationBudget;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of {@link Npy#read}: for any input the result is an array or an
 * {@link NpyFormatException}, never another exception, never a hang, and never an allocation
 * beyond a small multiple of the input. An array that is read must write back to an NPY file
 * that reads as the same array. Seeds: {@code NpyFuzzTestInputs/}, numpy's own files.
 */
@org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class NpyFuzzTest {

    @FuzzTest
    void readEitherReturnsAnArrayOrRefusesTheInput(byte[] input) {
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length).put(input).flip();
        AllocationBudget.assertWithin(AllocationBudget.INSTRUMENTATION + 8L * input.length, "Npy.read", () -> {
            try {
                Npy.read(direct);
            } catch (NpyFormatException refused) {
                AllocationBudget.assertDeliberate(refused);
                assertTrue(refused.offset() >= 0 && refused.offset() <= input.length, refused.getMessage());
            }
        });
        NdArray array;
        try {
            array = Npy.read(direct);
        } catch (NpyFormatException refused) {
            return;
        }
        assertTrue(array.nbytes() <= input.length);
        NdArray again = Npy.read(Npy.toBytes(array));
        assertEquals(array.toCOrder(), again.toCOrder());
        assertEquals(array.toString(), again.toString());
    }
}
