package io.github.kafkanpy.benchmarks;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.examples.SensorSimulator;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.serde.NpySerializer;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Table 3b's sizes: what {@code npy.compression.filter} does to the compression ratio, by data
 * set, codec and filter; from which array size a filter pays; and, for the ADC counts, how the
 * gain depends on the signal's noise, next to the most any lossless coder can reach. Sizes are
 * deterministic, so this report has no timings; speeds come from {@link FilterBenchmark}.
 *
 * <p>{@code java -cp benchmarks.jar io.github.kafkanpy.benchmarks.FilterReport [--export DIR]}:
 * {@code --export} also writes the four data sets as {@code .npy} files, for
 * {@code benchmarks/python/blosc_compare.py}.
 */
public final class FilterReport {
    private static final Filter[] FILTERS = Filter.values();

    private FilterReport() {
    }

    public static void main(String[] args) throws IOException {
        List<String> options = Arrays.asList(args);
        int export = options.indexOf("--export");
        if (export >= 0) {
            Path dir = Path.of(options.get(export + 1));
            Files.createDirectories(dir);
            for (String set : Datasets.FILTER_SETS) {
                Files.write(dir.resolve(set + ".npy"), Npy.toBytes(Datasets.filterSet(set)));
            }
        }
        ratioTable();
        sizeTable();
        noiseTable();
    }

    private static void ratioTable() {
        Object[][] codecs = {{Compression.ZSTD, 1}, {Compression.ZSTD, 3}, {Compression.ZSTD, 9}, {Compression.GZIP, 6},
            {Compression.LZ4, 1}, {Compression.SNAPPY, 0}};
        System.out.println("| data set | NPY bytes | codec | level | ratio, no filter | shuffle | delta-shuffle"
                + " | shuffle / none | delta-shuffle / none |");
        System.out.println("|---|---:|---|---|---:|---:|---:|---:|---:|");
        for (String set : Datasets.FILTER_SETS) {
            NdArray array = Datasets.filterSet(set);
            int npy = Npy.toBytes(array).length;
            for (Object[] c : codecs) {
                Compression codec = (Compression) c[0];
                int level = (Integer) c[1];
                double[] ratio = new double[FILTERS.length];
                for (int f = 0; f < FILTERS.length; f++) {
                    ratio[f] = (double) npy / new NpySerializer(codec, level, FILTERS[f]).serialize("t", array).length;
                }
                System.out.printf("| %s | %d | %s | %s | %.3f | %.3f | %.3f | %.3f× | %.3f× |%n", set, npy, codec.id(),
                        codec.hasLevels() ? String.valueOf(level) : "-", ratio[0], ratio[1], ratio[2], ratio[1] / ratio[0],
                        ratio[2] / ratio[0]);
            }
        }
        System.out.println();
    }

    /** Raw-variant value bytes by rows: where a filter starts to pay over plain zstd, and over no compression at all. */
    private static void sizeTable() {
        System.out.println("| data set | shape | raw bytes | zstd 3 | shuffle + zstd 3 | delta-shuffle + zstd 3"
                + " | best filter / plain zstd | best filter / uncompressed |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (String set : new String[] {"sensor", "adc"}) {
            for (int rows : new int[] {16, 64, 256, 1024, 4096, 16384}) {
                NdArray array = set.equals("sensor") ? Datasets.sensor(rows, 0) : Datasets.adc(rows);
                long[] bytes = new long[FILTERS.length];
                for (int f = 0; f < FILTERS.length; f++) {
                    bytes[f] = new RawArraySerializer(Compression.ZSTD, 3, FILTERS[f]).serialize("t", new RecordHeaders(),
                            array).length;
                }
                long best = Math.min(bytes[1], bytes[2]);
                System.out.printf("| %s | %s | %d | %d | %d | %d | %.2f× | %.2f× |%n", set,
                        Arrays.toString(array.shape()), array.nbytes(), bytes[0], bytes[1], bytes[2],
                        (double) bytes[0] / best, (double) array.nbytes() / best);
            }
        }
        System.out.println();
    }

    /**
     * The example's ADC formula at other noise levels, 4096 samples: the gain of delta-shuffle
     * over plain zstd, and the bound on it. Gaussian noise of deviation s, rounded to integers,
     * carries log2(s sqrt(2 pi e)) bits per sample (for s well above 1); the sines are known
     * functions, so no lossless coder stores a sample in fewer bits on average.
     */
    private static void noiseTable() {
        System.out.println("| noise (counts, 1 σ) | zstd 3 ratio | delta-shuffle + zstd 3 ratio | gain | bound on any lossless ratio"
                + " | bound on the gain over zstd 3 |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (double sigma : new double[] {300, 100, 30, 10, 4}) {
            NdArray array = sigma == 300 ? Datasets.adc(4096) : adc(4096, sigma);
            long plain = new RawArraySerializer(Compression.ZSTD, 3).serialize("t", new RecordHeaders(), array).length;
            long filtered = new RawArraySerializer(Compression.ZSTD, 3, Filter.DELTA_SHUFFLE)
                    .serialize("t", new RecordHeaders(), array).length;
            double bound = 16 / (Math.log(sigma * Math.sqrt(2 * Math.PI * Math.E)) / Math.log(2));
            double plainRatio = (double) array.nbytes() / plain;
            System.out.printf("| %s | %.3f | %.3f | %.2f× | %.2f | %.2f× |%n", sigma == 300 ? "300 (the example's)"
                    : String.valueOf((int) sigma), plainRatio, (double) array.nbytes() / filtered, (double) plain / filtered,
                    bound, bound / plainRatio);
        }
        System.out.println();
    }

    /** {@link SensorSimulator#reading}'s formula for {@code device-0} with another noise level. */
    private static NdArray adc(int rows, double sigma) {
        String device = SensorSimulator.device(0);
        Random noise = new Random(rows);
        short[] counts = new short[rows * SensorSimulator.CHANNELS];
        for (int t = 0; t < rows; t++) {
            double time = t / 64.0;
            for (int c = 0; c < SensorSimulator.CHANNELS; c++) {
                double value = 8000 * Math.sin(time * (c + 1) + device.hashCode() % 7) + noise.nextGaussian() * sigma;
                counts[t * SensorSimulator.CHANNELS + c] = (short) Math.round(value);
            }
        }
        return NdArray.of(counts, rows, SensorSimulator.CHANNELS);
    }
}
