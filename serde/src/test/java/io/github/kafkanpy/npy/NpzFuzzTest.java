package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.kafkanpy.AllocationBudget;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Coverage-guided fuzzing of {@link Npz#read}: for any input the result is a map of arrays or an
 * {@link NpyFormatException}, never another exception, never a hang, and never an allocation
 * beyond a small multiple of the input plus what the limit lets entries inflate to. Arrays that
 * are read must write back, stored and deflated, to archives that read as the same arrays.
 * Seeds: {@code NpzFuzzTestInputs/}, archives numpy's {@code np.savez} wrote.
 */
@org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class NpzFuzzTest {
    private static final long LIMIT = 1 << 20;

    @FuzzTest
    void readEitherReturnsArraysOrRefusesTheInput(byte[] input) {
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length).put(input).flip();
        AllocationBudget.assertWithin(AllocationBudget.INSTRUMENTATION + 8L * input.length + 3 * LIMIT, "Npz.read", () -> {
            try {
                Npz.read(direct, LIMIT);
            } catch (NpyFormatException refused) {
                AllocationBudget.assertDeliberate(refused);
                assertTrue(refused.offset() >= 0 && refused.offset() <= input.length, refused.getMessage());
            }
        });
        Map<String, NdArray> arrays;
        try {
            arrays = Npz.read(direct, LIMIT);
        } catch (NpyFormatException refused) {
            return;
        }
        assertEquals(arrays, Npz.read(Npz.toBytes(arrays)));
        assertEquals(arrays, Npz.read(Npz.toBytes(arrays, true)));
    }
}
