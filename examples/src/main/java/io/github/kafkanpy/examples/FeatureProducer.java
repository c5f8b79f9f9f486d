package io.github.kafkanpy.examples;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.serde.NpySerializer;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A feature source: simulated devices send bursts of multi-channel readings, keyed by device id,
 * as raw int16 arrays with dtype and shape in record headers ({@link RawArraySerializer}),
 * delta-shuffle filtered and zstd-compressed, the choice BENCHMARKS.md table 3b recommends for
 * ADC counts of this size; every tenth burst also yields a spectrum, a float32 (129, 4) array
 * sent as zstd-compressed NPY ({@link NpySerializer}) to {@value #SPECTRA_TOPIC}.
 *
 * <pre>{@code
 * try (FeatureProducer producer = new FeatureProducer("localhost:9092", FeatureStreamsApp.READINGS_TOPIC)) {
 *     FeatureProducer.Stats stats = producer.send(3, 100, 50.0, sent -> { });
 * }
 * }</pre>
 *
 * <p>As a program: {@code FeatureProducer [bootstrap.servers] [devices] [readings per device] [records/s]}.
 */
public final class FeatureProducer implements AutoCloseable {
    /** NPY + zstd spectra. */
    public static final String SPECTRA_TOPIC = "sensor-spectra";
    /** One spectrum per this many readings of a device. */
    public static final int SPECTRUM_EVERY = 10;

    private final String readingsTopic;
    private final String spectraTopic;
    private final KafkaProducer<String, NdArray> raw;
    private final KafkaProducer<String, NdArray> npy;

    /**
     * What a run sent: records and serialized bytes per topic, as the broker acknowledged them.
     *
     * @param readings raw readings sent
     * @param readingValueBytes their value bytes
     * @param readingHeaderBytes their header bytes (names and values)
     * @param spectra spectra sent
     * @param spectrumValueBytes their value bytes
     */
    public record Stats(long readings, long readingValueBytes, long readingHeaderBytes, long spectra, long spectrumValueBytes) {
    }

    /**
     * Connects to a cluster; spectra go to {@value #SPECTRA_TOPIC}.
     *
     * @param bootstrapServers the cluster
     * @param readingsTopic the topic of the raw readings
     */
    public FeatureProducer(String bootstrapServers, String readingsTopic) {
        this(bootstrapServers, readingsTopic, SPECTRA_TOPIC);
    }

    /**
     * Connects to a cluster.
     *
     * @param bootstrapServers the cluster
     * @param readingsTopic the topic of the raw readings
     * @param spectraTopic the topic of the spectra
     */
    public FeatureProducer(String bootstrapServers, String readingsTopic, String spectraTopic) {
        this.readingsTopic = readingsTopic;
        this.spectraTopic = spectraTopic;
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        // sampled signals: a delta along time, then byte planes, is what zstd compresses best (BENCHMARKS.md, 3b)
        this.raw = new KafkaProducer<>(config, new StringSerializer(),
                new RawArraySerializer(Compression.ZSTD, Compression.ZSTD.defaultLevel(), Filter.DELTA_SHUFFLE));
        this.npy = new KafkaProducer<>(config, new StringSerializer(), new NpySerializer(Compression.ZSTD));
    }

    /**
     * Sends {@code readingsPerDevice} readings of each device, device after device within each
     * time step, at a limited rate, and waits until the broker acknowledged them all.
     *
     * @param devices how many devices
     * @param readingsPerDevice readings per device
     * @param recordsPerSecond the rate limit over all devices; 0 for none
     * @param progress told the number of readings sent so far, after each time step
     * @return what was sent
     * @throws Exception if a send fails
     */
    public Stats send(int devices, int readingsPerDevice, double recordsPerSecond, IntConsumer progress) throws Exception {
        List<Future<RecordMetadata>> readings = new ArrayList<>();
        List<Future<RecordMetadata>> spectra = new ArrayList<>();
        long headerBytes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < readingsPerDevice; i++) {
            for (int d = 0; d < devices; d++) {
                String device = SensorSimulator.device(d);
                NdArray reading = SensorSimulator.reading(device, i);
                ProducerRecord<String, NdArray> record =
                        new ProducerRecord<>(readingsTopic, null, SensorSimulator.timestamp(i), device, reading);
                readings.add(raw.send(record));
                for (Header h : record.headers()) {
                    headerBytes += h.key().length() + h.value().length;
                }
                if (i % SPECTRUM_EVERY == SPECTRUM_EVERY - 1) {
                    spectra.add(npy.send(new ProducerRecord<>(spectraTopic, null, SensorSimulator.timestamp(i), device,
                            spectrum(FeatureStreamsApp.toVolts(reading)))));
                }
                if (recordsPerSecond > 0) {
                    long due = start + (long) (readings.size() * 1e9 / recordsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
            progress.accept(readings.size());
        }
        raw.flush();
        npy.flush();
        return new Stats(readings.size(), valueBytes(readings), headerBytes, spectra.size(), valueBytes(spectra));
    }

    private static long valueBytes(List<Future<RecordMetadata>> acks) throws Exception {
        long bytes = 0;
        for (Future<RecordMetadata> ack : acks) {
            bytes += ack.get(60, TimeUnit.SECONDS).serializedValueSize();
        }
        return bytes;
    }

    /**
     * Magnitudes of the first half of the discrete Fourier transform of each channel.
     *
     * @param volts float32 (samples, channels)
     * @return float32 (samples / 2 + 1, channels)
     */
    static NdArray spectrum(NdArray volts) {
        int[] shape = volts.shape();
        int n = shape[0];
        int channels = shape[1];
        float[] v = volts.toFloatArray();
        int bins = n / 2 + 1;
        float[] out = new float[bins * channels];
        for (int k = 0; k < bins; k++) {
            for (int c = 0; c < channels; c++) {
                double re = 0;
                double im = 0;
                for (int t = 0; t < n; t++) {
                    double angle = -2 * Math.PI * k * t / n;
                    re += v[t * channels + c] * Math.cos(angle);
                    im += v[t * channels + c] * Math.sin(angle);
                }
                out[k * channels + c] = (float) Math.hypot(re, im);
            }
        }
        return NdArray.of(DType.FLOAT32, out, bins, channels);
    }

    @Override
    public void close() {
        raw.close();
        npy.close();
    }

    /**
     * Sends readings: {@code FeatureProducer [bootstrap.servers] [devices] [readings per device] [records/s]}.
     *
     * @param args bootstrap servers ({@code localhost:9092}), devices (3), readings per device (100), rate (20/s)
     * @throws Exception if sending fails
     */
    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int readings = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 20;
        Topics.create(bootstrap, 3, FeatureStreamsApp.READINGS_TOPIC, SPECTRA_TOPIC);
        try (FeatureProducer producer = new FeatureProducer(bootstrap, FeatureStreamsApp.READINGS_TOPIC)) {
            Stats stats = producer.send(devices, readings, rate, sent -> System.out.printf("sent %d readings%n", sent));
            System.out.println(stats);
        }
    }
}
