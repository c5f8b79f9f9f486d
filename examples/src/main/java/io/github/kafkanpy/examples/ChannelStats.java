package io.github.kafkanpy.examples;

import io.github.kafkanpy.npy.NdArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-channel statistics of a window, kept as arrays. The running state is float64 of shape
 * (3, channels): count, sum and maximum per channel. The summary a window emits holds named
 * arrays per channel (mean, maximum, count) and the device's name.
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
     * A window's statistics as named arrays, the entries of the NPZ record the window emits.
     *
     * @param device the device, stored as a 0-d numpy {@code U} string
     * @param state float64 (3, channels)
     * @return {@code mean} and {@code max} float32 (channels), {@code count} int64 (channels) and
     *         {@code device}, in that order
     */
    public static Map<String, NdArray> summary(String device, NdArray state) {
        int channels = state.shape()[1];
        double[] s = state.toDoubleArray();
        float[] mean = new float[channels];
        float[] max = new float[channels];
        long[] count = new long[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) (s[channels + c] / s[c]);
            max[c] = (float) s[2 * channels + c];
            count[c] = (long) s[c];
        }
        Map<String, NdArray> summary = new LinkedHashMap<>();
        summary.put("mean", NdArray.of(mean, channels));
        summary.put("max", NdArray.of(max, channels));
        summary.put("count", NdArray.of(count, channels));
        summary.put("device", NdArray.of(new String[] {device}).reshape());
        return Collections.unmodifiableMap(summary);
    }
}
