package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NPZ and JSON serdes through a real broker: configured by class name in Java clients, and
 * between Java and Python ({@code serde/src/test/python/archive_records.py}, with confluent-kafka
 * and with kafka-python) in both directions, every NPZ codec included. Python checks that
 * {@code np.load} alone opens the stored and deflated archives.
 */
@ExtendWith(EmbeddedKafka.class)
@Tag("integration")
class ArchiveAndJsonBrokerTest {
    private static final List<Compression> CODECS = List.of(Compression.values());

    @Test
    void npzAndJsonSerdesConfiguredByClassNameRoundTripEveryCodec() throws Exception {
        String npzTopic = "npz-" + System.nanoTime();
        String jsonTopic = "json-" + System.nanoTime();
        BrokerRoundTripSuite.createTopic(EmbeddedKafka.bootstrapServers(), npzTopic, 3);
        BrokerRoundTripSuite.createTopic(EmbeddedKafka.bootstrapServers(), jsonTopic, 3);
        Map<String, NdArray> archive = archive();
        for (Compression codec : CODECS) {
            try (KafkaProducer<String, Map<String, NdArray>> producer = new KafkaProducer<>(producerConfig(
                    NpzSerializer.class, Map.of(NpySerdeConfig.COMPRESSION_TYPE_CONFIG, codec.id())))) {
                producer.send(new ProducerRecord<>(npzTopic, "npz/" + codec.id(), archive)).get(60, TimeUnit.SECONDS);
            }
        }
        try (KafkaProducer<String, NdArray> producer = new KafkaProducer<>(producerConfig(JsonArraySerializer.class, Map.of()))) {
            for (Map.Entry<String, NdArray> single : singles().entrySet()) {
                producer.send(new ProducerRecord<>(jsonTopic, "json/" + single.getKey(), single.getValue()))
                        .get(60, TimeUnit.SECONDS);
            }
        }

        Map<String, Map<String, NdArray>> archives = new HashMap<>();
        consume(List.of(npzTopic), NpzDeserializer.class, CODECS.size()).forEach(r -> archives.put(r.key(), r.value()));
        for (Compression codec : CODECS) {
            Map<String, NdArray> read = archives.get("npz/" + codec.id());
            assertEquals(archive, read, "NpzDeserializer, " + codec.id());
            assertEquals(List.copyOf(archive.keySet()), List.copyOf(read.keySet()), "entry order, " + codec.id());
        }
        Map<String, NdArray> envelopes = new HashMap<>();
        consume(List.of(jsonTopic), JsonArrayDeserializer.class, singles().size()).forEach(r -> envelopes.put(r.key(), r.value()));
        singles().forEach((name, array) -> assertEquals(array, envelopes.get("json/" + name), "JsonArrayDeserializer, " + name));

        Map<String, ArrayValue> any = new TreeMap<>();
        consume(List.of(npzTopic, jsonTopic), AnyArrayDeserializer.class, CODECS.size() + singles().size())
                .forEach(r -> any.put(r.key(), r.value()));
        for (Compression codec : CODECS) {
            ArrayValue value = any.get("npz/" + codec.id());
            assertEquals(ArrayValue.Format.NPZ, value.format(), codec.id());
            assertEquals(archive, value.arrays(), "AnyArrayDeserializer, " + codec.id());
        }
        singles().forEach((name, array) -> {
            assertEquals(ArrayValue.Format.JSON, any.get("json/" + name).format(), name);
            assertEquals(array, any.get("json/" + name).array(), "AnyArrayDeserializer, " + name);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"confluent", "kafka-python"})
    void pythonReadsTheArchivesAndEnvelopesJavaProduces(String client) throws Exception {
        PythonKafka.assumeAvailable();
        String topic = "java-npz-json-to-" + client + "-" + System.nanoTime();
        BrokerRoundTripSuite.createTopic(EmbeddedKafka.bootstrapServers(), topic, 1);
        TreeSet<String> expected = new TreeSet<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Compression codec : CODECS) {
                String key = "npz/" + codec.id();
                producer.send(new ProducerRecord<>(topic, key, new NpzSerializer(codec).serialize(topic, archive())))
                        .get(60, TimeUnit.SECONDS);
                archive().forEach((name, array) -> expected.add(line(key, name, array)));
            }
            for (Map.Entry<String, NdArray> single : singles().entrySet()) {
                String key = "json/" + single.getKey();
                producer.send(new ProducerRecord<>(topic, key, new JsonArraySerializer().serialize(topic, single.getValue())))
                        .get(60, TimeUnit.SECONDS);
                expected.add(line(key, "-", single.getValue()));
            }
        }
        int records = CODECS.size() + singles().size();
        List<String> lines = PythonKafka.run(PythonKafka.tests("archive_records.py"), "consume", client,
                EmbeddedKafka.bootstrapServers(), topic, String.valueOf(records));
        assertEquals(expected, new TreeSet<>(lines), "key, entry, dtype, shape and checksum of every array Python decoded");
        assertEquals(expected.size(), lines.size(), "no array twice");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"confluent", "kafka-python"})
    void javaReadsTheArchivesAndEnvelopesPythonProduces(String client) throws Exception {
        PythonKafka.assumeAvailable();
        String topic = client + "-npz-json-to-java-" + System.nanoTime();
        BrokerRoundTripSuite.createTopic(EmbeddedKafka.bootstrapServers(), topic, 1);
        List<String> sent = PythonKafka.run(PythonKafka.tests("archive_records.py"), "produce", client,
                EmbeddedKafka.bootstrapServers(), topic);
        TreeSet<String> keys = new TreeSet<>();
        sent.forEach(l -> keys.add(l.split("\t", -1)[0]));
        List<String> received = new ArrayList<>();
        for (ConsumerRecord<String, ArrayValue> r : consume(List.of(topic), AnyArrayDeserializer.class, keys.size())) {
            if (r.value().isArchive()) {
                r.value().arrays().forEach((name, array) -> received.add(line(r.key(), name, array)));
            } else {
                received.add(line(r.key(), "-", r.value().array()));
            }
        }
        assertEquals(new TreeSet<>(sent), new TreeSet<>(received), "every array Python produced");
        assertEquals(sent.size(), received.size(), "no array twice");
    }

    /** The archive Java writes: every kind of entry {@code archive()} in archive_records.py writes, built in Java. */
    static Map<String, NdArray> archive() {
        Random random = new Random(10);
        float[] embedding = new float[64];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = (float) random.nextGaussian();
        }
        long[] ids = new long[12];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        Map<String, NdArray> archive = new LinkedHashMap<>();
        archive.put("embedding", NdArray.of(embedding));
        archive.put("ids", NdArray.of(ids, 3, 4));
        archive.put("label", NdArray.of(new String[] {"cat"}).reshape());
        archive.put("names", NdArray.of(DType.str(3, ByteOrder.BIG_ENDIAN), new String[] {"ab", "\uD83D\uDE00", "", "xyz"}, 2, 2));
        archive.put("raw/bytes", NdArray.of(DType.bytes(3), new String[] {"a\0b", ""}, 2));
        archive.put("half", NdArray.of(DType.FLOAT16, new float[] {0, 1, 2, 3, 4, 5}, 2, 3).toFortranOrder());
        archive.put("empty", NdArray.of(DType.UINT16, new int[0], 0, 3));
        archive.put("ünïcode name", NdArray.of(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}));
        return archive;
    }

    /** Single arrays Java writes as JSON envelopes. */
    static Map<String, NdArray> singles() {
        Map<String, NdArray> singles = new LinkedHashMap<>();
        singles.put("f4", NdArray.of(new float[] {1.5f, -0f, Float.NaN, 3e38f, 1e-45f, 7}, 2, 3));
        singles.put("u8-fortran", NdArray.of(DType.UINT64, new long[] {0, -1, 1L << 60, 5L << 60, 42, 7}, 2, 3).toFortranOrder());
        singles.put("c16-scalar", NdArray.of(DType.COMPLEX128, new double[] {1.5, -2}).reshape());
        singles.put("i2-bigendian", NdArray.of(DType.INT16, new short[] {-4, -3, -2, -1, 0, 1, 2, 3}).withByteOrder(ByteOrder.BIG_ENDIAN));
        singles.put("b1-empty", NdArray.of(new boolean[0], 2, 0));
        singles.put("u5-strings", NdArray.of(new String[] {"naïve", "\uD83D\uDE00", ""}));
        return singles;
    }

    /** One line as archive_records.py prints it: key, entry ({@code -} for a single array), descr, shape, checksum. */
    private static String line(String key, String entry, NdArray array) {
        return String.join("\t", key, entry, array.dtype().descr(), Canonical.shape(array), Canonical.sha256(array));
    }

    private static Map<String, Object> producerConfig(Class<? extends Serializer<?>> valueSerializer, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer.getName());
        return config;
    }

    /** The first {@code count} records of the topics, read by a consumer given the deserializer's class name. */
    private static <V> List<ConsumerRecord<String, V>> consume(List<String> topics, Class<? extends Deserializer<V>> deserializer,
            int count) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topics.get(0) + "-" + deserializer.getSimpleName(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, deserializer.getName()))) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(count, records.size(), "records read from " + topics);
        return records;
    }
}
