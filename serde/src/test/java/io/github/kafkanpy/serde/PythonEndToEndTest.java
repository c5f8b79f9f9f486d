package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Java and Python through a real broker: a Java producer writes every variant, codec and filter and the
 * Python consumer ({@code examples/python/consumer.py} with {@code kafka_npy.decode}) must report
 * the same checksum for every array; Python's {@code np.save} bytes, plain and compressed by
 * Python's own codec modules, must read in Java to the arrays Python hashed.
 */
@ExtendWith(EmbeddedKafka.class)
@Tag("integration")
class PythonEndToEndTest {

    @BeforeAll
    static void pythonSideIsInstalled() {
        PythonKafka.assumeAvailable();
    }

    @Test
    void pythonDecodesEveryVariantAndCodecJavaProduces() throws Exception {
        String topic = "java-to-python-" + System.nanoTime();
        BrokerRoundTripSuite.createTopic(EmbeddedKafka.bootstrapServers(), topic, 1);
        List<NdArray> arrays = BrokerRoundTripSuite.arrays(24, 7);
        Map<String, String> expected = new TreeMap<>();
        try (KafkaProducer<String, byte[]> producer = bytesProducer()) {
            for (String variant : List.of("npy", "raw")) {
                for (Compression codec : Compression.values()) {
                  for (Filter filter : codec == Compression.NONE ? List.of(Filter.NONE) : List.of(Filter.values())) {
                    Serializer<NdArray> ser = variant.equals("npy") ? new NpySerializer(codec, codec.defaultLevel(), filter)
                            : new RawArraySerializer(codec, codec.defaultLevel(), filter);
                    for (int i = 0; i < arrays.size(); i++) {
                        String key = variant + "/" + codec.id() + "+" + filter.id() + "/" + i;
                        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, null);
                        byte[] value = ser.serialize(topic, record.headers(), arrays.get(i));
                        producer.send(new ProducerRecord<>(topic, null, key, value, record.headers())).get(60, TimeUnit.SECONDS);
                        expected.put(key, describe(arrays.get(i)));
                    }
                  }
                }
            }
        }
        List<String> lines = PythonKafka.run(PythonKafka.examples("consumer.py"), "--bootstrap-server",
                EmbeddedKafka.bootstrapServers(), "--topic", topic, "--count", String.valueOf(expected.size()),
                "--format", "tsv", "--timeout", "120");
        Map<String, String> decoded = new TreeMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            decoded.put(f[4], f[5] + " " + f[6] + " " + f[8]);
        }
        assertEquals(expected, decoded, "dtype, shape and checksum of every array as Python decoded it");
    }

    @Test
    void javaReadsWhatPythonNpSaveProduces() throws Exception {
        String topic = "python-to-java-" + System.nanoTime();
        BrokerRoundTripSuite.createTopic(EmbeddedKafka.bootstrapServers(), topic, 1);
        Map<String, String> expected = new TreeMap<>();
        for (String line : PythonKafka.run(PythonKafka.tests("py_produce.py"), EmbeddedKafka.bootstrapServers(), topic)) {
            String[] f = line.split("\t", -1);
            expected.put(f[0], f[1] + " " + f[2] + " " + f[3]);
        }
        Map<String, String> received = new TreeMap<>();
        NpyDeserializer npy = new NpyDeserializer();
        RawArrayDeserializer raw = new RawArrayDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (records.size() < expected.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            for (ConsumerRecord<String, byte[]> r : records) {
                boolean isRaw = r.headers().lastHeader(ArrayHeaders.DTYPE) != null;
                NdArray a = isRaw ? raw.deserialize(topic, r.headers(), r.value()) : npy.deserialize(topic, r.headers(), r.value());
                received.put(r.key(), describe(a));
            }
        }
        assertEquals(expected, received, "dtype, shape and checksum of every array Python produced");
    }

    @Test
    void kafkaPythonReadsBothVariantsThroughTheDecoderHelper() throws Exception {
        String npyTopic = "java-to-kafka-python-npy-" + System.nanoTime();
        String rawTopic = "java-to-kafka-python-raw-" + System.nanoTime();
        BrokerRoundTripSuite.createTopic(EmbeddedKafka.bootstrapServers(), npyTopic, 1);
        BrokerRoundTripSuite.createTopic(EmbeddedKafka.bootstrapServers(), rawTopic, 1);
        List<NdArray> arrays = BrokerRoundTripSuite.arrays(10, 11);
        Map<String, String> expected = new TreeMap<>();
        try (KafkaProducer<String, byte[]> producer = bytesProducer()) {
            for (String variant : List.of("npy", "raw")) {
                for (int i = 0; i < arrays.size(); i++) {
                    Compression codec = Compression.values()[i % Compression.values().length];
                    Serializer<NdArray> ser = variant.equals("raw") ? new RawArraySerializer(codec) : new NpySerializer(codec);
                    String key = variant + "/" + codec.id() + "/" + i;
                    String topic = variant.equals("raw") ? rawTopic : npyTopic;
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, null);
                    byte[] value = ser.serialize(topic, record.headers(), arrays.get(i));
                    producer.send(new ProducerRecord<>(topic, null, key, value, record.headers())).get(60, TimeUnit.SECONDS);
                    expected.put(key, describe(arrays.get(i)));
                }
            }
        }
        Map<String, String> decoded = new TreeMap<>();
        for (String line : PythonKafka.run(PythonKafka.tests("kafka_python_consume.py"), EmbeddedKafka.bootstrapServers(),
                npyTopic, rawTopic, String.valueOf(arrays.size()))) {
            String[] f = line.split("\t", -1);
            decoded.put(f[0], f[1] + " " + f[2] + " " + f[3]);
        }
        assertEquals(expected, decoded);
    }

    @Test
    void theConsumeCommandPrintsOneLinePerRecordTombstonesAndBadRecordsIncluded() throws Exception {
        String topic = "python-consume-command-" + System.nanoTime();
        BrokerRoundTripSuite.createTopic(EmbeddedKafka.bootstrapServers(), topic, 1);
        NdArray image = NdArray.of(DType.UINT8, new int[] {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}, 3, 4);
        try (KafkaProducer<String, byte[]> producer = bytesProducer()) {
            for (Serializer<NdArray> ser : List.<Serializer<NdArray>>of(new NpySerializer(Compression.ZSTD),
                    new RawArraySerializer(Compression.LZ4))) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "cam-1", null);
                byte[] value = ser.serialize(topic, record.headers(), image);
                producer.send(new ProducerRecord<>(topic, null, "cam-1", value, record.headers())).get(60, TimeUnit.SECONDS);
            }
            producer.send(new ProducerRecord<>(topic, "cam-1", null)).get(60, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, "cam-1", new byte[] {1, 2, 3})).get(60, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, "cam-2", Npy.toBytes(NdArray.of(new float[] {1.5f, 2.5f}))))
                    .get(60, TimeUnit.SECONDS);
        }
        List<String> lines = PythonKafka.runPackage("consume", "--bootstrap-server", EmbeddedKafka.bootstrapServers(),
                "--topic", topic, "--from-beginning", "--count", "5", "--timeout", "120");
        assertEquals(5, lines.size(), String.join("\n", lines));
        String summary = "|u1 (3, 4) C [  0   1   2 ... 253 254 255] min=0 max=255 mean=127.5";
        assertEquals("0 0 key=cam-1 " + summary, lines.get(0));
        assertEquals("0 1 key=cam-1 " + summary, lines.get(1));
        assertEquals("0 2 key=cam-1 null", lines.get(2));
        assertTrue(lines.get(3).startsWith("0 3 key=cam-1 error: "), lines.get(3));
        assertTrue(lines.get(4).startsWith("0 4 key=cam-2 <f4 (2,) C [1.5 2.5] min=1.5 max=2.5 mean=2"), lines.get(4));
    }

    private static KafkaProducer<String, byte[]> bytesProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8_388_608), new StringSerializer(), new ByteArraySerializer());
    }

    static String describe(NdArray a) {
        return a.dtype().descr() + " " + Canonical.shape(a) + " " + Canonical.sha256(a);
    }
}
