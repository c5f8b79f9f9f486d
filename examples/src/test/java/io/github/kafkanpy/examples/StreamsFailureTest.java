package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FeatureStreamsApp} scaled out on a three-broker cluster, under faults: instances run as
 * their own JVMs, exactly as a user runs them, with {@code exactly_once_v2} and one standby per
 * store, on readings spread over six partitions. A crashed instance (SIGKILL, no clean close) or a
 * broker stopped hard must leave the outputs exactly what the uninterrupted single-instance
 * computation gives: every volts array, every window's final statistics, nothing twice.
 */
@Timeout(300)
@Tag("integration")
class StreamsFailureTest {
    private static final int DEVICES = 12;
    private static final int READINGS = 40;
    private static final int PARTITIONS = 6;
    private static final double RATE = 30;

    @Test
    void twoThenThreeInstancesWithOneKilledMidStreamGiveExactlyTheUninterruptedOutput(@TempDir Path work) throws Exception {
        try (LocalKafka kafka = LocalKafka.start(3)) {
            String bootstrap = prepare(kafka);
            List<ChildJvm> instances = new ArrayList<>();
            try {
                instances.add(instance(work, 1, bootstrap));
                instances.add(instance(work, 2, bootstrap));
                Run run = produce(bootstrap, List.of(
                        new Step(DEVICES * READINGS / 4, () -> instances.add(instance(work, 3, bootstrap))),
                        new Step(DEVICES * READINGS / 2, () -> instances.get(0).kill())));
                report("instance 1 of 3 killed (SIGKILL)", run,
                        ExpectedOutputs.assertExact(bootstrap, FeatureStreamsApp.TopicNames.DEFAULT, DEVICES, READINGS));
            } finally {
                for (ChildJvm i : instances) {
                    i.close();
                }
            }
        }
    }

    @Test
    void aBrokerStoppedHardUnderTwoInstancesChangesNothingInTheOutput(@TempDir Path work) throws Exception {
        try (LocalKafka kafka = LocalKafka.start(3)) {
            String bootstrap = prepare(kafka);
            int leader = leaderOfReadings(bootstrap);
            try (ChildJvm first = instance(work, 1, bootstrap); ChildJvm second = instance(work, 2, bootstrap)) {
                Run run = produce(bootstrap, List.of(
                        new Step(DEVICES * READINGS / 3, () -> kafka.stopBroker(leader)),
                        new Step(2 * DEVICES * READINGS / 3, () -> kafka.restartBroker(leader))));
                report("broker " + leader + " stopped hard and restarted", run,
                        ExpectedOutputs.assertExact(bootstrap, FeatureStreamsApp.TopicNames.DEFAULT, DEVICES, READINGS));
            }
        }
    }

    /** Creates the app's topics with six partitions (replication factor 3, the cluster's default). */
    private static String prepare(LocalKafka kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Topics.create(bootstrap, PARTITIONS, FeatureStreamsApp.TopicNames.DEFAULT.all());
        Topics.create(bootstrap, 1, FeatureProducer.SPECTRA_TOPIC);
        return bootstrap;
    }

    /** One instance of the app in a JVM of its own, as {@code FeatureStreamsApp bootstrap} runs it; returns once it runs. */
    private static ChildJvm instance(Path work, int n, String bootstrap) throws Exception {
        ChildJvm app = ChildJvm.start(work.resolve("instance-" + n), FeatureStreamsApp.class, bootstrap);
        assertTrue(app.awaitInStderr("Ctrl-C stops it"), "instance " + n + " is running:\n" + app.stderr());
        return app;
    }

    private static int leaderOfReadings(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.describeTopics(List.of(FeatureStreamsApp.READINGS_TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(FeatureStreamsApp.READINGS_TOPIC).partitions().get(0).leader().id();
        }
    }

    /** A fault to inject once this many readings have been sent. */
    record Step(int afterSent, Fault fault) {
    }

    @FunctionalInterface
    interface Fault {
        void inject() throws Exception;
    }

    record Run(long sent, long millis) {
    }

    /**
     * Sends every reading at a steady rate and injects each fault when its point in the stream is
     * reached; the source waits for the fault to be done, so each lands mid-stream however slow
     * the machine is.
     */
    private static Run produce(String bootstrap, List<Step> steps) throws Exception {
        long start = System.nanoTime();
        ExecutorService source = Executors.newSingleThreadExecutor();
        List<CountDownLatch> reached = steps.stream().map(s -> new CountDownLatch(1)).toList();
        List<CountDownLatch> done = steps.stream().map(s -> new CountDownLatch(1)).toList();
        Future<FeatureProducer.Stats> sending = source.submit(() -> {
            try (FeatureProducer producer = new FeatureProducer(bootstrap, FeatureStreamsApp.READINGS_TOPIC)) {
                return producer.send(DEVICES, READINGS, RATE, sent -> {
                    for (int i = 0; i < steps.size(); i++) {
                        if (sent >= steps.get(i).afterSent() && reached.get(i).getCount() > 0) {
                            reached.get(i).countDown();
                            await(done.get(i));
                        }
                    }
                });
            }
        });
        try {
            for (int i = 0; i < steps.size(); i++) {
                assertTrue(reached.get(i).await(120, TimeUnit.SECONDS), "the stream reached fault " + (i + 1));
                try {
                    steps.get(i).fault().inject();
                } finally {
                    done.get(i).countDown();
                }
            }
            long sent = sending.get(120, TimeUnit.SECONDS).readings();
            assertEquals(DEVICES * READINGS, sent, "readings sent");
            return new Run(sent, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            source.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line for the record: sent, received, and (the outputs having been found exact) none lost or duplicated. */
    private static void report(String fault, Run run, ExpectedOutputs.Counts counts) {
        System.out.printf("%s: %d readings sent in %s; received %d volts arrays and %d window updates (%d windows, "
                + "all final statistics exact); lost 0, duplicated 0%n", fault, run.sent(), Duration.ofMillis(run.millis()),
                counts.volts(), counts.windowUpdates(), counts.windows());
    }
}
