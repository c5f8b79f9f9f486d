package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.serde.AnyArrayDeserializer;
import io.github.kafkanpy.serde.ArrayValue;
import io.github.kafkanpy.serde.NpySerializer;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A three-broker cluster loses the leader of the partitions it is writing to, hard, in the middle
 * of a stream of NPY and raw arrays, and gets it back: with {@code acks=all} and idempotence
 * every array arrives bit-exact, once, in its key's order.
 */
@Timeout(240)
@Tag("integration")
class BrokerFailureTest {
    private static final int KEYS = 6;
    private static final int PER_KEY = 400;
    private static final int PARTITIONS = 3;

    /** The array for one key and sequence number: its first element is the number, the rest depends on both. */
    static NdArray array(int key, int seq) {
        float[] v = new float[64];
        v[0] = seq;
        for (int i = 1; i < v.length; i++) {
            v[i] = (float) Math.sin(key * 1000.0 + seq * 0.37 + i);
        }
        return NdArray.of(v, 8, 8);
    }

    static long checksum(NdArray a) {
        CRC32 crc = new CRC32();
        crc.update(Npy.toBytes(a));
        return crc.getValue();
    }

    @Test
    void theLeaderStoppedHardMidStreamLosesAndDuplicatesNothingInEitherVariant() throws Exception {
        try (LocalKafka kafka = LocalKafka.start(3)) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("failover-npy", PARTITIONS, (short) 3),
                        new NewTopic("failover-raw", PARTITIONS, (short) 3))).all().get(30, TimeUnit.SECONDS);
            }
            Map<String, Long> sent = new ConcurrentHashMap<>();
            AtomicReference<Exception> failed = new AtomicReference<>();
            int leader;
            try (KafkaProducer<String, NdArray> npy = producer(bootstrap, new NpySerializer(Compression.ZSTD));
                    KafkaProducer<String, NdArray> raw = producer(bootstrap, new RawArraySerializer(Compression.LZ4))) {
                leader = leaderOf(bootstrap, "failover-npy");
                for (int seq = 0; seq < PER_KEY; seq++) {
                    if (seq == PER_KEY / 3) {
                        kafka.stopBroker(leader);
                    }
                    if (seq == 2 * PER_KEY / 3) {
                        kafka.restartBroker(leader);
                    }
                    for (int key = 0; key < KEYS; key++) {
                        NdArray a = array(key, seq);
                        String id = "k" + key;
                        for (var p : List.of(Map.entry("failover-npy", npy), Map.entry("failover-raw", raw))) {
                            p.getValue().send(new ProducerRecord<>(p.getKey(), id, a), (meta, e) -> {
                                if (e != null) {
                                    failed.compareAndSet(null, e);
                                }
                            });
                            sent.put(p.getKey() + "/" + id + "/" + a.getDouble(0, 0), checksum(a));
                        }
                    }
                    Thread.sleep(5);
                }
                npy.flush();
                raw.flush();
            }
            assertEquals(null, failed.get(), "every send acknowledged");
            for (String topic : List.of("failover-npy", "failover-raw")) {
                Result r = consumeAndCheck(bootstrap, topic, sent);
                System.out.printf("%s: leader %d stopped and restarted; sent %d, received %d, lost %d, duplicated %d,"
                        + " out of order %d, corrupt %d%n", topic, leader, KEYS * PER_KEY, r.received, r.lost, r.duplicated,
                        r.outOfOrder, r.corrupt);
                assertEquals(KEYS * PER_KEY, r.received, topic + " received");
                assertEquals(0, r.lost + r.duplicated + r.outOfOrder + r.corrupt, topic + ": " + r);
            }
            assertTrue(leaderOf(bootstrap, "failover-npy") > 0, "the partition has a leader again");
        }
    }

    private static KafkaProducer<String, NdArray> producer(String bootstrap, Serializer<NdArray> serializer) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return new KafkaProducer<>(props, new StringSerializer(), serializer);
    }

    private static int leaderOf(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            return d.partitions().get(0).leader().id();
        }
    }

    /** What a consumer read back, against what was sent. */
    record Result(int received, int lost, int duplicated, int outOfOrder, int corrupt) {
    }

    private static Result consumeAndCheck(String bootstrap, String topic, Map<String, Long> sent) {
        AnyArrayDeserializer reader = new AnyArrayDeserializer();
        Map<String, List<Integer>> seqs = new HashMap<>();
        int received = 0;
        int corrupt = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline && (received < KEYS * PER_KEY
                    || System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(2))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    quietSince = System.nanoTime();
                    received++;
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    ArrayValue value = reader.deserialize(topic, r.headers(), ByteBuffer.wrap(r.value()));
                    NdArray a = value.array();
                    Long expected = sent.get(topic + "/" + key + "/" + a.getDouble(0, 0));
                    if (expected == null || expected != checksum(a)) {
                        corrupt++;
                    }
                    seqs.computeIfAbsent(key, k -> new ArrayList<>()).add((int) a.getDouble(0, 0));
                }
            }
        }
        int lost = 0;
        int duplicated = 0;
        int outOfOrder = 0;
        for (int key = 0; key < KEYS; key++) {
            List<Integer> got = seqs.getOrDefault("k" + key, List.of());
            long distinct = got.stream().distinct().count();
            duplicated += got.size() - (int) distinct;
            lost += PER_KEY - (int) distinct;
            for (int i = 1; i < got.size(); i++) {
                outOfOrder += got.get(i) <= got.get(i - 1) ? 1 : 0;
            }
        }
        return new Result(received, lost, duplicated, outOfOrder, corrupt);
    }
}
