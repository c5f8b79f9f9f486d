package io.github.kafkanpy.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.npy.Npz;
import io.github.kafkanpy.serde.JsonArrayDeserializer;
import io.github.kafkanpy.serde.JsonArraySerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Table 2: what users would pick instead, on the same float32 arrays: JetBrains npy (files only:
 * it has no in-memory API, so it writes to and reads from a file in /dev/shm or the temp dir),
 * openLCA npy (streams), Jackson JSON, Protobuf packed floats, Java serialization; and kafka-npy's
 * own other formats, the array as the one entry of an NPZ archive and as the JSON envelope. Each
 * deserializer returns a {@code float[]}, what the caller wants.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AlternativesBenchmark {
    @Param({"emb2KiB", "f32_64KiB", "f32_1MiB", "f32_16MiB"})
    public String dataset;

    private float[] values;
    private int[] shape;
    private byte[] kafkaNpy;
    private byte[] kafkaNpz;
    private byte[] kafkaJson;
    private byte[] openlca;
    private byte[] json;
    private byte[] protobuf;
    private byte[] javaSerialized;
    private Path file;
    private final ObjectMapper jackson = new ObjectMapper();
    private final JsonArraySerializer jsonSerializer = new JsonArraySerializer();
    private final JsonArrayDeserializer jsonDeserializer = new JsonArrayDeserializer();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        values = Datasets.floats(dataset);
        shape = Datasets.shape(dataset);
        kafkaNpy = kafkaNpySerialize();
        kafkaNpz = kafkaNpzSerialize();
        kafkaJson = kafkaJsonSerialize();
        openlca = openlcaSerialize();
        json = jacksonSerialize();
        protobuf = protobufSerialize();
        javaSerialized = javaSerialize();
        Path shm = Path.of("/dev/shm");
        file = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempFile(shm, "bench", ".npy")
                : Files.createTempFile("bench", ".npy");
        jetbrainsSerialize();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public byte[] kafkaNpySerialize() {
        return Npy.toBytes(values, shape);
    }

    @Benchmark
    public float[] kafkaNpyDeserialize() {
        return Npy.read(kafkaNpy).toFloatArray();
    }

    @Benchmark
    public byte[] kafkaNpzSerialize() {
        return Npz.toBytes(Map.of("values", NdArray.of(values, shape)));
    }

    @Benchmark
    public float[] kafkaNpzDeserialize() {
        return Npz.read(kafkaNpz).get("values").toFloatArray();
    }

    @Benchmark
    public byte[] kafkaJsonSerialize() {
        return jsonSerializer.serialize("bench", NdArray.of(values, shape));
    }

    @Benchmark
    public float[] kafkaJsonDeserialize() {
        return jsonDeserializer.deserialize("bench", kafkaJson).toFloatArray();
    }

    @Benchmark
    public Path jetbrainsSerialize() {
        org.jetbrains.bio.npy.NpyFile.write(file, values, shape);
        return file;
    }

    @Benchmark
    public float[] jetbrainsDeserialize() {
        return org.jetbrains.bio.npy.NpyFile.read(file, Integer.MAX_VALUE).asFloatArray();
    }

    @Benchmark
    public byte[] openlcaSerialize() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(values.length * 4 + 128);
        org.openlca.npy.Npy.write(out, shape.length == 1 ? org.openlca.npy.NpyFloatArray.vectorOf(values)
                : org.openlca.npy.NpyFloatArray.rowOrderOf(values, shape[0], shape[1]));
        return out.toByteArray();
    }

    @Benchmark
    public float[] openlcaDeserialize() {
        return org.openlca.npy.Npy.read(Channels.newChannel(new ByteArrayInputStream(openlca))).asFloatArray().data();
    }

    @Benchmark
    public byte[] jacksonSerialize() throws IOException {
        return jackson.writeValueAsBytes(values);
    }

    @Benchmark
    public float[] jacksonDeserialize() throws IOException {
        return jackson.readValue(json, float[].class);
    }

    @Benchmark
    public byte[] protobufSerialize() throws IOException {
        byte[] out = new byte[CodedOutputStream.computeUInt32SizeNoTag(values.length * 4) + values.length * 4];
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.writeUInt32NoTag(values.length * 4);
        for (float v : values) {
            coded.writeFloatNoTag(v);
        }
        coded.flush();
        return out;
    }

    @Benchmark
    public float[] protobufDeserialize() throws IOException {
        CodedInputStream coded = CodedInputStream.newInstance(protobuf);
        int bytes = coded.readRawVarint32();
        float[] out = new float[bytes / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = coded.readFloat();
        }
        return out;
    }

    @Benchmark
    public byte[] javaSerialize() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(values.length * 4 + 64);
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(values);
        }
        return out.toByteArray();
    }

    @Benchmark
    public float[] javaDeserialize() throws IOException, ClassNotFoundException {
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(javaSerialized))) {
            return (float[]) objects.readObject();
        }
    }

    /** Payload bytes of each format for a dataset, for the size column. */
    static long[] payloadSizes(String dataset) throws IOException {
        AlternativesBenchmark b = new AlternativesBenchmark();
        b.dataset = dataset;
        b.setUp();
        try {
            return new long[] {b.kafkaNpy.length, Files.size(b.file), b.openlca.length, b.json.length,
                b.protobuf.length, b.javaSerialized.length, b.kafkaNpz.length, b.kafkaJson.length};
        } finally {
            b.tearDown();
        }
    }

}
