package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.serde.NpzDeserializer;
import io.github.kafkanpy.serde.RawArrayDeserializer;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every branch of the topology, driven record by record with headers. */
class FeatureStreamsAppTopologyTest {
    private static final long WINDOW = FeatureStreamsApp.WINDOW.toMillis();
    private static final long T0 = SensorSimulator.EPOCH_MS;

    private TopologyTestDriver driver;
    private TestInputTopic<String, NdArray> readings;
    private TestInputTopic<String, byte[]> rawBytes;
    private TestOutputTopic<String, NdArray> volts;
    private TestOutputTopic<String, Map<String, NdArray>> stats;

    @BeforeEach
    void startDriver(@TempDir Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        FeatureStreamsApp.buildTopology(builder);
        Properties config = FeatureStreamsApp.streamsConfig("unused:9092", FeatureStreamsApp.TopicNames.DEFAULT, stateDir);
        driver = new TopologyTestDriver(builder.build(), config);
        readings = driver.createInputTopic(FeatureStreamsApp.READINGS_TOPIC, new StringSerializer(), new RawArraySerializer());
        rawBytes = driver.createInputTopic(FeatureStreamsApp.READINGS_TOPIC, new StringSerializer(), new ByteArraySerializer());
        volts = driver.createOutputTopic(FeatureStreamsApp.VOLTS_TOPIC, new StringDeserializer(), new RawArrayDeserializer());
        stats = driver.createOutputTopic(FeatureStreamsApp.WINDOW_STATS_TOPIC, new StringDeserializer(), new NpzDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void readingsBecomeFloat32VoltsWithHeadersThatSaySo() {
        NdArray counts = SensorSimulator.reading("device-0", 3);
        readings.pipeInput(new TestRecord<>("device-0", counts, new RecordHeaders(), Instant.ofEpochMilli(T0)));
        TestRecord<String, NdArray> out = volts.readRecord();
        assertEquals("device-0", out.key());
        assertEquals(FeatureStreamsApp.toVolts(counts), out.value());
        assertEquals("<f4", header(out.headers(), "npy.dtype"));
        assertEquals(SensorSimulator.SAMPLES + "," + SensorSimulator.CHANNELS, header(out.headers(), "npy.shape"));
        assertEquals("C", header(out.headers(), "npy.order"));
        float[] v = out.value().toFloatArray();
        int[] c = counts.toIntArray();
        assertEquals(c[5] * 2.0e-4f - 0.5f, v[5]);
    }

    @Test
    void windowSummariesAreNpzRecordsOfMeanMaxCountAndDeviceWithoutRawHeaders() {
        NdArray a = SensorSimulator.reading("device-1", 0);
        NdArray b = SensorSimulator.reading("device-1", 1);
        readings.pipeInput(new TestRecord<>("device-1", a, new RecordHeaders(), Instant.ofEpochMilli(T0)));
        readings.pipeInput(new TestRecord<>("device-1", b, new RecordHeaders(), Instant.ofEpochMilli(T0 + 250)));
        List<TestRecord<String, Map<String, NdArray>>> out = stats.readRecordsToList();
        assertEquals(2, out.size(), "one update per reading");
        TestRecord<String, Map<String, NdArray>> last = out.get(1);
        assertEquals(FeatureStreamsApp.windowKey("device-1", T0), last.key());
        Map<String, NdArray> expected = ChannelStats.summary("device-1", ChannelStats.add(ChannelStats.add(
                ChannelStats.empty(4), FeatureStreamsApp.toVolts(a)), FeatureStreamsApp.toVolts(b)));
        assertEquals(expected, last.value());
        assertEquals(List.of("mean", "max", "count", "device"), List.copyOf(last.value().keySet()), "entry order is kept");
        assertEquals(DType.FLOAT32, last.value().get("mean").dtype());
        assertArrayEquals(new int[] {4}, last.value().get("max").shape());
        long two = 2L * SensorSimulator.SAMPLES;
        assertArrayEquals(new long[] {two, two, two, two}, last.value().get("count").toLongArray(),
                "count: the samples of each of 2 readings");
        assertEquals(DType.str(8), last.value().get("device").dtype());
        assertArrayEquals(new int[0], last.value().get("device").shape());
        assertEquals("device-1", last.value().get("device").getString());
        assertNull(last.headers().lastHeader("npy.dtype"), "raw headers from the input must not describe NPY output");
    }

    @Test
    void readingsOnEitherSideOfAWindowBoundaryLandInDifferentWindows() {
        long lastOfFirst = T0 + WINDOW - 1;
        readings.pipeInput(new TestRecord<>("device-2", SensorSimulator.reading("device-2", 0), new RecordHeaders(),
                Instant.ofEpochMilli(lastOfFirst)));
        readings.pipeInput(new TestRecord<>("device-2", SensorSimulator.reading("device-2", 1), new RecordHeaders(),
                Instant.ofEpochMilli(T0 + WINDOW)));
        List<TestRecord<String, Map<String, NdArray>>> out = stats.readRecordsToList();
        assertEquals(FeatureStreamsApp.windowKey("device-2", T0), out.get(0).key());
        assertEquals(FeatureStreamsApp.windowKey("device-2", T0 + WINDOW), out.get(1).key());
        assertEquals(SensorSimulator.SAMPLES, out.get(0).value().get("count").toLongArray()[0]);
        assertEquals(SensorSimulator.SAMPLES, out.get(1).value().get("count").toLongArray()[0]);
    }

    @Test
    void theWindowStoreHoldsNpyArraysThatNeedNoHeaders() {
        readings.pipeInput(new TestRecord<>("device-3", SensorSimulator.reading("device-3", 0), new RecordHeaders(),
                Instant.ofEpochMilli(T0)));
        WindowStore<String, NdArray> store = driver.getWindowStore(FeatureStreamsApp.STATS_STORE);
        NdArray state = store.fetch("device-3", T0);
        assertEquals(DType.FLOAT64, state.dtype());
        assertArrayEquals(new int[] {3, 4}, state.shape());
        assertEquals(SensorSimulator.SAMPLES, state.getDouble(0, 0));
    }

    @Test
    void aPoisonPillIsSkippedAndTheAppGoesOn() {
        long before = PoisonPillHandler.skipped();
        Headers lying = new RecordHeaders();
        lying.add("npy.dtype", "<i2".getBytes(StandardCharsets.UTF_8));
        lying.add("npy.shape", "16,4".getBytes(StandardCharsets.UTF_8));
        rawBytes.pipeInput(new TestRecord<>("device-0", new byte[] {1, 2, 3}, lying, Instant.ofEpochMilli(T0)));
        rawBytes.pipeInput(new TestRecord<>("device-0", new byte[128], new RecordHeaders(), Instant.ofEpochMilli(T0)));
        readings.pipeInput(new TestRecord<>("device-0", SensorSimulator.reading("device-0", 0), new RecordHeaders(),
                Instant.ofEpochMilli(T0)));
        assertEquals(before + 2, PoisonPillHandler.skipped(), "a short value and a value without headers");
        // TopologyTestDriver does not produce dead-letter records; FeatureStreamsAppIntegrationTest checks them
        assertEquals(1, volts.readRecordsToList().size(), "the good reading after the pills still flows");
    }

    @Test
    void tombstonesAreDroppedAndTheAppGoesOn() {
        readings.pipeInput(new TestRecord<>("device-0", null, new RecordHeaders(), Instant.ofEpochMilli(T0)));
        readings.pipeInput(new TestRecord<>("device-0", SensorSimulator.reading("device-0", 0), new RecordHeaders(),
                Instant.ofEpochMilli(T0)));
        assertEquals(1, volts.readRecordsToList().size());
        assertEquals(1, stats.readRecordsToList().size());
    }

    @Test
    void aReadingLaterThanTheGracePeriodDoesNotReopenItsWindow() {
        readings.pipeInput(new TestRecord<>("device-0", SensorSimulator.reading("device-0", 0), new RecordHeaders(),
                Instant.ofEpochMilli(T0)));
        long afterGrace = T0 + WINDOW + FeatureStreamsApp.GRACE.toMillis() + 1;
        readings.pipeInput(new TestRecord<>("device-0", SensorSimulator.reading("device-0", 1), new RecordHeaders(),
                Instant.ofEpochMilli(afterGrace)));
        readings.pipeInput(new TestRecord<>("device-0", SensorSimulator.reading("device-0", 2), new RecordHeaders(),
                Instant.ofEpochMilli(T0 + 1)));
        assertEquals(2, stats.readRecordsToList().size(), "the late reading updates no window");
        assertEquals(3, volts.readRecordsToList().size(), "but is still converted");
    }

    @Test
    void readingsOfTheWrongDtypeOrShapeAreSkipped() {
        readings.pipeInput(new TestRecord<>("device-0", NdArray.of(new float[64], 16, 4), new RecordHeaders(),
                Instant.ofEpochMilli(T0)));
        readings.pipeInput(new TestRecord<>("device-0", NdArray.of(new short[48], 16, 3), new RecordHeaders(),
                Instant.ofEpochMilli(T0)));
        assertTrue(volts.isEmpty());
        assertTrue(stats.isEmpty());
    }

    private static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
