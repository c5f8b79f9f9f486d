package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arrays through a real broker with real {@code KafkaProducer} and {@code KafkaConsumer}, for
 * both variants and every codec, configured by class name as applications do: every array must
 * come back bit for bit (NaN payloads included), in order within its partition, exactly once.
 */
abstract class BrokerRoundTripSuite {
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 60;
    private static final String[] KEYS = {"device-a", "device-b", "device-c", "device-d", "device-e"};

    /** The bootstrap servers of the broker under test. */
    abstract String bootstrapServers();

    static Stream<Arguments> variantsAndCodecs() {
        List<Arguments> out = new ArrayList<>();
        for (String variant : List.of("npy", "raw")) {
            for (Compression c : Compression.values()) {
                out.add(Arguments.of(variant, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndCodecs")
    void arraysArriveBitForBitInOrderExactlyOnce(String variant, Compression compression) throws Exception {
        String topic = "roundtrip-" + variant + "-" + compression.id() + "-" + System.nanoTime();
        createTopic(bootstrapServers(), topic, PARTITIONS);
        List<NdArray> sent = arrays(RECORDS, compression.ordinal() * 100 + variant.length());
        Class<?> serializer = variant.equals("npy") ? NpySerializer.class : RawArraySerializer.class;
        Class<?> deserializer = variant.equals("npy") ? NpyDeserializer.class : RawArrayDeserializer.class;

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, serializer.getName());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "8388608");
        producerProps.put(NpySerdeConfig.COMPRESSION_TYPE_CONFIG, compression.id());
        try (KafkaProducer<String, NdArray> producer = new KafkaProducer<>(producerProps)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, KEYS[i % KEYS.length], sent.get(i))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, deserializer.getName());
        List<ConsumerRecord<String, NdArray>> received = new ArrayList<>();
        try (KafkaConsumer<String, NdArray> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            // anything beyond the expected count would be a duplicate: give it a chance to show
            consumer.poll(Duration.ofMillis(500)).forEach(received::add);
        }

        assertEquals(sent.size(), received.size(), "nothing lost, nothing duplicated");
        Map<String, Integer> lastIndexPerKey = new HashMap<>();
        Map<Integer, Long> lastOffsetPerPartition = new HashMap<>();
        boolean[] seen = new boolean[sent.size()];
        for (ConsumerRecord<String, NdArray> r : received) {
            int index = indexOf(sent, r.value(), r.key());
            assertTrue(index >= 0, "received an array that was not sent: " + r.value());
            assertTrue(!seen[index], "array " + index + " arrived twice");
            seen[index] = true;
            assertTrue(lastIndexPerKey.getOrDefault(r.key(), -1) < index, "order of key " + r.key());
            lastIndexPerKey.put(r.key(), index);
            assertTrue(lastOffsetPerPartition.getOrDefault(r.partition(), -1L) < r.offset(), "offsets increase");
            lastOffsetPerPartition.put(r.partition(), r.offset());
        }
    }

    /**
     * Instances handed to the client constructors are never configured: the key serdes from
     * {@link NpySerdes#rawKey} must still write and read {@code key.npy.*} headers, the value
     * serializer must keep its constructor's codec, and the same record sent twice must arrive twice.
     */
    @Test
    void unconfiguredInstancesCarryRawKeysAndConstructorCodecsAndRecordsCanBeSentTwice() throws Exception {
        String topic = "instances-" + System.nanoTime();
        createTopic(bootstrapServers(), topic, 1);
        NdArray key = NdArray.of(new long[] {7, 8, 9});
        NdArray value = NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Map<String, Object> producerProps = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<NdArray, NdArray> producer = new KafkaProducer<>(producerProps,
                NpySerdes.rawKey(Compression.ZSTD).serializer(), new RawArraySerializer(Compression.GZIP))) {
            ProducerRecord<NdArray, NdArray> record = new ProducerRecord<>(topic, key, value);
            producer.send(record).get(60, TimeUnit.SECONDS);
            producer.send(record).get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerProps = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<NdArray, NdArray>> received = new ArrayList<>();
        try (KafkaConsumer<NdArray, NdArray> consumer = new KafkaConsumer<>(consumerProps,
                NpySerdes.rawKey().deserializer(), new RawArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertEquals(2, received.size());
        for (ConsumerRecord<NdArray, NdArray> r : received) {
            assertEquals(key, r.key());
            assertEquals(value, r.value());
            assertEquals("zstd", new String(r.headers().lastHeader("key.npy.compression").value(), StandardCharsets.UTF_8));
            assertEquals("gzip", new String(r.headers().lastHeader("npy.compression").value(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Creates a topic and waits until each partition's leader answers: a ListOffsets request
     * succeeds only once the broker leads the partition, so no first produce meets
     * NOT_LEADER_OR_FOLLOWER. Until the broker has the topic, ListOffsets answers
     * UNKNOWN_TOPIC_OR_PARTITION, and is asked again.
     */
    static void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    // the broker learns of a new topic a moment after the controller has it
                    if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
        }
    }

    private static int indexOf(List<NdArray> sent, NdArray value, String key) {
        for (int i = 0; i < sent.size(); i++) {
            if (KEYS[i % KEYS.length].equals(key) && sent.get(i).equals(value)) {
                return i;
            }
        }
        return -1;
    }

    /** Distinct arrays of many dtypes, byte orders, shapes and layouts, NaNs with payloads among them. */
    static List<NdArray> arrays(int count, long seed) {
        Random random = new Random(seed);
        List<NdArray> out = new ArrayList<>();
        DType.Kind[] kinds = java.util.Arrays.stream(DType.Kind.values()).filter(k -> !k.isString()).toArray(DType.Kind[]::new);
        for (int i = 0; i < count; i++) {
            DType.Kind kind = kinds[i % kinds.length];
            DType dtype = DType.of(kind, i % 3 == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int[] shape = i % 7 == 0 ? new int[0] : i % 5 == 0 ? new int[] {4, 0} : new int[] {2 + i % 3, 3, 1 + i % 2};
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            byte[] bytes = new byte[n * dtype.itemSize()];
            random.nextBytes(bytes);
            if (kind == DType.Kind.FLOAT64 && n > 0) {
                ByteBuffer.wrap(bytes).order(dtype.byteOrder()).putLong(0, 0x7ff8_dead_beef_0001L);
            }
            NdArray array = NdArray.wrap(dtype, ByteBuffer.wrap(bytes), false, shape);
            out.add(i % 4 == 1 ? array.toFortranOrder() : array);
        }
        out.add(NdArray.of(new float[512 * 1024], 512, 1024));
        return out;
    }
}
