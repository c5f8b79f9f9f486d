package io.github.kafkanpy.examples;

import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.serde.NpyDeserializer;
import io.github.kafkanpy.serde.NpzDeserializer;
import io.github.kafkanpy.serde.RawArrayDeserializer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The whole story in one command: an embedded broker ({@code --brokers 3} for a three-broker
 * cluster, or {@code --bootstrap-server HOST:PORT} for a cluster of your own),
 * the {@link FeatureProducer} sending raw sensor arrays, the {@link FeatureStreamsApp}
 * transforming them, a Java consumer checking every output array against what it must be, and
 * the Python consumer ({@code examples/python/consumer.py}) decoding the same arrays with numpy.
 *
 * <pre>
 * mvn -q -pl examples -am compile exec:java
 * mvn -q -pl examples -am compile exec:java -Dexec.args="--brokers 3"
 * mvn -q -pl examples -am compile exec:java -Dexec.args="--devices 5 --readings 200 --bootstrap-server localhost:9092"
 * </pre>
 */
public final class Demo {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final PrintStream out;
    private final long started = System.nanoTime();

    private Demo(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the demo and exits with 0 when every array was verified.
     *
     * @param args {@code [--bootstrap-server HOST:PORT | --brokers N] [--devices N] [--readings N] [--rate R] [--no-python]}
     * @throws Exception if the demo cannot run
     */
    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /**
     * Runs the demo.
     *
     * @param args as for {@link #main}
     * @param out where progress and the summary go
     * @return 0 when every array was verified, 1 otherwise, 2 for bad arguments
     * @throws Exception if the demo cannot run
     */
    public static int run(String[] args, PrintStream out) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--devices", "3", "--readings", "40", "--rate", "0", "--brokers", "1"));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-python")) {
                options.put("--no-python", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                out.println("usage: Demo [--bootstrap-server HOST:PORT | --brokers N] [--devices N] [--readings N] [--rate R] [--no-python]");
                return 2;
            }
        }
        return new Demo(out).run(options.get("--bootstrap-server"), Integer.parseInt(options.get("--brokers")),
                Integer.parseInt(options.get("--devices")),
                Integer.parseInt(options.get("--readings")), Double.parseDouble(options.get("--rate")),
                !options.containsKey("--no-python"));
    }

    private int run(String bootstrapOption, int brokers, int devices, int readings, double rate, boolean python)
            throws Exception {
        LocalKafka kafka = null;
        String bootstrap = bootstrapOption;
        FeatureStreamsApp.TopicNames topics = FeatureStreamsApp.TopicNames.DEFAULT;
        String spectraTopic = FeatureProducer.SPECTRA_TOPIC;
        if (bootstrap == null) {
            step(brokers == 1 ? "Starting an embedded Kafka broker (KRaft, in this JVM)"
                    : "Starting an embedded Kafka cluster of " + brokers + " brokers (KRaft, in this JVM, replication factor 3)");
            kafka = LocalKafka.start(brokers);
            bootstrap = kafka.bootstrapServers();
            done("ready at " + bootstrap);
        } else {
            // a shared cluster may hold earlier runs: give this one its own topics and application id
            String suffix = "-" + Long.toString(System.currentTimeMillis(), 36);
            topics = topics.withSuffix(suffix);
            spectraTopic += suffix;
            out.println("Using the Kafka cluster at " + bootstrap + " (topics suffixed " + suffix + ")");
        }
        FeatureStreamsApp.Instance app = null;
        try {
            step("Creating topics");
            List<String> names = new ArrayList<>(List.of(topics.all()));
            names.add(spectraTopic);
            Topics.create(bootstrap, 3, names.toArray(String[]::new));
            done(String.join(", ", names));

            step("Starting the Streams app (exactly_once_v2)");
            app = FeatureStreamsApp.start(bootstrap, topics, WAIT);
            done("running");

            out.printf("Producing %d readings from %d devices (int16 (%d, %d), raw variant, delta-shuffle + zstd, headers)%n",
                    devices * readings, devices, SensorSimulator.SAMPLES, SensorSimulator.CHANNELS);
            FeatureProducer.Stats sent;
            try (FeatureProducer producer = new FeatureProducer(bootstrap, topics.readings(), spectraTopic)) {
                int total = devices * readings;
                sent = producer.send(devices, readings, rate, n -> {
                    if (n == total || n % Math.max(1, total / 4) < devices) {
                        out.printf("  sent %d/%d%n", n, total);
                    }
                });
            }
            sendPoisonPill(bootstrap, topics.readings());
            out.printf("  sent 1 poison pill (a value 5 bytes long claiming int16 (%d, %d))%n", SensorSimulator.SAMPLES,
                    SensorSimulator.CHANNELS);

            Verification v = verify(bootstrap, topics, spectraTopic, devices, readings);
            int pythonChecked = python ? runPython(bootstrap, topics, v) : -1;

            out.println();
            out.println("Summary");
            out.printf("  records in:            %d readings, %d spectra, 1 poison pill%n", sent.readings(), sent.spectra());
            out.printf("  records out:           %d volts arrays, %d window updates, %d dead letters%n",
                    v.volts.size(), v.windowUpdates.size(), v.deadLetters);
            out.printf("  arrays verified:       %d/%d volts, %d/%d windows (final values)%n", v.voltsOk, devices * readings,
                    v.windowsOk, v.expectedWindows);
            out.printf("  python (numpy):        %s%n", pythonChecked < 0 ? "skipped"
                    : pythonChecked + "/" + v.checksums.size() + " arrays decoded, checksums equal Java's");
            out.printf("  bytes per record:      raw int16 (%d, %d) delta-shuffle+zstd %d value + %d headers"
                            + " | NPZ window stats (deflated) %.0f | NPY+zstd spectrum (%d, %d) %.0f%n",
                    SensorSimulator.SAMPLES, SensorSimulator.CHANNELS,
                    sent.readingValueBytes() / Math.max(1, sent.readings()), sent.readingHeaderBytes() / Math.max(1, sent.readings()),
                    v.windowBytes / (double) Math.max(1, v.windowUpdates.size()),
                    SensorSimulator.SAMPLES / 2 + 1, SensorSimulator.CHANNELS,
                    sent.spectrumValueBytes() / (double) Math.max(1, sent.spectra()));
            out.printf("  time:                  %.1f s%n", (System.nanoTime() - started) / 1e9);
            boolean ok = v.voltsOk == devices * readings && v.windowsOk == v.expectedWindows
                    && v.windowUpdates.size() == devices * readings && v.deadLetters == 1 && pythonChecked != 0;
            out.println(ok ? "OK: every array verified" : "FAILED: see above");
            return ok ? 0 : 1;
        } finally {
            if (app != null) {
                app.close();
            }
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    /** What the Java consumer found in the output topics. */
    private static final class Verification {
        final List<ConsumerRecord<String, byte[]>> volts = new ArrayList<>();
        final List<ConsumerRecord<String, byte[]>> windowUpdates = new ArrayList<>();
        final Map<String, String> checksums = new HashMap<>();
        int voltsOk;
        int windowsOk;
        int expectedWindows;
        long deadLetters;
        long windowBytes;
    }

    private Verification verify(String bootstrap, FeatureStreamsApp.TopicNames topics, String spectraTopic, int devices,
            int readings) throws Exception {
        Verification v = new Verification();
        RawArrayDeserializer raw = new RawArrayDeserializer();
        NpyDeserializer npy = new NpyDeserializer();
        NpzDeserializer npz = new NpzDeserializer();
        int total = devices * readings;

        step("Java consumer: checking every volts array");
        v.volts.addAll(readAll(bootstrap, topics.volts(), total));
        for (ConsumerRecord<String, byte[]> r : v.volts) {
            NdArray volts = raw.deserialize(r.topic(), r.headers(), r.value());
            long index = (r.timestamp() - SensorSimulator.EPOCH_MS) / SensorSimulator.INTERVAL_MS;
            if (volts.equals(FeatureStreamsApp.toVolts(SensorSimulator.reading(r.key(), index)))) {
                v.voltsOk++;
            }
            v.checksums.put(checksumKey(r, ""), Checksums.sha256(volts));
        }
        done(v.voltsOk + "/" + total + " equal to the expected conversion");

        step("Java consumer: checking every window summary");
        v.windowUpdates.addAll(readAll(bootstrap, topics.windowStats(), total));
        Map<String, Map<String, NdArray>> last = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : v.windowUpdates) {
            Map<String, NdArray> summary = npz.deserialize(r.topic(), r.headers(), r.value());
            last.put(r.key(), summary);
            v.windowBytes += r.serializedValueSize();
            summary.forEach((name, array) -> v.checksums.put(checksumKey(r, name), Checksums.sha256(array)));
        }
        Map<String, Map<String, NdArray>> expected = expectedWindows(devices, readings);
        v.expectedWindows = expected.size();
        expected.forEach((key, summary) -> v.windowsOk += summary.equals(last.get(key)) ? 1 : 0);
        done(v.windowsOk + "/" + expected.size() + " windows equal to the expected mean, max and count");
        v.deadLetters = readAll(bootstrap, topics.deadLetter(), 1).size();

        int expectedSpectra = devices * (readings / FeatureProducer.SPECTRUM_EVERY);
        List<ConsumerRecord<String, byte[]>> spectra = expectedSpectra == 0 ? List.of() : readAll(bootstrap, spectraTopic, 1);
        out.println();
        out.println("A few arrays as the Java consumer sees them:");
        ConsumerRecord<String, byte[]> firstVolts = v.volts.get(0);
        long index = (firstVolts.timestamp() - SensorSimulator.EPOCH_MS) / SensorSimulator.INTERVAL_MS;
        show("reading " + firstVolts.key() + " #" + index + " (int16 counts, as produced)",
                SensorSimulator.reading(firstVolts.key(), index));
        show(topics.volts() + " " + firstVolts.key() + " (float32 volts)",
                raw.deserialize(firstVolts.topic(), firstVolts.headers(), firstVolts.value()));
        String someWindow = last.keySet().iterator().next();
        out.println("  " + topics.windowStats() + " " + someWindow + " (NPZ: mean, max, count per channel, device):");
        last.get(someWindow).forEach((name, array) -> out.println("    " + name + ": " + array));
        if (!spectra.isEmpty()) {
            show(spectraTopic + " " + spectra.get(0).key(), npy.deserialize(spectraTopic, spectra.get(0).headers(),
                    spectra.get(0).value()));
        }
        return v;
    }

    /** The final summary of every window, computed from the simulator without Kafka. */
    static Map<String, Map<String, NdArray>> expectedWindows(int devices, int readings) {
        long size = FeatureStreamsApp.WINDOW.toMillis();
        Map<String, NdArray> states = new LinkedHashMap<>();
        Map<String, String> devicesByKey = new HashMap<>();
        for (int d = 0; d < devices; d++) {
            String device = SensorSimulator.device(d);
            for (int i = 0; i < readings; i++) {
                long ts = SensorSimulator.timestamp(i);
                String key = FeatureStreamsApp.windowKey(device, ts - ts % size);
                NdArray state = states.getOrDefault(key, ChannelStats.empty(SensorSimulator.CHANNELS));
                states.put(key, ChannelStats.add(state, FeatureStreamsApp.toVolts(SensorSimulator.reading(device, i))));
                devicesByKey.put(key, device);
            }
        }
        Map<String, Map<String, NdArray>> summaries = new LinkedHashMap<>();
        states.forEach((key, state) -> summaries.put(key, ChannelStats.summary(devicesByKey.get(key), state)));
        return summaries;
    }

    private int runPython(String bootstrap, FeatureStreamsApp.TopicNames topics, Verification v) throws Exception {
        Path script = pythonScript();
        String python = script == null ? null : pythonWithPackage();
        if (python == null || !canImport(python, "kafka_npy, confluent_kafka, numpy")) {
            out.println();
            out.println("Python consumer skipped: it needs Python with the kafka_npy package (pip install ./python),");
            out.println("  confluent_kafka and numpy (Debian: apt-get install python3-confluent-kafka python3-numpy python3-venv;");
            out.println("  the demo then makes its environment with scripts/python-env.sh)");
            return -1;
        }
        int count = v.volts.size() + v.windowUpdates.size();
        out.println();
        step("Python consumer (" + script + ") decoding " + count + " records (" + v.checksums.size() + " arrays) with numpy");
        // the consumer gives up by itself after --timeout seconds, so reading its output ends
        Process p = new ProcessBuilder(python, script.toString(), "--bootstrap-server", bootstrap,
                "--topic", topics.volts(), "--topic", topics.windowStats(), "--count", String.valueOf(count),
                "--format", "tsv", "--timeout", "120").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (p.waitFor() != 0) {
            done("failed");
            return 0;
        }
        int matching = 0;
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length == 9 && f[8].equals(v.checksums.get(String.join("/", f[0], f[1], f[2], f[3])))) {
                matching++;
            }
        }
        done(matching + "/" + v.checksums.size() + " checksums equal Java's");
        lines.stream().filter(l -> l.startsWith(topics.windowStats())).limit(4).forEach(l -> {
            String[] f = l.split("\t");
            out.printf("  python: %s key=%s %s dtype=%s shape=(%s) sha256=%s...%n", f[0], f[4], f[3], f[5], f[6],
                    f[8].substring(0, 16));
        });
        return matching == v.checksums.size() ? matching : 0;
    }

    /**
     * In a checkout, the interpreter of the virtual environment {@code scripts/python-env.sh debian}
     * makes (Debian's Python with the kafka_npy package installed from {@code python/}); elsewhere
     * {@code python3}, which must have the package.
     */
    private String pythonWithPackage() throws IOException, InterruptedException {
        for (String dir : new String[] {System.getProperty("kafkanpy.scriptsDir", ""), "scripts", "../scripts"}) {
            Path env = Paths.get(dir, "python-env.sh");
            if (!dir.isEmpty() && Files.isRegularFile(env)) {
                step("Preparing the Python environment (" + env + " debian)");
                Process p = new ProcessBuilder("bash", env.toString(), "debian")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String python = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                boolean ok = p.waitFor() == 0;
                done(ok ? "ready" : "failed");
                return ok ? python : null;
            }
        }
        return "python3";
    }

    private static Path pythonScript() {
        for (String dir : new String[] {System.getProperty("kafkanpy.examplesPythonDir", ""), "examples/python", "python"}) {
            Path script = Paths.get(dir, "consumer.py");
            if (!dir.isEmpty() && Files.isRegularFile(script)) {
                return script;
            }
        }
        return null;
    }

    private static boolean canImport(String python, String modules) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + modules).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sendPoisonPill(String bootstrap, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> pill = new ProducerRecord<>(topic, null,
                    SensorSimulator.timestamp(0), SensorSimulator.device(0), new byte[] {1, 2, 3, 4, 5});
            pill.headers().add("npy.dtype", "<i2".getBytes(StandardCharsets.UTF_8));
            pill.headers().add("npy.shape", (SensorSimulator.SAMPLES + "," + SensorSimulator.CHANNELS)
                    .getBytes(StandardCharsets.UTF_8));
            producer.send(pill).get(60, TimeUnit.SECONDS);
        }
    }

    /** Reads committed records of every partition of a topic from the start until {@code atLeast} arrived (and a moment more). */
    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, int atLeast) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }

    /** Where the Python consumer's line for an array, or an archive's entry, is looked up. */
    private static String checksumKey(ConsumerRecord<String, byte[]> record, String entry) {
        return String.join("/", record.topic(), String.valueOf(record.partition()), String.valueOf(record.offset()), entry);
    }

    private void show(String title, NdArray array) {
        out.println("  " + title + ":");
        out.println("    " + array.toString().replace("\n", "\n    "));
    }

    private void step(String what) {
        out.print(what + "... ");
        out.flush();
    }

    private void done(String result) {
        out.printf("%s (%.1f s)%n", result, (System.nanoTime() - started) / 1e9);
    }
}
