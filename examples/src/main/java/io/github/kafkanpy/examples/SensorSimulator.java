package io.github.kafkanpy.examples;

import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import java.util.Random;

/**
 * Deterministic readings of simulated devices: each reading is a burst of {@link #SAMPLES}
 * samples of {@link #CHANNELS} channels of raw 16-bit ADC counts, an int16 array of shape
 * (256, 4), 2 KiB, as a data-acquisition board delivers them in blocks. The same device and index always give the
 * same reading, so tests and the demo can compute what the Streams app must output.
 */
public final class SensorSimulator {
    /** Samples per reading. */
    public static final int SAMPLES = 256;
    /** Channels per sample. */
    public static final int CHANNELS = 4;
    /**
     * Event time of reading 0: the start of the minute an hour before this JVM started, so a run
     * of readings lies in the recent past. (Timestamps months old would roll a log segment per
     * batch and be deleted by the broker's seven-day retention while the demo runs; timestamps
     * over an hour ahead are refused by the broker.)
     */
    public static final long EPOCH_MS = (System.currentTimeMillis() / 60_000 - 60) * 60_000;
    /** Event time between two readings of a device. */
    public static final long INTERVAL_MS = 250;

    private SensorSimulator() {
    }

    /** @return the name of device {@code d}: {@code device-0}, {@code device-1}, ... */
    public static String device(int d) {
        return "device-" + d;
    }

    /** @return the event time of a device's reading {@code index} */
    public static long timestamp(long index) {
        return EPOCH_MS + index * INTERVAL_MS;
    }

    /**
     * Reading {@code index} of a device: a sine per channel with its own frequency and phase,
     * plus noise, as int16 counts.
     *
     * @param device the device name
     * @param index the reading's sequence number
     * @return int16 counts of shape (256, 4)
     */
    public static NdArray reading(String device, long index) {
        Random noise = new Random(device.hashCode() * 1_000_003L + index);
        short[] counts = new short[SAMPLES * CHANNELS];
        for (int t = 0; t < SAMPLES; t++) {
            double time = (index * SAMPLES + t) / 64.0;
            for (int c = 0; c < CHANNELS; c++) {
                double value = 8000 * Math.sin(time * (c + 1) + device.hashCode() % 7) + noise.nextGaussian() * 300;
                counts[t * CHANNELS + c] = (short) Math.round(value);
            }
        }
        return NdArray.of(counts, SAMPLES, CHANNELS);
    }
}
