package io.github.kafkanpy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

/**
 * Checks that decoding an input allocates no more than a budget, measured on the current thread.
 * A first run over budget is repeated once: loading and initialising classes for a code path the
 * JVM has not taken before costs memory once, while a hostile input costs it every time.
 */
public final class AllocationBudget {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Room for what Jazzer's instrumentation itself allocates per run, in fuzzing and in
     * regression runs alike (its comparison and regex hooks: about 1.2 MB for a 206-byte header
     * that costs 4 KB uninstrumented). The tight bounds without instrumentation are checked by
     * MalformedNpyTest and SerdeRefusalTest.
     */
    public static final long INSTRUMENTATION = 4L << 20;

    private AllocationBudget() {
    }

    /**
     * Runs {@code decode} and fails if it allocated more than {@code budget} bytes twice in a row.
     *
     * @param budget the most bytes one run may allocate
     * @param what what is decoded, for the message
     * @param decode the decoding, which handles its own expected exceptions
     */
    public static void assertWithin(long budget, String what, Runnable decode) {
        long allocated = measure(decode);
        if (allocated > budget) {
            allocated = measure(decode);
        }
        assertTrue(allocated <= budget, what + " allocated " + allocated + " bytes, over its budget of " + budget);
    }

    /**
     * Fails unless every cause in the chain of a refusal is one the decoders mean to throw: the
     * library's own exceptions, I/O and format errors of the codec libraries, and the
     * IllegalArgumentException of its parsers. A NullPointerException, an index out of bounds,
     * an arithmetic overflow or a NumberFormatException anywhere in the chain is a bug that a
     * catch-all wrapped into a refusal.
     *
     * @param refusal the exception the decoder threw
     */
    public static void assertDeliberate(Throwable refusal) {
        for (Throwable t = refusal; t != null; t = t.getCause()) {
            boolean deliberate = t instanceof io.github.kafkanpy.npy.NpyException
                    || t instanceof org.apache.kafka.common.errors.SerializationException
                    || t instanceof java.io.IOException
                    || t instanceof java.util.zip.DataFormatException
                    || t.getClass().getName().equals("com.github.luben.zstd.ZstdException")
                    || t.getClass() == IllegalArgumentException.class;
            if (!deliberate) {
                throw new AssertionError("a refusal wraps an unexpected " + t.getClass().getName(), refusal);
            }
        }
    }

    private static long measure(Runnable decode) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        decode.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
