package io.github.kafkanpy.compress;

import io.github.kafkanpy.npy.NpyException;

/**
 * A compressed payload that a decompressor refuses: a corrupt or truncated frame, a checksum that
 * does not match, or output that would pass its limit or the length its content promises.
 *
 * <p>The message names the codec and the problem and ends with the byte offset in the compressed
 * input where it was found, which {@link #offset()} also returns. A refusal of the decompressed
 * NPY content itself stays an {@link io.github.kafkanpy.npy.NpyFormatException}; both are
 * {@link NpyException}s, and the Kafka serdes wrap either in Kafka's {@code SerializationException}.
 */
public class CompressionException extends NpyException {
    private static final long serialVersionUID = 1L;

    /** What is wrong, without the offset. */
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong, without the offset
     * @param offset the byte offset in the compressed input where the problem was found
     */
    public CompressionException(String problem, long offset) {
        super(problem, offset);
        this.problem = problem;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param problem what is wrong, without the offset
     * @param offset the byte offset in the compressed input where the problem was found
     * @param cause the underlying failure
     */
    public CompressionException(String problem, long offset, Throwable cause) {
        super(problem, offset, cause);
        this.problem = problem;
    }

    /** The same problem found {@code by} bytes further into an enclosing input, such as a filter frame's codec frames. */
    CompressionException shifted(long by) {
        return new CompressionException(problem, offset() + by, getCause() != null ? getCause() : this);
    }
}
