package io.github.kafkanpy.benchmarks;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.Npy;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Table 3c: LZ4 frame decoding, kafka-npy's bulk-copying decoder against the byte-by-byte one it
 * replaced ({@link Lz4ByteByByte}) in the same run, on NPY values of the filter table's data sets
 * compressed at level 1 (what the serializer writes by default).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(1)
public class Lz4Benchmark {
    @Param({"sensor4096x8", "adc4096x4", "image224x224x3", "embeddings32x512"})
    public String dataset;

    private byte[] frame;
    private int length;

    @Setup
    public void setUp() {
        byte[] npy = Npy.toBytes(Datasets.filterSet(dataset));
        length = npy.length;
        frame = Compression.LZ4.compress(npy, 1);
        if (!Lz4ByteByByte.decompress(ByteBuffer.wrap(frame), length).equals(ByteBuffer.wrap(npy))
                || !decodeBulk().equals(ByteBuffer.wrap(npy))) {
            throw new IllegalStateException("the decoders disagree on " + dataset);
        }
    }

    @Benchmark
    public ByteBuffer decodeBulk() {
        return Compression.LZ4.decompress(ByteBuffer.wrap(frame), length, Npy::length);
    }

    @Benchmark
    public ByteBuffer decodeByteByByte() {
        return Lz4ByteByByte.decompress(ByteBuffer.wrap(frame), length);
    }
}
