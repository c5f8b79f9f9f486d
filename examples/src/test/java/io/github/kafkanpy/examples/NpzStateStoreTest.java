package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.serde.NpySerdes;
import io.github.kafkanpy.serde.NpzDeserializer;
import io.github.kafkanpy.serde.NpzSerializer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code NpzSerde} as the value serde of a persistent (RocksDB) state store: an aggregate whose
 * state is several named arrays, which a store holds without record headers.
 */
class NpzStateStoreTest {
    private static final String STORE = "feature-totals";

    @ParameterizedTest
    @EnumSource(Compression.class)
    void anAggregateKeepsNamedArraysInAStoreAndEmitsThem(Compression codec, @TempDir Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("features", Consumed.with(Serdes.String(), NpySerdes.npz(codec)))
                .groupByKey(Grouped.with(Serdes.String(), NpySerdes.npz(codec)))
                .aggregate(NpzStateStoreTest::empty, (user, features, totals) -> add(totals, features),
                        Materialized.<String, Map<String, NdArray>, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(NpySerdes.npz(codec)))
                .toStream()
                .to("totals", Produced.with(Serdes.String(), NpySerdes.npz(codec)));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "npz-state");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<String, Map<String, NdArray>> in = driver.createInputTopic("features", new StringSerializer(),
                    new NpzSerializer(codec));
            TestOutputTopic<String, Map<String, NdArray>> out = driver.createOutputTopic("totals", new StringDeserializer(),
                    new NpzDeserializer());
            in.pipeInput("user-1", features(new float[] {1, 2, 3}, "click"));
            in.pipeInput("user-1", features(new float[] {0.5f, 0.5f, 0.5f}, "view"));
            in.pipeInput("user-2", features(new float[] {9, 9, 9}, "buy"));

            KeyValueStore<String, Map<String, NdArray>> store = driver.getKeyValueStore(STORE);
            Map<String, NdArray> user1 = store.get("user-1");
            assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, user1.get("sum").toFloatArray());
            assertArrayEquals(new long[] {2}, user1.get("count").toLongArray());
            assertEquals("view", user1.get("last").getString());
            assertEquals(List.of("sum", "count", "last"), List.copyOf(user1.keySet()));
            List<Map<String, NdArray>> emitted = out.readValuesToList();
            assertEquals(3, emitted.size());
            assertEquals(user1, emitted.get(1));
        }
    }

    private static Map<String, NdArray> empty() {
        Map<String, NdArray> totals = new LinkedHashMap<>();
        totals.put("sum", NdArray.of(new float[3]));
        totals.put("count", NdArray.of(new long[] {0}));
        totals.put("last", NdArray.of(new String[] {""}).reshape());
        return totals;
    }

    private static Map<String, NdArray> features(float[] embedding, String event) {
        Map<String, NdArray> features = new LinkedHashMap<>();
        features.put("embedding", NdArray.of(embedding));
        features.put("event", NdArray.of(new String[] {event}).reshape());
        return features;
    }

    private static Map<String, NdArray> add(Map<String, NdArray> totals, Map<String, NdArray> features) {
        float[] sum = totals.get("sum").toFloatArray();
        float[] embedding = features.get("embedding").toFloatArray();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += embedding[i];
        }
        Map<String, NdArray> next = new LinkedHashMap<>();
        next.put("sum", NdArray.of(sum));
        next.put("count", NdArray.of(new long[] {totals.get("count").toLongArray()[0] + 1}));
        next.put("last", features.get("event"));
        return next;
    }
}
