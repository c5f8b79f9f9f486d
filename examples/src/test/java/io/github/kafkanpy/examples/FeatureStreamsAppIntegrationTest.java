package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.npy.NdArray;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streams app on a real broker ({@link LocalKafka}), exactly-once: every output array checked
 * against what it must be, also across a restart in the middle of the stream.
 */
@ExtendWith(SharedLocalKafka.class)
@Tag("integration")
class FeatureStreamsAppIntegrationTest {
    private static final int DEVICES = 3;
    private static final int READINGS = 60;

    @Test
    void everyOutputArrayIsWhatTheInputMakesOfIt() throws Exception {
        FeatureStreamsApp.TopicNames topics = fresh();
        produce(topics, 0, READINGS);
        poisonPill(topics);
        try (FeatureStreamsApp.Instance app = start(topics)) {
            assertOutputs(topics);
            List<ConsumerRecord<String, byte[]>> dead = Demo.readAll(SharedLocalKafka.bootstrapServers(), topics.deadLetter(), 1);
            assertEquals(1, dead.size(), "the poison pill is kept in the dead-letter topic");
            assertTrue(new String(dead.get(0).headers().lastHeader("error").value(), StandardCharsets.UTF_8).contains("needs 128"));
        }
    }

    @Test
    void aRestartInTheMiddleOfTheStreamNeitherLosesNorDoubleCounts() throws Exception {
        FeatureStreamsApp.TopicNames topics = fresh();
        int total = DEVICES * 2 * READINGS;
        AtomicInteger produced = new AtomicInteger();
        CountDownLatch aThirdSent = new CountDownLatch(1);
        CountDownLatch firstClosed = new CountDownLatch(1);
        ExecutorService source = Executors.newSingleThreadExecutor();
        FeatureStreamsApp.Instance first = start(topics);
        // the source pauses after a third of the stream until the first instance has closed, so the
        // stop lands in the middle however slow the machine is; it then goes on at 40 readings a
        // second while the second instance starts and restores
        Future<FeatureProducer.Stats> sending = source.submit(() -> {
            try (FeatureProducer producer = new FeatureProducer(SharedLocalKafka.bootstrapServers(), topics.readings())) {
                return producer.send(DEVICES, 2 * READINGS, 40, sent -> {
                    produced.set(sent);
                    if (sent >= total / 3 && aThirdSent.getCount() > 0) {
                        aThirdSent.countDown();
                        awaitQuietly(firstClosed);
                    }
                });
            }
        });
        int processedBeforeStop;
        int producedAtStop;
        try {
            assertTrue(aThirdSent.await(60, TimeUnit.SECONDS), "a third of the stream was sent");
            Demo.readAll(SharedLocalKafka.bootstrapServers(), topics.volts(), 1);
            first.close();
            assertEquals(KafkaStreams.State.NOT_RUNNING, first.state(), "the first instance closed");
            assertFalse(Files.exists(first.stateDirectory()), "its state directory deleted");
            processedBeforeStop = Demo.readAll(SharedLocalKafka.bootstrapServers(), topics.volts(), 1).size();
            producedAtStop = produced.get();
        } finally {
            firstClosed.countDown();
        }
        assertTrue(processedBeforeStop > 0 && producedAtStop < total,
                "stopped in the middle: processed " + processedBeforeStop + ", produced " + producedAtStop + " of " + total);

        // the new instance starts from an empty state directory and restores its window store from the changelog
        try (FeatureStreamsApp.Instance second = start(topics)) {
            assertEquals(total, sending.get(60, TimeUnit.SECONDS).readings());
            assertOutputs(topics, 2 * READINGS);
        } finally {
            source.shutdown();
        }
    }

    @Test
    void asAProgramStoppedBySigtermItLeavesNothingInTheTempFolder(@TempDir Path work) throws Exception {
        try (ChildJvm app = ChildJvm.start(work, FeatureStreamsApp.class, SharedLocalKafka.bootstrapServers())) {
            assertTrue(app.awaitInStderr("Ctrl-C stops it"), "the app announced it is running:\n" + app.stderr());
            assertEquals(1, app.leftovers().size(), "its state directory: " + app.leftovers());
            app.terminate();
            assertEquals(ChildJvm.SIGTERM_EXIT, app.awaitExit(), "ended by the signal, not before");
            assertEquals(List.of(), app.leftovers(), "left in the temp folder; standard error:\n" + app.stderr());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertOutputs(FeatureStreamsApp.TopicNames topics) {
        assertOutputs(topics, READINGS);
    }

    private static void assertOutputs(FeatureStreamsApp.TopicNames topics, int readings) {
        ExpectedOutputs.assertExact(SharedLocalKafka.bootstrapServers(), topics, DEVICES, readings);
    }

    private static FeatureStreamsApp.TopicNames fresh() throws Exception {
        FeatureStreamsApp.TopicNames topics = FeatureStreamsApp.TopicNames.DEFAULT.withSuffix("-" + System.nanoTime());
        Topics.create(SharedLocalKafka.bootstrapServers(), 3, topics.all());
        Topics.create(SharedLocalKafka.bootstrapServers(), 1, FeatureProducer.SPECTRA_TOPIC);
        return topics;
    }

    private static void produce(FeatureStreamsApp.TopicNames topics, int from, int count) throws Exception {
        // one record at a time, so each reading's offset order is its index order
        try (KafkaProducer<String, NdArray> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                SharedLocalKafka.bootstrapServers()), new StringSerializer(), new io.github.kafkanpy.serde.RawArraySerializer())) {
            for (int i = from; i < from + count; i++) {
                for (int d = 0; d < DEVICES; d++) {
                    String device = SensorSimulator.device(d);
                    producer.send(new ProducerRecord<>(topics.readings(), null, SensorSimulator.timestamp(i), device,
                            SensorSimulator.reading(device, i))).get(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static void poisonPill(FeatureStreamsApp.TopicNames topics) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                SharedLocalKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> pill = new ProducerRecord<>(topics.readings(), "device-0", new byte[5]);
            pill.headers().add("npy.dtype", "<i2".getBytes(StandardCharsets.UTF_8));
            pill.headers().add("npy.shape", "16,4".getBytes(StandardCharsets.UTF_8));
            producer.send(pill).get(60, TimeUnit.SECONDS);
        }
    }

    private static FeatureStreamsApp.Instance start(FeatureStreamsApp.TopicNames topics) throws Exception {
        return FeatureStreamsApp.start(SharedLocalKafka.bootstrapServers(), topics, Duration.ofSeconds(60));
    }
}
