package io.github.kafkanpy.benchmarks;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Table 3: per-message compression on three deterministic data sets, next to what Kafka's own
 * batch compression ({@code compression.type}) reaches on a batch of the same messages. Ratios
 * are uncompressed NPY bytes over compressed bytes; speeds are MB/s of NPY bytes, the median of
 * repeated runs after a warm-up, all in one run.
 *
 * <p>{@code java -cp benchmarks.jar io.github.kafkanpy.benchmarks.CompressionReport [--quick]}
 */
public final class CompressionReport {
    private static final int MESSAGES = 64;

    private CompressionReport() {
    }

    public static void main(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int runs = quick ? 1 : 9;
        String[] sets = {"sensor series float32 (1024, 8)", "uint8 image (224, 224, 3)", "embeddings float32 (32, 512)"};
        Object[][] levels = {{Compression.GZIP, 1}, {Compression.GZIP, 6}, {Compression.GZIP, 9}, {Compression.ZSTD, 1},
            {Compression.ZSTD, 3}, {Compression.ZSTD, 9}, {Compression.ZSTD, 19}, {Compression.LZ4, 1}, {Compression.LZ4, 9},
            {Compression.SNAPPY, 0}};
        System.out.println("| data set | codec | level | ratio | encode MB/s | decode MB/s | Kafka batch ratio (" + MESSAGES
                + " messages) |");
        System.out.println("|---|---|---|---:|---:|---:|---:|");
        for (int s = 0; s < sets.length; s++) {
            List<byte[]> messages = new ArrayList<>();
            for (int m = 0; m < (quick ? 4 : MESSAGES); m++) {
                messages.add(Npy.toBytes(dataset(s, m)));
            }
            byte[] one = messages.get(0);
            for (Object[] codecLevel : levels) {
                Compression codec = (Compression) codecLevel[0];
                int level = (Integer) codecLevel[1];
                long packedTotal = 0;
                for (byte[] message : messages) {
                    packedTotal += codec.compress(message, level).length;
                }
                long plainTotal = messages.stream().mapToLong(b -> b.length).sum();
                byte[] packed = codec.compress(one, level);
                // speeds are measured on the first message; the ratio covers all of them
                double encode = medianMBs(runs, one.length, () -> codec.compress(one, level));
                double decode = medianMBs(runs, one.length, () -> codec.decompress(ByteBuffer.wrap(packed), one.length, b -> one.length));
                double batch = (double) plainTotal / kafkaBatchBytes(codec, level, messages);
                System.out.printf("| %s | %s | %s | %.2f | %.0f | %.0f | %.2f |%n", sets[s], codec.id(),
                        codec.hasLevels() ? String.valueOf(level) : "-", (double) plainTotal / packedTotal, encode, decode, batch);
            }
        }
    }

    /** The data sets, message {@code m} of each a different but alike array. */
    static NdArray dataset(int set, int m) {
        Random random = new Random(1000L * set + m);
        switch (set) {
            case 0: {
                float[] v = new float[1024 * 8];
                for (int t = 0; t < 1024; t++) {
                    for (int c = 0; c < 8; c++) {
                        double x = (m * 1024 + t) / 100.0;
                        v[t * 8 + c] = (float) (Math.sin(x * (c + 1) * 0.3) * (c + 1) + 20 + random.nextGaussian() * 0.01);
                    }
                }
                return NdArray.of(v, 1024, 8);
            }
            case 1:
                return NdArray.of(DType.UINT8, Datasets.image(224, 224, 224 + m), 224, 224, 3);
            default: {
                float[] v = new float[32 * 512];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) random.nextGaussian();
                }
                return NdArray.of(v, 32, 512);
            }
        }
    }

    /**
     * Size of one Kafka record batch holding all messages, compressed by Kafka itself at the same
     * level: what a producer with {@code compression.type} set and a {@code batch.size} large
     * enough for all of them (here at least 64 × the message size; the default 16 KiB holds none
     * of these messages, so each would be compressed alone) sends.
     */
    private static long kafkaBatchBytes(Compression codec, int level, List<byte[]> messages) {
        SimpleRecord[] records = messages.stream().map(b -> new SimpleRecord(0L, null, b)).toArray(SimpleRecord[]::new);
        org.apache.kafka.common.compress.Compression kafka;
        switch (codec) {
            case GZIP: kafka = org.apache.kafka.common.compress.Compression.gzip().level(level).build(); break;
            case ZSTD: kafka = org.apache.kafka.common.compress.Compression.zstd().level(level).build(); break;
            case LZ4: kafka = org.apache.kafka.common.compress.Compression.lz4().level(level).build(); break;
            default: kafka = org.apache.kafka.common.compress.Compression.snappy().build(); break;
        }
        return MemoryRecords.withRecords(kafka, records).sizeInBytes();
    }

    private static double medianMBs(int runs, int bytes, Runnable work) {
        for (int i = 0; i < 3; i++) {
            work.run();
        }
        double[] mbs = new double[runs];
        for (int r = 0; r < runs; r++) {
            int reps = Math.max(1, (int) (4_000_000L / Math.max(1, bytes)));
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                work.run();
            }
            mbs[r] = (double) bytes * reps / ((System.nanoTime() - start) / 1e9) / 1e6;
        }
        Arrays.sort(mbs);
        return mbs[runs / 2];
    }
}
