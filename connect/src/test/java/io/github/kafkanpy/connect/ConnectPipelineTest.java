package io.github.kafkanpy.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.examples.LocalKafka;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.serde.JsonArrayDeserializer;
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
 * {@link LocalKafka}, with Kafka's own file connectors: numpy writes a file of JSON envelopes,
 * {@code FileStreamSource} puts them into a topic of gzip NPY records (which {@code np.load}
 * opens, each equal to its line's array), and {@code FileStreamSink} writes them back out, byte
 * for byte. A second sink reads raw-variant records through their headers, and a tombstone.
 *
 * <p>What each pipeline saw (the files and the topic) is written to the file the system property
 * {@code kafkanpy.connectReport} names, so a run's output can be quoted as it was checked.
 */
@Tag("integration")
class ConnectPipelineTest {
    private static final String PYTHON = System.getenv().getOrDefault("KAFKANPY_PYTHON", "python3");
    private static final StringBuilder REPORT = new StringBuilder();

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
    static void stop() throws IOException {
        if (worker != null) {
            worker.stop();
            worker.awaitStop();
        }
        if (kafka != null) {
            kafka.close();
        }
        Path report = Path.of(System.getProperty("kafkanpy.connectReport", "target/connect-pipeline-output.txt"));
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, REPORT);
    }

    @Test
    void numpysEnvelopesGoThroughASourceATopicOfNpyThatNpLoadOpensAndASinkBackByteForByte() throws Exception {
        Path source = dir.resolve("arrays.jsonl");
        String written = python("write", source);
        Path sink = dir.resolve("arrays-out.jsonl");

        connector("envelope-source", Map.of("connector.class", FileStreamSourceConnector.class.getName(),
                "file", source.toString(), "topic", "connect-npy",
                "value.converter", NpyConverter.class.getName(), "value.converter.npy.compression.type", "gzip"));
        connector("envelope-sink", Map.of("connector.class", FileStreamSinkConnector.class.getName(),
                "file", sink.toString(), "topics", "connect-npy",
                "value.converter", NpyConverter.class.getName(), "value.converter.npy.connect.representation", "json"));

        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        List<ConsumerRecord<byte[], byte[]>> records = consume("connect-npy", lines.size());
        JsonArrayDeserializer envelopes = new JsonArrayDeserializer();
        Path copies = Files.createDirectories(dir.resolve("records"));
        StringBuilder topic = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            ByteBuffer value = ByteBuffer.wrap(records.get(i).value());
            assertEquals(Compression.GZIP, Compression.detect(value), "the topic holds gzip NPY");
            NdArray array = Npy.read(Compression.GZIP.decompress(value, 1 << 20));
            assertEquals(envelopes.deserialize("connect-npy", lines.get(i).getBytes(StandardCharsets.UTF_8)), array,
                    "record " + i + " holds line " + (i + 1) + "'s array");
            Files.write(copies.resolve("record-" + i + ".npy.gz"), records.get(i).value());
            topic.append(String.format("offset %d: %d bytes, gzip NPY, %s%n", records.get(i).offset(),
                    records.get(i).value().length, oneLine(array)));
        }
        String loaded = python("check", copies);
        String out = awaitLines(sink, lines.size());

        report("numpy -> FileStreamSource (value.converter=NpyConverter, npy.compression.type=gzip) -> topic "
                + "connect-npy -> FileStreamSink (value.converter=NpyConverter, npy.connect.representation=json)",
                "source file, written by numpy (" + written.strip() + ")", Files.readString(source),
                "topic connect-npy, " + records.size() + " records, read back with Npy.read", topic.toString(),
                "the same records through gzip.open and np.load", loaded,
                "sink file", out);
        assertEquals(Files.readString(source), out, "the sink file equals the source file");
        REPORT.append(String.format("sink file equals source file byte for byte: %d bytes%n%n", out.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void aSinkReadsTheRawVariantThroughItsHeadersAndPassesTombstones() throws Exception {
        List<NdArray> arrays = List.of(
                NdArray.of(new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}, 3),
                NdArray.of(DType.UINT64, new long[] {-1L, 1L << 63}, 2),
                NdArray.of(DType.FLOAT16, new short[] {0x3C00, 0x7E01, (short) 0xFC00}, 3),
                NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).toFortranOrder(),
                NdArray.of(new String[] {"sensor-α", "😀"}, 2));
        StringBuilder expected = new StringBuilder();
        StringBuilder topic = new StringBuilder();
        JsonArraySerializer json = new JsonArraySerializer();
        RawArraySerializer raw = new RawArraySerializer(Compression.ZSTD);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (NdArray a : arrays) {
                RecordHeaders headers = new RecordHeaders();
                byte[] value = raw.serialize("connect-raw", headers, a);
                long offset = producer.send(new ProducerRecord<byte[], byte[]>("connect-raw", null, null, value, headers))
                        .get().offset();
                expected.append(new String(json.serialize("connect-raw", a), StandardCharsets.UTF_8)).append('\n');
                topic.append(String.format("offset %d: %d bytes, raw zstd, headers %s%n", offset, value.length,
                        headerText(headers)));
            }
            long offset = producer.send(new ProducerRecord<>("connect-raw", null, null, (byte[]) null)).get().offset();
            expected.append("null\n");
            topic.append(String.format("offset %d: tombstone%n", offset));
        }
        Path sink = dir.resolve("raw-out.jsonl");
        connector("raw-sink", Map.of("connector.class", FileStreamSinkConnector.class.getName(),
                "file", sink.toString(), "topics", "connect-raw",
                "value.converter", NpyConverter.class.getName(), "value.converter.npy.connect.representation", "json"));
        String out = awaitLines(sink, arrays.size() + 1);
        report("producer (RawArraySerializer, zstd) -> topic connect-raw -> FileStreamSink "
                + "(value.converter=NpyConverter, npy.connect.representation=json)",
                "topic connect-raw", topic.toString(), "sink file", out);
        assertEquals(expected.toString(), out);
        REPORT.append(String.format("sink file equals the JSON envelopes of the produced arrays, and null for the tombstone%n%n"));
    }

    private static String python(String command, Path path) throws IOException, InterruptedException {
        String script = System.getProperty("kafkanpy.connectScript", "src/test/python/connect_arrays.py");
        Process p = new ProcessBuilder(PYTHON, script, command, path.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), PYTHON + " " + script + " " + command + ": " + out);
        return out;
    }

    private static String oneLine(NdArray array) {
        return array.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String headerText(RecordHeaders headers) {
        StringBuilder text = new StringBuilder();
        headers.forEach(h -> text.append(text.length() == 0 ? "" : ", ").append(h.key()).append('=')
                .append(new String(h.value(), StandardCharsets.UTF_8)));
        return text.toString();
    }

    private static synchronized void report(String pipeline, String... titledSections) {
        REPORT.append("== ").append(pipeline).append(" ==\n");
        for (int i = 0; i < titledSections.length; i += 2) {
            REPORT.append("-- ").append(titledSections[i]).append(" --\n").append(titledSections[i + 1]);
        }
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
