package io.github.kafkanpy.benchmarks;

import io.github.kafkanpy.examples.LocalKafka;
import io.github.kafkanpy.examples.Topics;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.serde.NpyDeserializer;
import io.github.kafkanpy.serde.NpySerializer;
import io.github.kafkanpy.serde.RawArrayDeserializer;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Table 4: produce plus consume on the in-process broker, {@code NpySerde} and
 * {@code RawArraySerde} against {@code ByteArraySerde} carrying byte-identical values (the NPY
 * bytes, or the raw bytes), alternating variants round after round; medians and ratios. A fifth
 * variant sends the raw bytes with {@code RawArraySerde}'s record headers, to tell Kafka's cost of
 * carrying headers from the serde's own.
 *
 * <p>{@code java -cp benchmarks.jar io.github.kafkanpy.benchmarks.EndToEndReport [--quick]}
 */
public final class EndToEndReport {
    private EndToEndReport() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        int rounds = quick ? 1 : 9;
        long bytesPerRun = quick ? 2_000_000 : 48_000_000;
        try (LocalKafka kafka = LocalKafka.start()) {
            System.out.println("| payload | variant | records/s (median) | MB/s (median) | ratio to ByteArraySerde "
                    + "(median of the rounds' ratios) | lowest and highest round's ratio |");
            System.out.println("|---|---|---:|---:|---:|---|");
            for (int floats : new int[] {256 - 32, 16_384 - 32, 262_144 - 32}) {
                float[] values = new float[floats];
                java.util.Random random = new java.util.Random(floats);
                for (int i = 0; i < floats; i++) {
                    values[i] = (float) random.nextGaussian();
                }
                // 32 floats fewer than a power of two: with its 128-byte header the NPY value is exactly 1 KiB, 64 KiB, 1 MiB
                NdArray array = NdArray.of(values);
                byte[] npy = Npy.toBytes(array);
                byte[] raw = new byte[(int) array.nbytes()];
                array.data().get(raw);
                RecordHeaders rawHeaders = new RecordHeaders();
                new RawArraySerializer().serialize("t", rawHeaders, array);
                int records = (int) Math.max(20, bytesPerRun / npy.length);
                Map<String, List<double[]>> results = new LinkedHashMap<>();
                for (int round = 0; round < rounds; round++) {
                    results.computeIfAbsent("ByteArraySerde (NPY bytes)", k -> new ArrayList<>())
                            .add(run(kafka, new ByteArraySerializer(), new ByteArrayDeserializer(), npy, records));
                    results.computeIfAbsent("NpySerde", k -> new ArrayList<>())
                            .add(run(kafka, new NpySerializer(), new NpyDeserializer(), array, records));
                    results.computeIfAbsent("ByteArraySerde (raw bytes)", k -> new ArrayList<>())
                            .add(run(kafka, new ByteArraySerializer(), new ByteArrayDeserializer(), raw, records));
                    results.computeIfAbsent("RawArraySerde", k -> new ArrayList<>())
                            .add(run(kafka, new RawArraySerializer(), new RawArrayDeserializer(), array, records));
                    results.computeIfAbsent("ByteArraySerde (raw bytes + RawArraySerde's headers)", k -> new ArrayList<>())
                            .add(run(kafka, new WithHeaders(rawHeaders), new ByteArrayDeserializer(), raw, records));
                }
                String label = npy.length < 2048 ? "1 KiB" : npy.length < 100_000 ? "64 KiB" : "1 MiB";
                for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
                    // each variant against the baseline carrying its bytes, in the same round: a ratio of
                    // neighbours in time, which the machine's drift from round to round does not move
                    List<double[]> base = results.get(e.getKey().equals("NpySerde") ? "ByteArraySerde (NPY bytes)"
                            : e.getKey().equals("ByteArraySerde (NPY bytes)") ? e.getKey() : "ByteArraySerde (raw bytes)");
                    double[] ratios = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        ratios[r] = e.getValue().get(r)[0] / base.get(r)[0];
                    }
                    Arrays.sort(ratios);
                    double rps = median(e.getValue(), 0);
                    String ratio = String.format("%.2f", ratios[rounds / 2]);
                    String range = String.format("%.2f–%.2f", ratios[0], ratios[rounds - 1]);
                    System.out.printf("| %s | %s | %.0f | %.0f | %s | %s |%n", label, e.getKey(), rps, median(e.getValue(), 1),
                            ratio, range);
                }
            }
        }
    }

    /**
     * Sends bytes as they are with a fixed set of record headers: Kafka's own cost of carrying
     * {@code RawArraySerde}'s metadata, without any of its code.
     */
    private static final class WithHeaders implements Serializer<byte[]> {
        private final Header[] headers;

        WithHeaders(RecordHeaders headers) {
            this.headers = headers.toArray();
        }

        @Override
        public byte[] serialize(String topic, byte[] data) {
            return data;
        }

        @Override
        public byte[] serialize(String topic, Headers target, byte[] data) {
            for (Header h : headers) {
                target.add(h.key(), h.value());
            }
            return data;
        }
    }

    private static double median(List<double[]> runs, int column) {
        double[] v = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }

    /**
     * Produces {@code records} copies of {@code value} to a new topic and consumes them; returns
     * records/s and MB/s. The clients are built, and have their metadata and position, before the
     * clock starts; it covers sending, flushing and consuming.
     */
    private static <T> double[] run(LocalKafka kafka, Serializer<T> ser, Deserializer<T> de, T value, int records)
            throws Exception {
        String topic = "e2e-" + System.nanoTime();
        Topics.create(kafka.bootstrapServers(), 1, topic);
        var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
        long bytes = 0;
        int seen = 0;
        long start;
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20), new org.apache.kafka.common.serialization.StringSerializer(), ser);
             KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20), new org.apache.kafka.common.serialization.StringDeserializer(), de)) {
            producer.partitionsFor(topic);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.position(partition);
            start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (seen < records && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(20))) {
                    seen++;
                    bytes += r.serializedValueSize();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
        if (seen != records) {
            throw new IllegalStateException("consumed " + seen + " of " + records);
        }
        return new double[] {records / seconds, bytes / seconds / 1e6};
    }
}
