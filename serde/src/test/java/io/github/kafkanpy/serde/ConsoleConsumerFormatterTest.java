package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.Float16;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.apache.kafka.tools.consumer.ConsoleConsumerOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link NpyMessageFormatter} run the way {@code kafka-console-consumer.sh --formatter} runs it:
 * Kafka's own {@code ConsoleConsumer} reading a real topic on the embedded broker. The lines it
 * printed are echoed to the test's output, which is where the README's sample comes from.
 */
@Tag("integration")
@ExtendWith(EmbeddedKafka.class)
class ConsoleConsumerFormatterTest {
    private static final NdArray IMAGE = image();

    private static NdArray image() {
        float[] v = new float[28 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / (float) v.length;
        }
        return NdArray.of(v, 28, 28);
    }

    private static NdArray frame() {
        byte[] v = new byte[28 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) i;
        }
        return NdArray.of(DType.UINT8, v, 28, 28);
    }

    @Test
    void everyVariantATombstoneAndPoisonPillsPrintOneLineEachAndTheConsoleGoesOn() throws Exception {
        String topic = "console-" + UUID.randomUUID();
        RecordHeaders rawHeaders = new RecordHeaders();
        byte[] raw = new RawArraySerializer().serialize(topic, rawHeaders, frame());
        RecordHeaders zstdRawHeaders = new RecordHeaders();
        byte[] zstdRaw = new RawArraySerializer(Compression.ZSTD).serialize(topic, zstdRawHeaders,
                NdArray.of(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3));
        Map<String, NdArray> archive = new LinkedHashMap<>();
        archive.put("mean", NdArray.of(new double[] {0.25, 0.5}, 2));
        archive.put("label", NdArray.of(new String[] {"cat"}));
        byte[] headerless = new byte[16];
        frame().data().get(headerless);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            send(producer, topic, "image-1", Npy.toBytes(IMAGE), new RecordHeaders());
            send(producer, topic, "image-2", new NpySerializer(Compression.ZSTD).serialize(topic, IMAGE), new RecordHeaders());
            send(producer, topic, "frame-7", raw, rawHeaders);
            send(producer, topic, "extremes", zstdRaw, zstdRawHeaders);
            send(producer, topic, "image-1", null, new RecordHeaders());
            send(producer, topic, "garbage", new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF}, new RecordHeaders());
            send(producer, topic, "no-headers", headerless, new RecordHeaders());
            send(producer, topic, "cut", Arrays.copyOf(Npy.toBytes(IMAGE), 300), new RecordHeaders());
            send(producer, topic, "half", new NpySerializer(Compression.LZ4).serialize(topic,
                    NdArray.of(DType.FLOAT16, new short[] {Float16.fromFloat(0.5f), Float16.fromFloat(-2f)}, 2)),
                    new RecordHeaders());
            send(producer, topic, "stats", new NpzSerializer().serialize(topic, archive), new RecordHeaders());
            send(producer, topic, "envelope", new JsonArraySerializer().serialize(topic,
                    NdArray.of(DType.COMPLEX64, new float[] {1, 2, 3, -4}, 2)), new RecordHeaders());
            producer.flush();
        }

        List<String> lines = console(topic, 11, "print.headers=true", "threshold=6");

        String image = "\t<f4\t(28, 28)\tC\t[0., 0.00127551, 0.00255102, ..., 0.99617344, 0.997449, 0.99872446] "
                + "min=0. max=0.99872446 mean=0.49936224";
        String noFormat = "\tERROR\tNpyFormatException: the value holds no format kafka-npy writes: not NPY (\\x93NUMPY), NPZ (PK) "
                + "or JSON ({ or [), and raw values need their npy.dtype header, or npy.raw.dtype configured (at byte 0)";
        assertEquals(List.of(
                "Partition:0\tOffset:0\t{}\timage-1\tnpy" + image,
                "Partition:0\tOffset:1\t{}\timage-2\tnpy+zstd" + image,
                "Partition:0\tOffset:2\t{\"npy.dtype\":\"|u1\",\"npy.shape\":\"28,28\",\"npy.order\":\"C\"}\tframe-7\traw\t"
                        + "|u1\t(28, 28)\tC\t[0, 1, 2, ..., 13, 14, 15] min=0 max=255 mean=125.05102041",
                "Partition:0\tOffset:3\t{\"npy.dtype\":\"<i8\",\"npy.shape\":\"3\",\"npy.order\":\"C\",\"npy.compression\":\"zstd\"}"
                        + "\textremes\traw+zstd\t<i8\t(3,)\tC\t[-9223372036854775808, 0, 9223372036854775807] "
                        + "min=-9223372036854775808 max=9223372036854775807 mean=0.",
                "Partition:0\tOffset:4\t{}\timage-1\tnull",
                "Partition:0\tOffset:5\t{}\tgarbage" + noFormat,
                "Partition:0\tOffset:6\t{}\tno-headers" + noFormat,
                "Partition:0\tOffset:7\t{}\tcut\tERROR\tNpyFormatException: data is truncated: the header promises "
                        + "3136 bytes of float32 data but only 172 follow (at byte 128)",
                "Partition:0\tOffset:8\t{}\thalf\tnpy+lz4\t<f2\t(2,)\tC\t[0.5, -2.] min=-2. max=0.5 mean=-0.75",
                "Partition:0\tOffset:9\t{}\tstats\tnpz\tmean: <f8 (2,) C [0.25, 0.5] min=0.25 max=0.5 mean=0.375"
                        + "\tlabel: <U3 (1,) C ['cat']",
                "Partition:0\tOffset:10\t{}\tenvelope\tjson\t<c8\t(2,)\tC\t[1.+2.j, 3.-4.j] mean=2.-1.j"), lines);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value,
            RecordHeaders headers) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), value, headers)).get();
    }

    /**
     * Runs Kafka's ConsoleConsumer with the formatter, as the shell script does (its {@code run},
     * which returns, rather than {@code main}, which exits), and returns what it printed.
     */
    private static List<String> console(String topic, int records, String... formatterProperties) throws Exception {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", EmbeddedKafka.bootstrapServers(),
                "--topic", topic, "--from-beginning", "--max-messages", Integer.toString(records), "--timeout-ms", "30000",
                "--formatter", NpyMessageFormatter.class.getName()));
        for (String p : formatterProperties) {
            args.add("--formatter-property");
            args.add(p);
        }
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        synchronized (System.class) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                ConsoleConsumer.run(new ConsoleConsumerOptions(args.toArray(String[]::new)));
            } finally {
                System.setOut(stdout);
            }
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        stdout.print("kafka-console-consumer " + String.join(" ", args.subList(2, args.size())) + "\n" + printed);
        return printed.lines().toList();
    }
}
