package io.github.kafkanpy.npy;

/**
 * The root of every exception kafka-npy throws for bad input, so one {@code catch} covers them all.
 *
 * <p>Its subclasses say where the problem lies: {@link NpyFormatException} for an NPY, NPZ or
 * JSON-envelope payload the codec refuses, and
 * {@link io.github.kafkanpy.compress.CompressionException} for a compressed payload that is
 * corrupt or inflates past its limit. The message names the problem and ends with the byte
 * offset where it was found, which {@link #offset()} also returns. The Kafka serdes wrap either
 * in Kafka's {@code SerializationException}.
 *
 * <pre>{@code
 * try {
 *     NdArray array = Npy.read(Compression.detect(payload).decompress(payload, limit));
 * } catch (NpyException refused) {
 *     log.warn("dropping a bad array at byte {}: {}", refused.offset(), refused.getMessage());
 * }
 * }</pre>
 */
public abstract class NpyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The byte offset of the problem in the input. */
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong, without the offset
     * @param offset the byte offset in the input where the problem was found
     */
    protected NpyException(String problem, long offset) {
        super(problem + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param problem what is wrong, without the offset
     * @param offset the byte offset in the input where the problem was found
     * @param cause the underlying failure
     */
    protected NpyException(String problem, long offset, Throwable cause) {
        super(problem + " (at byte " + offset + ")", cause);
        this.offset = offset;
    }

    /** @return the byte offset in the input where the problem was found */
    public long offset() {
        return offset;
    }
}
