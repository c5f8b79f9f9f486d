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
     * What Jazzer's instrumentation itself allocates per run (its comparison and regex hooks):
     * about 1.2 MB for a 206-byte header that costs 4 KB uninstrumented.
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

    private static long measure(Runnable decode) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        decode.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
