package io.github.kafkanpy.examples;

import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;

/**
 * Per-channel statistics of a window, kept as arrays. The running state is float64 of shape
 * (3, channels): count, sum and maximum per channel. The summary a window emits is float32 of
 * shape (3, channels): mean, maximum and count.
 */
public final class ChannelStats {
    private ChannelStats() {
    }

    /**
     * @param channels the number of channels
     * @return the state of an empty window: zero counts and sums, maxima at minus infinity
     */
    public static NdArray empty(int channels) {
        double[] state = new double[3 * channels];
        for (int c = 0; c < channels; c++) {
            state[2 * channels + c] = Double.NEGATIVE_INFINITY;
        }
        return NdArray.of(state, 3, channels);
    }

    /**
     * Adds the samples of one reading to a window's state.
     *
     * @param state float64 (3, channels)
     * @param reading float32 (samples, channels)
     * @return the new state
     */
    public static NdArray add(NdArray state, NdArray reading) {
        int channels = state.shape()[1];
        double[] s = state.toDoubleArray();
        float[] values = reading.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            int c = i % channels;
            s[c] += 1;
            s[channels + c] += values[i];
            s[2 * channels + c] = Math.max(s[2 * channels + c], values[i]);
        }
        return NdArray.of(s, 3, channels);
    }

    /**
     * @param state float64 (3, channels)
     * @return float32 (3, channels): mean, maximum and count per channel
     */
    public static NdArray summary(NdArray state) {
        int channels = state.shape()[1];
        double[] s = state.toDoubleArray();
        float[] out = new float[3 * channels];
        for (int c = 0; c < channels; c++) {
            out[c] = (float) (s[channels + c] / s[c]);
            out[channels + c] = (float) s[2 * channels + c];
            out[2 * channels + c] = (float) s[c];
        }
        return NdArray.of(DType.FLOAT32, out, 3, channels);
    }
}
