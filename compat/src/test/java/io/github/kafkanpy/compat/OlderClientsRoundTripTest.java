package io.github.kafkanpy.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.serde.JsonArrayDeserializer;
import io.github.kafkanpy.serde.JsonArraySerializer;
import io.github.kafkanpy.serde.NpyDeserializer;
import io.github.kafkanpy.serde.NpySerializer;
import io.github.kafkanpy.serde.NpzDeserializer;
import io.github.kafkanpy.serde.NpzSerializer;
import io.github.kafkanpy.serde.RawArrayDeserializer;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The serdes, built against Kafka 4.3, through an older kafka-clients line (the module's
 * {@code kafkanpy.clientsVersion}) and a real broker: every codec, every variant, instances handed
 * to the clients and classes configured by name.
 */
@Tag("integration")
class OlderClientsRoundTripTest {
    private static Process broker;
    private static String bootstrap;

    @BeforeAll
    static void startBrokerInItsOwnJvm() throws Exception {
        Path classpathFile = Path.of(System.getProperty("kafkanpy.examplesClasspathFile"));
        assertTrue(Files.exists(classpathFile), classpathFile + " is missing: the examples module builds it at package, "
                + "so run the reactor from the root (mvn -B verify) or include examples (-pl examples,compat/... )");
        String classpath = System.getProperty("kafkanpy.examplesClasses") + File.pathSeparator
                + Files.readString(classpathFile).strip();
        Path log = Files.createTempFile("compat-broker", ".log");
        broker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "io.github.kafkanpy.examples.LocalKafka")
                .redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    if (l.startsWith("bootstrap.servers=")) {
                        return l;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(120, TimeUnit.SECONDS);
        assertNotNull(line, () -> "LocalKafka did not start: " + readQuietly(log));
        bootstrap = line.substring("bootstrap.servers=".length());
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.getOutputStream().close();
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    private static List<NdArray> arrays() {
        return List.of(
                NdArray.of(new float[] {1.5f, -2.25f, Float.NaN}, 3),
                NdArray.of(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3),
                NdArray.of(DType.UINT64, new long[] {-1L}, 1),
                NdArray.of(DType.FLOAT16, new short[] {0x3C00, 0x7E01}, 2),
                NdArray.of(DType.COMPLEX128, new double[] {1, -1, 1e-310, 2}, 2),
                NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3).toFortranOrder(),
                NdArray.of(new double[] {1, 2}, 2).withByteOrder(ByteOrder.BIG_ENDIAN),
                NdArray.of(new String[] {"sensor-α", "b"}, 2));
    }

    @Test
    void theClientsInUseAreTheOlderLineNotTheOneTheLibraryIsBuiltAgainst() {
        String expected = System.getProperty("kafkanpy.clientsVersion");
        assertTrue(expected != null && expected.startsWith("3."), expected);
        assertEquals(expected, AppInfoParser.getVersion());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void npyInEveryCodecRoundTripsWithInstancesHandedToTheClients(Compression codec) {
        assertEquals(arrays(), roundTrip(arrays(), new NpySerializer(codec), new NpyDeserializer(), Map.of()));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void npyInEveryCodecRoundTripsWithClassesConfiguredByName(Compression codec) {
        Map<String, Object> props = Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, NpySerializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, NpyDeserializer.class.getName(),
                "npy.compression.type", codec.id());
        assertEquals(arrays(), roundTrip(arrays(), null, null, props));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void theRawVariantRoundTripsThroughItsHeadersInEveryCodec(Compression codec) {
        assertEquals(arrays(), roundTrip(arrays(), new RawArraySerializer(codec), new RawArrayDeserializer(), Map.of()));
        Map<String, Object> props = Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, RawArraySerializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, RawArrayDeserializer.class.getName(),
                "npy.compression.type", codec.id());
        assertEquals(arrays(), roundTrip(arrays(), null, null, props));
    }

    @Test
    void theJsonEnvelopeRoundTrips() {
        assertEquals(arrays(), roundTrip(arrays(), new JsonArraySerializer(), new JsonArrayDeserializer(), Map.of()));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "GZIP", "ZSTD"})
    void npzArchivesRoundTrip(Compression codec) {
        Map<String, NdArray> archive = new LinkedHashMap<>();
        List<NdArray> arrays = arrays();
        for (int i = 0; i < arrays.size(); i++) {
            archive.put("a" + i, arrays.get(i));
        }
        assertEquals(List.of(archive), roundTrip(List.of(archive), new NpzSerializer(codec), new NpzDeserializer(), Map.of()));
    }

    /** Sends the values with a producer of the older line and reads them back with a consumer of it. */
    private static <T> List<T> roundTrip(List<T> values, Serializer<T> serializer, Deserializer<T> deserializer,
            Map<String, Object> extra) {
        String topic = "compat-" + UUID.randomUUID();
        Map<String, Object> producerProps = new HashMap<>(extra);
        producerProps.keySet().removeIf(k -> k.startsWith("value.deserializer"));
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(producerProps, null, serializer)) {
            for (T v : values) {
                producer.send(new ProducerRecord<>(topic, "k", v)).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("sending to " + topic, e);
        }
        Map<String, Object> consumerProps = new HashMap<>(extra);
        consumerProps.keySet().removeIf(k -> k.startsWith("value.serializer"));
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(consumerProps, null, deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.size() < values.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
