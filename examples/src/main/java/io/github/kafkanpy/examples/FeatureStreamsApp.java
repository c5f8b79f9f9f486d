package io.github.kafkanpy.examples;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.serde.NpySerde;
import io.github.kafkanpy.serde.NpySerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams application that transforms arrays in flight.
 *
 * <ul>
 *   <li>reads raw int16 ADC bursts of shape (256, 4) from {@value #READINGS_TOPIC} (raw variant,
 *       dtype and shape in record headers, delta-shuffle filtered and zstd-compressed by the
 *       producer; the serde recognises that from the value and needs no setting);</li>
 *   <li>stateless: converts each burst to float32 volts with a per-channel gain and offset, and
 *       writes it to {@value #VOLTS_TOPIC}, raw again, its headers now saying {@code <f4};</li>
 *   <li>stateful: per device and tumbling window, keeps count, sum and maximum per channel in a
 *       window store whose values are {@link NpySerde} arrays (state stores pass no headers, and
 *       NPY values describe themselves), and after every reading writes the window's updated
 *       statistics to {@value #WINDOW_STATS_TOPIC} as one NPZ record with deflated entries (what
 *       {@code np.savez_compressed} writes, so {@code np.load} opens it alone): {@code mean} and
 *       {@code max} float32 per channel, {@code count} int64 per channel and {@code device}, a 0-d
 *       {@code U} string; keyed {@code device@windowStart}, the last update of a window is its
 *       final value.</li>
 * </ul>
 *
 * <p>Exactly-once ({@code exactly_once_v2}); tombstones (null values) are dropped; a malformed array is skipped by
 * {@link PoisonPillHandler} and forwarded to {@value #DEAD_LETTER_TOPIC}.
 *
 * <pre>{@code
 * try (FeatureStreamsApp.Instance app = FeatureStreamsApp.start("localhost:9092", FeatureStreamsApp.TopicNames.DEFAULT,
 *         Duration.ofMinutes(1))) {
 *     ...
 * }
 * }</pre>
 */
public final class FeatureStreamsApp {
    /** Raw int16 bursts, metadata in headers. */
    public static final String READINGS_TOPIC = "sensor-readings";
    /** Raw float32 volts, metadata in headers. */
    public static final String VOLTS_TOPIC = "sensor-volts";
    /** NPZ window summaries: mean, max, count per channel and the device name. */
    public static final String WINDOW_STATS_TOPIC = "sensor-window-stats";
    /** Records that could not be deserialized. */
    public static final String DEAD_LETTER_TOPIC = "sensor-readings-dlq";
    /** The application id, and so the consumer group and the prefix of internal topics. */
    public static final String APPLICATION_ID = "kafka-npy-feature-app";
    /** Tumbling window length. */
    public static final Duration WINDOW = Duration.ofSeconds(5);
    /** How late a reading may arrive and still count in its window. */
    public static final Duration GRACE = Duration.ofSeconds(30);
    /** The window store. */
    public static final String STATS_STORE = "channel-stats";

    /**
     * The application's topics and id; {@link #DEFAULT} uses the constants above, and
     * {@link #withSuffix} gives a run its own set on a shared cluster.
     *
     * @param readings raw int16 input
     * @param volts raw float32 output
     * @param windowStats NPZ window summaries
     * @param deadLetter undeserializable input records
     * @param applicationId the Streams application id
     */
    public record TopicNames(String readings, String volts, String windowStats, String deadLetter, String applicationId) {
        /** The constants of {@link FeatureStreamsApp}. */
        public static final TopicNames DEFAULT =
                new TopicNames(READINGS_TOPIC, VOLTS_TOPIC, WINDOW_STATS_TOPIC, DEAD_LETTER_TOPIC, APPLICATION_ID);

        /**
         * @param suffix appended to every name
         * @return the names with the suffix
         */
        public TopicNames withSuffix(String suffix) {
            return new TopicNames(readings + suffix, volts + suffix, windowStats + suffix, deadLetter + suffix,
                    applicationId + suffix);
        }

        /** @return every topic, for creating them */
        public String[] all() {
            return new String[] {readings, volts, windowStats, deadLetter};
        }
    }

    /** Volts per count of each channel. */
    static final float[] GAIN = {1.0e-4f, 2.0e-4f, 5.0e-5f, 1.25e-4f};
    /** Volts at zero counts of each channel. */
    static final float[] OFFSET = {0.0f, -0.5f, 0.25f, 1.0f};

    private static final Logger LOG = LoggerFactory.getLogger(FeatureStreamsApp.class);
    private static final String STATE_DIR_PREFIX = "kafka-npy-streams-";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private FeatureStreamsApp() {
    }

    /**
     * Adds the application's topology to a builder.
     *
     * @param builder the builder
     */
    public static void buildTopology(StreamsBuilder builder) {
        buildTopology(builder, TopicNames.DEFAULT);
    }

    /**
     * Adds the application's topology, on the given topics, to a builder.
     *
     * @param builder the builder
     * @param topics the topic names
     */
    public static void buildTopology(StreamsBuilder builder, TopicNames topics) {
        KStream<String, NdArray> volts = builder
                .stream(topics.readings(), Consumed.with(Serdes.String(), NpySerdes.raw()))
                .filter((device, counts) -> counts != null)
                .flatMapValues(FeatureStreamsApp::toVoltsOrSkip);
        volts.to(topics.volts(), Produced.with(Serdes.String(), NpySerdes.raw()));
        volts.groupByKey(Grouped.with(Serdes.String(), new NpySerde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, GRACE))
                .aggregate(() -> ChannelStats.empty(GAIN.length), (device, reading, stats) -> ChannelStats.add(stats, reading),
                        Materialized.<String, NdArray, WindowStore<Bytes, byte[]>>as(STATS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new NpySerde()))
                .toStream()
                .map((window, stats) -> KeyValue.pair(windowKey(window.key(), window.window().start()),
                        ChannelStats.summary(window.key(), stats)))
                .to(topics.windowStats(), Produced.with(Serdes.String(), NpySerdes.npz(Compression.GZIP)));
    }

    /**
     * @param device the device
     * @param windowStart the window's start, epoch milliseconds
     * @return the key of a window summary: {@code device@windowStart}
     */
    public static String windowKey(String device, long windowStart) {
        return device + "@" + windowStart;
    }

    /**
     * The stateless step: int16 counts of shape (samples, channels) to float32 volts,
     * {@code volts = counts * GAIN[channel] + OFFSET[channel]}.
     *
     * @param counts int16 (samples, 4)
     * @return float32 (samples, 4)
     */
    public static NdArray toVolts(NdArray counts) {
        int[] shape = counts.shape();
        int[] values = counts.toIntArray();
        float[] volts = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            int c = i % shape[1];
            volts[i] = values[i] * GAIN[c] + OFFSET[c];
        }
        return NdArray.of(DType.FLOAT32, volts, shape);
    }

    private static List<NdArray> toVoltsOrSkip(NdArray counts) {
        int[] shape = counts.shape();
        if (counts.dtype().kind() != DType.Kind.INT16 || shape.length != 2 || shape[1] != GAIN.length) {
            LOG.warn("Skipping a reading of {} {}: expected int16 of shape (samples, {})", counts.dtype(),
                    java.util.Arrays.toString(shape), GAIN.length);
            return List.of();
        }
        return List.of(toVolts(counts));
    }

    /**
     * The application's configuration: exactly-once, the poison-pill handler with its dead-letter
     * topic, the given topic names, application id and state directory.
     *
     * @param bootstrapServers the cluster
     * @param topics the topic names and application id
     * @param stateDir where the window store keeps its files; the caller deletes it after closing the app
     * @return the configuration
     */
    public static Properties streamsConfig(String bootstrapServers, TopicNames topics, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, topics.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonPillHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // internal topics take the cluster's default replication factor
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        // scaled out, each window store has a warm copy on another instance, and a crashed
        // instance's tasks move within 10 s rather than the default 45
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    /**
     * Starts the application in a fresh temporary state directory, so that instances never share
     * one, and waits until it is {@code RUNNING}. Closing the returned instance stops the app and
     * then deletes the directory; the JVM's shutdown (SIGTERM, Ctrl-C) does the same when it comes first.
     *
     * @param bootstrapServers the cluster
     * @param topics the topic names and application id
     * @param timeout how long to wait for {@code RUNNING}
     * @return the running application
     * @throws Exception if it cannot start or is not {@code RUNNING} in time; it is then closed
     */
    public static Instance start(String bootstrapServers, TopicNames topics, Duration timeout) throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        TempDirService<KafkaStreams> app = TempDirService.start(STATE_DIR_PREFIX, stateDir -> {
            StreamsBuilder builder = new StreamsBuilder();
            buildTopology(builder, topics);
            KafkaStreams streams = new KafkaStreams(builder.build(), streamsConfig(bootstrapServers, topics, stateDir));
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            streams.start();
            return streams;
        }, streams -> streams.close(leaveGroupWithin(CLOSE_TIMEOUT)));
        try {
            if (running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Instance(app);
            }
            throw new IllegalStateException("the Streams app did not reach RUNNING within " + timeout);
        } catch (InterruptedException | RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /** A running application and its state directory; {@link #close()} stops the one, then deletes the other. */
    public static final class Instance implements AutoCloseable {
        private final TempDirService<KafkaStreams> app;

        private Instance(TempDirService<KafkaStreams> app) {
            this.app = app;
        }

        /** @return the app's state now */
        public KafkaStreams.State state() {
            return app.service().state();
        }

        /** @return the state directory, which exists until {@link #close()} */
        Path stateDirectory() {
            return app.directory();
        }

        /** Leaves the group, stops the app (waiting up to 30 s) and deletes its state directory. */
        @Override
        public void close() {
            app.close();
        }
    }

    /**
     * How to close the app: leave the consumer group at once, so a replacement instance is assigned
     * the partitions without waiting out the session timeout (Streams stays in the group by default).
     *
     * @param timeout how long to wait for a clean shutdown
     * @return the close options
     */
    public static CloseOptions leaveGroupWithin(Duration timeout) {
        return CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout);
    }

    /**
     * Runs the application until Ctrl-C: {@code FeatureStreamsApp [bootstrap.servers]}.
     *
     * @param args the bootstrap servers, {@code localhost:9092} by default
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        Topics.create(bootstrap, 3, TopicNames.DEFAULT.all());
        // the Streams threads keep the JVM running; at Ctrl-C its shutdown closes the app and deletes its state
        start(bootstrap, TopicNames.DEFAULT, START_TIMEOUT);
        LOG.info("{} running against {}; Ctrl-C stops it", APPLICATION_ID, bootstrap);
    }
}
