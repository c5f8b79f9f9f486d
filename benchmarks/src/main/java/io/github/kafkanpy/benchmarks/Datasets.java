package io.github.kafkanpy.benchmarks;

import io.github.kafkanpy.examples.SensorSimulator;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import java.util.Random;

/** The arrays every benchmark uses, generated deterministically. */
final class Datasets {
    private Datasets() {
    }

    /** The float32 sizes of issue 5, plus the uint8 image. */
    static final String[] ALL = {"emb2KiB", "f32_64KiB", "f32_1MiB", "f32_16MiB", "img224x224x3"};

    static boolean isImage(String name) {
        return name.startsWith("img");
    }

    static int[] shape(String name) {
        switch (name) {
            case "emb2KiB": return new int[] {512};
            case "f32_64KiB": return new int[] {128, 128};
            case "f32_1MiB": return new int[] {512, 512};
            case "f32_16MiB": return new int[] {2048, 2048};
            case "img224x224x3": return new int[] {224, 224, 3};
            default: throw new IllegalArgumentException(name);
        }
    }

    static int size(String name) {
        int n = 1;
        for (int d : shape(name)) {
            n *= d;
        }
        return n;
    }

    /** Random-normal float32 values, as embeddings are. */
    static float[] floats(String name) {
        Random random = new Random(name.hashCode());
        float[] v = new float[size(name)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** An image with structure: gradients and blobs plus a little noise. */
    static byte[] image(int height, int width) {
        return image(height, width, 224);
    }

    /** Another image like it for each seed: the blobs move, the noise differs. */
    static byte[] image(int height, int width, long seed) {
        Random random = new Random(seed);
        double shift = (seed - 224) * 3.0;
        byte[] px = new byte[height * width * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    double blob = 80 * Math.exp(-(Math.pow(x - width * (0.3 + 0.2 * c) - shift, 2)
                            + Math.pow(y - height * 0.5 + shift / 2, 2)) / 900.0);
                    int v = (int) (x * 0.5 + y * 0.3 * c + blob + random.nextInt(6));
                    px[(y * width + x) * 3 + c] = (byte) Math.min(255, v);
                }
            }
        }
        return px;
    }

    /** The data sets of the filter table (issue 13), by name. */
    static final String[] FILTER_SETS = {"sensor4096x8", "adc4096x4", "image224x224x3", "embeddings32x512"};

    /**
     * A data set of the filter table: a smooth 8-channel float32 sensor series with small noise
     * (table 3's, 4096 rows); the example's own int16 ADC counts, {@code device-0}'s readings one
     * after another to 4096 samples; table 3's uint8 image; random-normal float32 embeddings.
     */
    static NdArray filterSet(String name) {
        switch (name) {
            case "sensor4096x8":
                return sensor(4096, 0);
            case "adc4096x4":
                return adc(4096);
            case "image224x224x3":
                return NdArray.of(DType.UINT8, image(224, 224), 224, 224, 3);
            case "embeddings32x512": {
                Random random = new Random(2);
                float[] v = new float[32 * 512];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) random.nextGaussian();
                }
                return NdArray.of(v, 32, 512);
            }
            default:
                throw new IllegalArgumentException(name);
        }
    }

    /** Table 3's sensor series: 8 channels of sines around 20 with noise of 0.01, message {@code m} of a run. */
    static NdArray sensor(int rows, int m) {
        Random random = new Random(m);
        float[] v = new float[rows * 8];
        for (int t = 0; t < rows; t++) {
            for (int c = 0; c < 8; c++) {
                double x = ((long) m * rows + t) / 100.0;
                v[t * 8 + c] = (float) (Math.sin(x * (c + 1) * 0.3) * (c + 1) + 20 + random.nextGaussian() * 0.01);
            }
        }
        return NdArray.of(v, rows, 8);
    }

    /** The first {@code rows} samples {@code device-0} of the example sends, its readings one after another. */
    static NdArray adc(int rows) {
        short[] counts = new short[rows * SensorSimulator.CHANNELS];
        int at = 0;
        for (long index = 0; at < counts.length; index++) {
            short[] reading = SensorSimulator.reading(SensorSimulator.device(0), index).toShortArray();
            int n = Math.min(reading.length, counts.length - at);
            System.arraycopy(reading, 0, counts, at, n);
            at += n;
        }
        return NdArray.of(counts, rows, SensorSimulator.CHANNELS);
    }

    static NdArray array(String name) {
        return isImage(name) ? NdArray.of(DType.UINT8, image(224, 224), shape(name)) : NdArray.of(floats(name), shape(name));
    }
}
