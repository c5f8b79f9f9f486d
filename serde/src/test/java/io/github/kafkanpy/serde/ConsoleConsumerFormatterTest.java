package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.Float16;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * Kafka's own {@code ConsoleConsumer} reading a real topic on the embedded broker.
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

    @Test
    void everyVariantATombstoneAndAPoisonPillPrintOneLineEachAndTheConsoleGoesOn() throws Exception {
        String topic = "console-" + UUID.randomUUID();
        RecordHeaders rawHeaders = new RecordHeaders();
        byte[] raw = new RawArraySerializer().serialize(topic, rawHeaders,
                NdArray.of(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            send(producer, topic, "image-1", Npy.toBytes(IMAGE), new RecordHeaders());
            send(producer, topic, "image-2", new NpySerializer(Compression.ZSTD).serialize(topic, IMAGE), new RecordHeaders());
            send(producer, topic, "extremes", raw, rawHeaders);
            send(producer, topic, "image-1", null, new RecordHeaders());
            send(producer, topic, "pill", "{not json".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
            send(producer, topic, "cut", Arrays.copyOf(Npy.toBytes(IMAGE), 300), new RecordHeaders());
            send(producer, topic, "half", new NpySerializer(Compression.LZ4).serialize(topic,
                    NdArray.of(DType.FLOAT16, new short[] {Float16.fromFloat(0.5f), Float16.fromFloat(-2f)}, 2)),
                    new RecordHeaders());
            producer.flush();
        }

        List<String> lines = console(topic, 7, "print.headers=true", "threshold=6");

        assertEquals(7, lines.size(), String.join("\n", lines));
        String imageValues = "npy\t<f4\t(28, 28)\tC\t[0., 0.00127551, 0.00255102, ..., 0.99617344, 0.997449, 0.99872446] "
                + "min=0. max=0.99872446 mean=0.49936224";
        assertEquals("Partition:0\tOffset:0\t{}\timage-1\t" + imageValues, lines.get(0));
        assertEquals("Partition:0\tOffset:1\t{}\timage-2\t" + imageValues.replaceFirst("npy", "npy+zstd"), lines.get(1));
        assertEquals("Partition:0\tOffset:2\t{\"npy.dtype\":\"<i8\",\"npy.shape\":\"3\",\"npy.order\":\"C\"}\textremes\traw\t<i8\t(3,)\tC\t"
                + "[-9223372036854775808, 0, 9223372036854775807] min=-9223372036854775808 max=9223372036854775807 mean=0.",
                lines.get(2));
        assertEquals("Partition:0\tOffset:3\t{}\timage-1\tnull", lines.get(3));
        assertTrue(lines.get(4).startsWith("Partition:0\tOffset:4\t{}\tpill\tERROR\tNpyFormatException: malformed JSON envelope")
                && lines.get(4).endsWith(")"), lines.get(4));
        assertTrue(lines.get(5).startsWith("Partition:0\tOffset:5\t{}\tcut\tERROR\tNpyFormatException: ")
                && lines.get(5).contains("(at byte "), lines.get(5));
        assertEquals("Partition:0\tOffset:6\t{}\thalf\tnpy+lz4\t<f2\t(2,)\tC\t[0.5, -2.] min=-2. max=0.5 mean=-0.75", lines.get(6));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value,
            RecordHeaders headers) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), value, headers)).get();
    }

    /** Runs Kafka's ConsoleConsumer with the formatter, as the shell script does, and returns what it printed. */
    private static List<String> console(String topic, int records, String... formatterProperties) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--bootstrap-server", EmbeddedKafka.bootstrapServers(),
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
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
