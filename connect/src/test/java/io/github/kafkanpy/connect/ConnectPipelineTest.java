package io.github.kafkanpy.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.examples.LocalKafka;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.serde.JsonArraySerializer;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.FutureCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NpyConverter} in a real standalone Connect worker, started in-process against
 * {@link LocalKafka}, with Kafka's own file connectors: a file of JSON envelopes goes through
 * {@code FileStreamSource} into a topic of gzip NPY records, and {@code FileStreamSink} writes it
 * back out, byte for byte. A second sink reads raw-variant records through their headers.
 */
@Tag("integration")
class ConnectPipelineTest {
    private static LocalKafka kafka;
    private static Connect<StandaloneHerder> worker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start();
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("key.converter", StringConverter.class.getName());
        props.put("value.converter", NpyConverter.class.getName());
        props.put("offset.storage.file.filename", dir.resolve("offsets").toString());
        props.put("offset.flush.interval.ms", "500");
        props.put("listeners", "http://127.0.0.1:0");
        worker = new ConnectStandalone().startConnect(props);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.stop();
            worker.awaitStop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Arrays that a trip through double, or a lossy schema, would change. */
    private static List<NdArray> arrays() {
        return List.of(
                NdArray.of(new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}, 3),
                NdArray.of(DType.UINT64, new long[] {-1L, 1L << 63}, 2),
                NdArray.of(DType.FLOAT16, new short[] {0x3C00, 0x7E01, (short) 0xFC00}, 3),
                NdArray.of(DType.COMPLEX128, new double[] {1.5, -0.0, Double.NaN, 1e-310}, 2),
                NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).toFortranOrder(),
                NdArray.of(new double[] {Math.E}, 1).withByteOrder(java.nio.ByteOrder.BIG_ENDIAN),
                NdArray.of(new String[] {"sensor-α", "😀"}, 2),
                NdArray.of(new boolean[] {true, false, true}, 3));
    }

    @Test
    void aFileOfEnvelopesGoesThroughASourceATopicOfNpyAndASinkBackByteForByte() throws Exception {
        List<NdArray> arrays = arrays();
        StringBuilder lines = new StringBuilder();
        JsonArraySerializer json = new JsonArraySerializer();
        for (NdArray a : arrays) {
            lines.append(new String(json.serialize("envelopes", a), StandardCharsets.UTF_8)).append('\n');
        }
        Path source = Files.writeString(dir.resolve("arrays.jsonl"), lines);
        Path sink = dir.resolve("arrays-out.jsonl");

        connector("envelope-source", Map.of("connector.class", FileStreamSourceConnector.class.getName(),
                "file", source.toString(), "topic", "connect-npy",
                "value.converter", NpyConverter.class.getName(), "value.converter.npy.compression.type", "gzip"));
        connector("envelope-sink", Map.of("connector.class", FileStreamSinkConnector.class.getName(),
                "file", sink.toString(), "topics", "connect-npy",
                "value.converter", NpyConverter.class.getName(), "value.converter.npy.connect.representation", "json"));

        List<ConsumerRecord<byte[], byte[]>> records = consume("connect-npy", arrays.size());
        for (int i = 0; i < arrays.size(); i++) {
            ByteBuffer value = ByteBuffer.wrap(records.get(i).value());
            assertEquals(Compression.GZIP, Compression.detect(value), "the topic holds gzip NPY");
            assertEquals(arrays.get(i), Npy.read(Compression.GZIP.decompress(value, 1 << 20)));
        }
        assertEquals(Files.readString(source), awaitLines(sink, arrays.size()), "the sink file equals the source file");
    }

    @Test
    void aSinkReadsTheRawVariantThroughItsHeadersAndPassesTombstones() throws Exception {
        List<NdArray> arrays = arrays();
        StringBuilder expected = new StringBuilder();
        JsonArraySerializer json = new JsonArraySerializer();
        RawArraySerializer raw = new RawArraySerializer(Compression.ZSTD);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (NdArray a : arrays) {
                RecordHeaders headers = new RecordHeaders();
                byte[] value = raw.serialize("connect-raw", headers, a);
                producer.send(new ProducerRecord<byte[], byte[]>("connect-raw", null, null, value, headers)).get();
                expected.append(new String(json.serialize("connect-raw", a), StandardCharsets.UTF_8)).append('\n');
            }
            producer.send(new ProducerRecord<>("connect-raw", null, null, (byte[]) null)).get();
            expected.append("null\n");
        }
        Path sink = dir.resolve("raw-out.jsonl");
        connector("raw-sink", Map.of("connector.class", FileStreamSinkConnector.class.getName(),
                "file", sink.toString(), "topics", "connect-raw",
                "value.converter", NpyConverter.class.getName(), "value.converter.npy.connect.representation", "json"));
        assertEquals(expected.toString(), awaitLines(sink, arrays.size() + 1));
    }

    private static void connector(String name, Map<String, String> config) throws Exception {
        Map<String, String> withName = new HashMap<>(config);
        withName.put("name", name);
        withName.put("tasks.max", "1");
        FutureCallback<org.apache.kafka.connect.runtime.Herder.Created<
                org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo>> created = new FutureCallback<>();
        worker.herder().putConnectorConfig(name, withName, false, created);
        created.get(30, TimeUnit.SECONDS);
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        assertEquals(count, out.size(), "records in " + topic);
        return out;
    }

    /** The sink file once it has the expected number of lines (FileStreamSink flushes on its own schedule). */
    private static String awaitLines(Path file, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(file) ? Files.readString(file) : "";
            if (text.lines().count() >= count && text.endsWith("\n")) {
                return text;
            }
            Thread.sleep(200);
        }
        return text;
    }
}
