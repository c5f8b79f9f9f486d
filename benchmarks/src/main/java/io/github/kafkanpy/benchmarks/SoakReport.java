package io.github.kafkanpy.benchmarks;

import io.github.kafkanpy.examples.FeatureStreamsApp;
import io.github.kafkanpy.examples.LocalKafka;
import io.github.kafkanpy.examples.SensorSimulator;
import io.github.kafkanpy.examples.Topics;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.serde.NpyDeserializer;
import io.github.kafkanpy.serde.NpySerializer;
import io.github.kafkanpy.serde.RawArrayDeserializer;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The soak report: a long stream of arrays through a three-broker cluster (replication factor 3)
 * and the {@link FeatureStreamsApp}, sampled every interval for heap after GC, throughput and
 * end-to-end latency percentiles, with a verdict on whether memory stays flat and a PNG of
 * throughput and heap over time; then records per second through 1 broker against 3 brokers for
 * the NPY and the raw variant, rounds alternating, medians and ratios.
 *
 * <p>Everything runs in this JVM (brokers, Streams app, producer, consumer), so the heap is the
 * whole system's; each sample forces a full collection first, so that it reads the live data. {@code java -cp benchmarks.jar io.github.kafkanpy.benchmarks.SoakReport
 * [--arrays N] [--rate R] [--interval-seconds S] [--brokers N] [--png FILE] [--quick]}
 */
public final class SoakReport {
    private static final String SENT_HEADER = "soak.sent.ms";
    private static final int DEVICES = 12;
    private static final int PARTITIONS = 6;

    private SoakReport() {
    }

    /** One interval's figures. */
    record Sample(double seconds, double recordsPerSecond, double p50, double p95, double p99, double heapAfterGcMb) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        boolean quick = options.containsKey("--quick");
        long arrays = Long.parseLong(options.getOrDefault("--arrays", quick ? "6000" : "1000000"));
        double rate = Double.parseDouble(options.getOrDefault("--rate", quick ? "2000" : "3000"));
        int interval = Integer.parseInt(options.getOrDefault("--interval-seconds", quick ? "1" : "10"));
        Path png = Path.of(options.getOrDefault("--png", "soak.png"));
        int brokers = Integer.parseInt(options.getOrDefault("--brokers", quick ? "1" : "3"));

