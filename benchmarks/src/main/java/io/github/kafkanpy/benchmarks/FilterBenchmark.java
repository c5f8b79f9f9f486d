package io.github.kafkanpy.benchmarks;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.serde.NpyDeserializer;
import io.github.kafkanpy.serde.NpySerializer;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * Table 3b: the NPY serializer and deserializer with zstd (level 3 unless {@code -p level=...}), without a filter and with
 * each filter, on the filter table's data sets: what a filter costs in speed, next to plain zstd
 * in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(1)
public class FilterBenchmark {
    @Param({"sensor4096x8", "adc4096x4", "image224x224x3", "embeddings32x512"})
    public String dataset;

    @Param({"none", "shuffle", "delta-shuffle"})
    public String filter;

    /** The zstd level; {@code -p level=1,3} compares levels in one run. */
    @Param({"3"})
    public int level;

    private NdArray array;
    private byte[] value;
    private NpySerializer serializer;
    private final NpyDeserializer deserializer = new NpyDeserializer();
    private final RecordHeaders headers = new RecordHeaders();

    @Setup
    public void setUp() {
        array = Datasets.filterSet(dataset);
        serializer = new NpySerializer(Compression.ZSTD, level, Filter.forId(filter));
        value = serializer.serialize("t", array);
    }

    /** NPY bytes of the array, filtered and compressed. */
    @Benchmark
    public byte[] encode() {
        return serializer.serialize("t", array);
    }

    /** The array back from its value. */
    @Benchmark
    public NdArray decode() {
        return deserializer.deserialize("t", headers, ByteBuffer.wrap(value));
    }

    /** @return the NPY bytes of a data set, what throughput is counted in */
    static int npyBytes(String dataset) {
        return Npy.toBytes(Datasets.filterSet(dataset)).length;
    }
}
