package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad configuration is a ConfigException naming the key; bad payloads are SerializationExceptions naming the topic. */
class SerdeRefusalTest {
    private static final String TOPIC = "sensor-readings";
    private static final NdArray ARRAY = NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("npy.compression.type", "brotli"),
                Arguments.of("npy.compression.level", "30"),
                Arguments.of("npy.compression.level", "fast"),
                Arguments.of("npy.max.array.bytes", "-1"),
                Arguments.of("npy.raw.dtype", "<x9"),
                Arguments.of("npy.raw.dtype", "|O"),
                Arguments.of("npy.raw.shape", "28,x"),
                Arguments.of("npy.raw.shape", "-3"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badConfigs")
    void badConfigurationIsAConfigExceptionNamingTheKey(String key, String value) {
        Map<String, Object> config = new HashMap<>(Map.of("npy.compression.type", "zstd"));
        config.put(key, value);
        for (var serde : new org.apache.kafka.common.serialization.Serde<?>[] {new NpySerde(), new RawArraySerde()}) {
            ConfigException e = assertThrows(ConfigException.class, () -> serde.configure(config, false));
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }

    @Test
    void aLevelForACodecWithoutLevelsIsRefused() {
        ConfigException shapeAlone = assertThrows(ConfigException.class, () -> new RawArrayDeserializer()
                .configure(Map.of("npy.raw.shape", "28,28"), false));
        assertTrue(shapeAlone.getMessage().contains("npy.raw.dtype"), shapeAlone.getMessage());
        ConfigException e = assertThrows(ConfigException.class, () -> new NpySerializer()
                .configure(Map.of("npy.compression.type", "snappy", "npy.compression.level", 3), false));
        assertTrue(e.getMessage().contains("npy.compression.level") && e.getMessage().contains("snappy"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NpySerializer(Compression.GZIP, 11));
    }

    static Stream<Arguments> malformedNpyValues() {
        byte[] npy = Npy.toBytes(ARRAY);
        byte[] zstd = Compression.ZSTD.compress(npy, 3);
        byte[] corruptZstd = zstd.clone();
        corruptZstd[corruptZstd.length / 2] ^= 0x5a;
        corruptZstd[corruptZstd.length - 2] ^= 0x5a;
        byte[] gzip = Compression.GZIP.compress(npy, 6);
        byte[] lz4 = Compression.LZ4.compress(npy, 1);
        byte[] badLz4Checksum = lz4.clone();
        badLz4Checksum[badLz4Checksum.length - 1] ^= 1;
        byte[] snappy = Compression.SNAPPY.compress(npy, 0);
        byte[] badSnappyCrc = snappy.clone();
        badSnappyCrc[14] ^= 1;
        return Stream.of(
                Arguments.of("not NPY at all", "hello".getBytes(StandardCharsets.US_ASCII), "magic string"),
                Arguments.of("empty value", new byte[0], "empty"),
                Arguments.of("truncated NPY", Arrays.copyOf(npy, npy.length - 1), "truncated"),
                Arguments.of("object array", npyWithDescr("|O"), "pickle"),
                Arguments.of("corrupt zstd frame", corruptZstd, "zstd"),
                Arguments.of("truncated gzip member", Arrays.copyOf(gzip, gzip.length - 9), "gzip"),
                Arguments.of("lz4 content checksum mismatch", badLz4Checksum, "lz4"),
                Arguments.of("truncated lz4 frame", Arrays.copyOf(lz4, 20), "lz4"),
                Arguments.of("snappy CRC mismatch", badSnappyCrc, "snappy"),
                Arguments.of("compressed garbage", Compression.ZSTD.compress("not an npy file".getBytes(StandardCharsets.US_ASCII), 3),
                        "magic string"),
                Arguments.of("compressed NPY with trailing bytes", Compression.GZIP.compress(concat(npy, new byte[5]), 6),
                        "more than the"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedNpyValues")
    void malformedNpyValuesAreSerializationExceptionsNamingTopicAndProblem(String what, byte[] value, String problem) {
        SerializationException e = assertThrows(SerializationException.class,
                () -> new NpyDeserializer().deserialize(TOPIC, value));
        assertTrue(e.getMessage().contains(TOPIC) && e.getMessage().contains(problem), e.getMessage());
        assertThrows(SerializationException.class,
                () -> new NpyDeserializer().deserialize(TOPIC, new RecordHeaders(), ByteBuffer.allocateDirect(value.length).put(value).flip()));
    }

    static Stream<Arguments> malformedRawRecords() {
        return Stream.of(
                Arguments.of("no headers and no configuration", headers(), new byte[24], "NpySerde"),
                Arguments.of("value shorter than dtype x shape", headers("npy.dtype", "<f4", "npy.shape", "2,3"), new byte[23],
                        "needs 24"),
                Arguments.of("value longer than dtype x shape", headers("npy.dtype", "<f4", "npy.shape", "2,3"), new byte[28],
                        "needs 24"),
                Arguments.of("unknown dtype header", headers("npy.dtype", "<q9", "npy.shape", "2,3"), new byte[24], "<q9"),
                Arguments.of("object dtype header", headers("npy.dtype", "|O", "npy.shape", "3"), new byte[24], "pickle"),
                Arguments.of("bad shape header", headers("npy.dtype", "<f4", "npy.shape", "2;3"), new byte[24], "2;3"),
                Arguments.of("missing shape header", headers("npy.dtype", "<f4"), new byte[24], "npy.shape"),
                Arguments.of("bad order header", headers("npy.dtype", "<f4", "npy.shape", "6", "npy.order", "K"), new byte[24],
                        "not C or F"),
                Arguments.of("unknown compression header", headers("npy.dtype", "<f4", "npy.shape", "6", "npy.compression", "br"),
                        new byte[24], "br"),
                Arguments.of("compressed value that is not", headers("npy.dtype", "<f4", "npy.shape", "6", "npy.compression", "zstd"),
                        new byte[24], "zstd"),
                Arguments.of("shape promising terabytes", headers("npy.dtype", "<f8", "npy.shape", "1000000,1000000"),
                        new byte[24], "npy.max.array.bytes"),
                Arguments.of("shape overflowing 64 bits", headers("npy.dtype", "<f8",
                        "npy.shape", "2147483647,2147483647,2147483647"), new byte[24], "has more than 9223372036854775807 bytes"),
                Arguments.of("shape wrapping to zero bytes", headers("npy.dtype", "<f4", "npy.shape", "65536,65536,65536,65536"),
                        new byte[24], "has more than 9223372036854775807 bytes"),
                Arguments.of("padded dtype header", headers("npy.dtype", " <f4", "npy.shape", "6"), new byte[24], " <f4"),
                Arguments.of("NUL before the dtype header", headers("npy.dtype", "\0<f4", "npy.shape", "6"), new byte[24],
                        "<f4"),
                Arguments.of("NUL after the compression header", headers("npy.dtype", "<f4", "npy.shape", "6",
                        "npy.compression", "zstd\0"), new byte[24], "compression header"),
                Arguments.of("padded shape header", headers("npy.dtype", "<f4", "npy.shape", " 6"), new byte[24], "' 6'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRawRecords")
    void malformedRawRecordsAreSerializationExceptionsNamingTopicAndProblem(String what, Headers headers, byte[] value,
            String problem) {
        SerializationException e = assertThrows(SerializationException.class,
                () -> new RawArrayDeserializer().deserialize(TOPIC, headers, value));
        assertTrue(e.getMessage().contains(TOPIC) && e.getMessage().contains(problem), e.getMessage());
    }

    /**
     * A bomb: a valid NPY header promising a 10 GB array, then frames of zeros that would inflate
     * to gigabytes. The deserializer must refuse it after looking at the header, without
     * inflating the rest and without allocating more than a few hundred KiB.
     */
    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "LZ4", "SNAPPY"})
    void decompressionBombsFailFastWithFlatMemory(Compression codec) {
        byte[] header = Npy.header(NdArray.wrap(DType.FLOAT32, ByteBuffer.allocate(0), false, 0));
        String text = new String(header, StandardCharsets.ISO_8859_1).replace("(0,), }   ", "(50000, 50000), }");
        byte[] hugeHeader = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] bomb = repeatedFrames(codec, hugeHeader, 256);
        assertRefusedCheaply(codec, bomb, "exceed npy.max.array.bytes");

        // the header promises 256 MiB and the payload stops right after it: nothing near that may be allocated
        String promise = new String(header, StandardCharsets.ISO_8859_1).replace("(0,), }   ", "(67108864,), }");
        assertRefusedCheaply(codec, codec.compress(promise.getBytes(StandardCharsets.ISO_8859_1), codec.defaultLevel()),
                "payload ends after");

        // the header is honest about a small array, but the frames go on and on
        byte[] liar = repeatedFrames(codec, Npy.toBytes(NdArray.of(new float[4])), 256);
        assertRefusedCheaply(codec, liar, "more than the");
    }

    private static void assertRefusedCheaply(Compression codec, byte[] payload, String problem) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        NpyDeserializer de = new NpyDeserializer();
        long before = threads.getCurrentThreadAllocatedBytes();
        SerializationException e = assertThrows(SerializationException.class, () -> de.deserialize(TOPIC, payload));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(allocated < 2 * 1024 * 1024, codec + " allocated " + allocated + " bytes for a "
                + payload.length + "-byte bomb");
    }

    /** The codec's frame of {@code first}, then {@code megabytes} frames of 1 MiB of zeros each. */
    private static byte[] repeatedFrames(Compression codec, byte[] first, int megabytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(codec.compress(first, codec.defaultLevel()));
        byte[] zeros = codec.compress(new byte[1 << 20], codec.maxLevel());
        for (int i = 0; i < megabytes; i++) {
            out.writeBytes(zeros);
        }
        return out.toByteArray();
    }

    private static byte[] npyWithDescr(String descr) {
        byte[] npy = Npy.toBytes(ARRAY);
        String s = new String(npy, StandardCharsets.ISO_8859_1).replace("'<f4'", "'" + descr + "'" + " ".repeat(4 - descr.length()));
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Headers headers(String... pairs) {
        Headers h = new RecordHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