        List<Sample> samples;
        try (LocalKafka kafka = LocalKafka.start(brokers)) {
            samples = soak(kafka, arrays, rate, interval);
        }
        printSamples(samples, interval);
        printFlatness(samples);
        SoakChart.write(samples, png);
        System.out.println();
        System.out.println("Chart: " + png);
        System.out.println();
        compareBrokers(quick ? 1 : 3, quick ? 2_000 : 100_000);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                options.put("--quick", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("usage: SoakReport [--arrays N] [--rate R] [--interval-seconds S] "
                        + "[--brokers N] [--png FILE] [--quick]");
            }
        }
        return options;
    }

    /** Streams {@code arrays} readings at {@code rate} through the app; samples every {@code interval} seconds. */
    private static List<Sample> soak(LocalKafka kafka, long arrays, double rate, int interval) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        FeatureStreamsApp.TopicNames topics = FeatureStreamsApp.TopicNames.DEFAULT;
        Topics.create(bootstrap, PARTITIONS, topics.all());
        AtomicLong received = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        Latencies latencies = new Latencies();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Sample> samples = new ArrayList<>();
        try (FeatureStreamsApp.Instance app = FeatureStreamsApp.start(bootstrap, topics, Duration.ofMinutes(2))) {
            Future<?> consumer = threads.submit(() -> consume(bootstrap, topics.volts(), arrays, received, latencies));
            Future<?> producer = threads.submit(() -> {
                produce(bootstrap, topics.readings(), arrays, rate);
                producing.set(false);
                return null;
            });
            long start = System.nanoTime();
            long last = 0;
            while (!consumer.isDone()) {
                TimeUnit.SECONDS.sleep(interval);
                long now = received.get();
                long[] window = latencies.drain();
                samples.add(new Sample((System.nanoTime() - start) / 1e9, (now - last) / (double) interval,
                        percentile(window, 0.50), percentile(window, 0.95), percentile(window, 0.99), heapAfterGcMb()));
                last = now;
                if (producer.isDone()) {
                    producer.get();
                }
            }
            consumer.get();
        } finally {
            threads.shutdownNow();
        }
        return samples;
    }

    private static void produce(String bootstrap, String topic, long arrays, double rate) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long start = System.nanoTime();
        try (KafkaProducer<String, NdArray> producer = new KafkaProducer<>(props, new StringSerializer(), new RawArraySerializer())) {
            for (long n = 0; n < arrays; n++) {
                long due = start + (long) (n * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String device = SensorSimulator.device((int) (n % DEVICES));
                long now = System.currentTimeMillis();
                ProducerRecord<String, NdArray> record = new ProducerRecord<>(topic, null, now, device,
                        SensorSimulator.reading(device, n / DEVICES));
                record.headers().add(SENT_HEADER, ByteBuffer.allocate(8).putLong(now).array());
                producer.send(record);
            }
        }
    }

    private static Void consume(String bootstrap, String topic, long arrays, AtomicLong received, Latencies latencies) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "soak-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            RawArrayDeserializer raw = new RawArrayDeserializer();
            while (received.get() < arrays) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    raw.deserialize(r.topic(), r.headers(), r.value());
                    Header sent = r.headers().lastHeader(SENT_HEADER);
                    latencies.add(System.currentTimeMillis() - ByteBuffer.wrap(sent.value()).getLong());
                    received.incrementAndGet();
                }
            }
        }
        return null;
    }

    /** End-to-end latencies of one interval, in milliseconds. */
    private static final class Latencies {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long millis) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = millis;
        }

        synchronized long[] drain() {
            long[] out = Arrays.copyOf(values, size);
            size = 0;
            Arrays.sort(out);
            return out;
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    /**
     * The heap in use right after a full collection, in MB: what the live data needs. A young
     * collection's figure would not do: G1 leaves garbage promoted to the old generation until its
     * next marking cycle, so it climbs for minutes with no leak at all. The pause is outside the
     * latency measurement's control, so the report says it forces one per sample.
     */
    private static double heapAfterGcMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }

    private static void printSamples(List<Sample> samples, int interval) {
        System.out.println("| time (s) | records/s | latency p50 (ms) | p95 (ms) | p99 (ms) | heap after GC (MB) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (Sample s : samples) {
            System.out.printf("| %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", s.seconds(), s.recordsPerSecond(), s.p50(), s.p95(),
                    s.p99(), s.heapAfterGcMb());
        }
    }

    /**
     * Whether memory is flat: the least-squares slope of heap after GC over the last 80% of the
     * samples, and the change it amounts to over that span against the span's mean.
     */
    private static void printFlatness(List<Sample> samples) {
        List<Sample> tail = samples.subList(samples.size() / 5, samples.size());
        double n = tail.size();
        double mx = tail.stream().mapToDouble(Sample::seconds).sum() / n;
        double my = tail.stream().mapToDouble(Sample::heapAfterGcMb).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (Sample s : tail) {
            sxy += (s.seconds() - mx) * (s.heapAfterGcMb() - my);
            sxx += (s.seconds() - mx) * (s.seconds() - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double span = tail.get(tail.size() - 1).seconds() - tail.get(0).seconds();
        double change = slope * span;
        System.out.println();
        System.out.printf("Heap after GC over the last 80%% (%d samples, %.0f s): mean %.0f MB, trend %+.2f MB/min, "
                + "%+.0f MB over the span (%+.1f%% of the mean): %s%n", tail.size(), span, my, slope * 60, change,
                100 * change / my, Math.abs(change) < 0.10 * my ? "flat" : "GROWING");
    }

    /** Records per second, producer to consumer, through 1 and through 3 brokers, for NPY and raw; rounds alternate. */
    private static void compareBrokers(int rounds, int records) throws Exception {
        NdArray array = NdArray.of(new float[224], 224);
        System.out.println("| variant | 1 broker records/s (median) | 3 brokers, RF 3 records/s (median) | ratio 3/1 (median of rounds) |");
        System.out.println("|---|---:|---:|---:|");
        try (LocalKafka one = LocalKafka.start(1); LocalKafka three = LocalKafka.start(3)) {
            for (String variant : List.of("NPY", "raw")) {
                double[] single = new double[rounds];
                double[] triple = new double[rounds];
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    single[r] = throughput(one.bootstrapServers(), variant, array, records);
                    triple[r] = throughput(three.bootstrapServers(), variant, array, records);
                    ratio[r] = triple[r] / single[r];
                }
                System.out.printf("| %s (1 KiB float32) | %.0f | %.0f | %.2f |%n", variant, median(single), median(triple), median(ratio));
            }
        }
    }

    private static double throughput(String bootstrap, String variant, NdArray array, int records) throws Exception {
        String topic = "compare-" + variant + "-" + UUID.randomUUID();
        Topics.create(bootstrap, PARTITIONS, topic);
        Serializer<NdArray> serializer = variant.equals("NPY") ? new NpySerializer() : new RawArraySerializer();
        Deserializer<NdArray> deserializer = variant.equals("NPY") ? new NpyDeserializer() : new RawArrayDeserializer();
        long start = System.nanoTime();
        try (KafkaProducer<String, NdArray> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), serializer)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i % DEVICES), array));
            }
        }
        int read = 0;
        try (KafkaConsumer<String, NdArray> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            while (read < records) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return records / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
