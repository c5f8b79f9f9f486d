package io.github.kafkanpy.benchmarks;

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

    static NdArray array(String name) {
        return isImage(name) ? NdArray.of(DType.UINT8, image(224, 224), shape(name)) : NdArray.of(floats(name), shape(name));
    }
}
