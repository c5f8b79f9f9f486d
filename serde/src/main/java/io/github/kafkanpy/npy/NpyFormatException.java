package io.github.kafkanpy.npy;

/**
 * The input is not an NPY array that kafka-npy accepts.
 *
 * <p>Every refusal of malformed, truncated, hostile or unsupported NPY, NPZ or JSON-envelope input
 * is one of these: the message names the problem in words a user understands and ends with the
 * byte offset where it was found, which {@link #offset()} also returns. It is unchecked because
 * malformed input is a property of the data, not a recoverable condition of the call; the Kafka
 * serdes wrap it in Kafka's {@code SerializationException}. A compressed payload the
 * decompressors refuse is a {@link io.github.kafkanpy.compress.CompressionException} instead;
 * both are {@link NpyException}s.
 */
public class NpyFormatException extends NpyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong, without the offset
     * @param offset the byte offset in the input where the problem was found
     */
    public NpyFormatException(String problem, long offset) {
        super(problem, offset);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param problem what is wrong, without the offset
     * @param offset the byte offset in the input where the problem was found
     * @param cause the underlying failure
     */
    public NpyFormatException(String problem, long offset, Throwable cause) {
        super(problem, offset, cause);
    }
}
