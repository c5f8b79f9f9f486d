package io.github.kafkanpy.benchmarks;

import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.serde.NpyDeserializer;
import io.github.kafkanpy.serde.NpySerializer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
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
 * Table 1: the codec against the physical limit. Serialization next to a plain copy of the same
 * bytes and to {@code asFloatBuffer().put}; deserialization zero-copy and with conversion.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 7, time = 1)
@Fork(1)
public class CodecBenchmark {
    @Param({"emb2KiB", "f32_64KiB", "f32_1MiB", "f32_16MiB", "img224x224x3"})
    public String dataset;

    private NdArray array;
    private float[] floats;
    private byte[] pixels;
    private int[] shape;
    private byte[] raw;
    private byte[] npy;
    private byte[] header;
    private ByteBuffer target;
    private final NpySerializer serializer = new NpySerializer();
    private final NpyDeserializer deserializer = new NpyDeserializer();
    private final RecordHeaders headers = new RecordHeaders();

    @Setup
    public void setUp() {
        shape = Datasets.shape(dataset);
        array = Datasets.array(dataset);
        if (Datasets.isImage(dataset)) {
            pixels = Datasets.image(224, 224);
        } else {
            floats = Datasets.floats(dataset);
        }
        raw = new byte[(int) array.nbytes()];
        array.data().get(raw);
        npy = Npy.toBytes(array);
        header = Npy.header(array);
        target = ByteBuffer.allocate(raw.length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Baseline: copying the array's bytes once. */
    @Benchmark
    public byte[] baselineCopy() {
        return Arrays.copyOf(raw, raw.length);
    }

    /**
     * Baseline: what any writer of header plus data into a new array pays. A new array filled by
     * two copies is zeroed first; one filled by a single copy of its whole length
     * ({@link #baselineCopy}) is not, because the JIT elides the zeroing.
     */
    @Benchmark
    public byte[] baselineHeaderAndDataCopy() {
        byte[] out = new byte[header.length + raw.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(raw, 0, out, header.length, raw.length);
        return out;
    }

    /** Baseline: the values into a little-endian buffer, as a hand-written serializer would. */
    @Benchmark
    public ByteBuffer baselineBufferPut() {
        target.clear();
        if (floats != null) {
            target.asFloatBuffer().put(floats);
        } else {
            target.put(pixels);
        }
        return target;
    }

    @Benchmark
    public byte[] serializeNdArray() {
        return Npy.toBytes(array);
    }

    @Benchmark
    public byte[] serializeJavaArray() {
        return Npy.toBytes(floats != null ? NdArray.of(floats, shape) : NdArray.of(DType.UINT8, pixels, shape));
    }

    @Benchmark
    public NdArray deserializeZeroCopy() {
        return deserializer.deserialize("t", headers, ByteBuffer.wrap(npy));
    }

    @Benchmark
    public Object deserializeToJavaArray() {
        NdArray a = deserializer.deserialize("t", headers, ByteBuffer.wrap(npy));
        return floats != null ? a.toFloatArray() : a.toIntArray();
    }

    @Benchmark
    public NdArray serializeThenDeserialize() {
        return deserializer.deserialize("t", headers, ByteBuffer.wrap(serializer.serialize("t", array)));
    }
}
