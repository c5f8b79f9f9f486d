package io.github.kafkanpy.npy;

/**
 * The input is not an NPY array that kafka-npy accepts.
 *
 * <p>Every refusal of malformed, truncated, hostile or unsupported input by the codec and the
 * decompressors is one of these: the message names the problem in words a user understands and
 * ends with the byte offset where it was found, which {@link #offset()} also returns. It is
 * unchecked because malformed input is a property of the data, not a recoverable condition of
 * the call; the Kafka serdes wrap it in Kafka's {@code SerializationException}.
 */
public class NpyFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The byte offset of the problem in the input. */
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong, without the offset
     * @param offset the byte offset in the input where the problem was found
     */
    public NpyFormatException(String problem, long offset) {
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
    public NpyFormatException(String problem, long offset, Throwable cause) {
        super(problem + " (at byte " + offset + ")", cause);
        this.offset = offset;
    }

    /** @return the byte offset in the input where the problem was found */
    public long offset() {
        return offset;
    }
}
