package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.serde.NpzDeserializer;
import io.github.kafkanpy.serde.RawArrayDeserializer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What {@link FeatureStreamsApp} must have written for a stream of simulated readings, whatever
 * happened on the way: one volts array per reading, equal to its conversion, none twice; one window
 * update per reading, and each window's last update equal to the uninterrupted computation.
 */
final class ExpectedOutputs {
    /** Volts arrays and window updates read, and the windows they finish with. */
    record Counts(int volts, int windowUpdates, int windows) {
    }

    private ExpectedOutputs() {
    }

    /**
     * Reads the output topics (read_committed) and checks them.
     *
     * @param bootstrap the cluster
     * @param topics the app's topics
     * @param devices how many devices sent readings
     * @param readings how many readings each device sent
     * @return what was read, once it was all found exact
     */
    static Counts assertExact(String bootstrap, FeatureStreamsApp.TopicNames topics, int devices, int readings) {
        int total = devices * readings;
        List<ConsumerRecord<String, byte[]>> volts = Demo.readAll(bootstrap, topics.volts(), total);
        Set<String> missing = new java.util.TreeSet<>();
        for (int d = 0; d < devices; d++) {
            for (int i = 0; i < readings; i++) {
                missing.add(SensorSimulator.device(d) + "#" + i);
            }
        }
        for (ConsumerRecord<String, byte[]> r : volts) {
            missing.remove(r.key() + "#" + (r.timestamp() - SensorSimulator.EPOCH_MS) / SensorSimulator.INTERVAL_MS);
        }
        assertEquals(total, volts.size(), "one volts array per reading, none twice; missing " + missing);
        RawArrayDeserializer raw = new RawArrayDeserializer();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : volts) {
            long index = (r.timestamp() - SensorSimulator.EPOCH_MS) / SensorSimulator.INTERVAL_MS;
            assertTrue(seen.add(r.key() + "#" + index), "duplicate volts for " + r.key() + " #" + index);
            assertEquals(FeatureStreamsApp.toVolts(SensorSimulator.reading(r.key(), index)),
                    raw.deserialize(r.topic(), r.headers(), r.value()), r.key() + " #" + index);
        }
        List<ConsumerRecord<String, byte[]>> updates = Demo.readAll(bootstrap, topics.windowStats(), total);
        assertEquals(total, updates.size(), "one window update per reading: nothing lost, nothing counted twice");
        Map<String, Map<String, NdArray>> last = new HashMap<>();
        NpzDeserializer npz = new NpzDeserializer();
        for (ConsumerRecord<String, byte[]> r : updates) {
            last.put(r.key(), npz.deserialize(r.topic(), r.headers(), r.value()));
        }
        Map<String, Map<String, NdArray>> expected = Demo.expectedWindows(devices, readings);
        assertEquals(expected.keySet(), last.keySet());
        expected.forEach((key, summary) -> assertEquals(summary, last.get(key), key));
        return new Counts(volts.size(), updates.size(), last.size());
    }
}
