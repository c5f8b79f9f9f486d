package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SerdeRoundTripTest {
    private static final String TOPIC = "arrays";

    static Stream<Arguments> dtypesCodecsAndVariants() {
        List<Arguments> out = new ArrayList<>();
        List<DType> dtypes = new ArrayList<>(List.of(DType.bytes(5), DType.bytes(0), DType.str(3),
                DType.str(3, ByteOrder.BIG_ENDIAN), DType.str(0)));
        for (DType.Kind kind : DType.Kind.values()) {
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                if (!kind.isString() && (kind.itemSize() > 1 || order == ByteOrder.LITTLE_ENDIAN)) {
                    dtypes.add(DType.of(kind, order));
                }
            }
        }
        for (DType dtype : dtypes) {
            for (Compression c : Compression.values()) {
                for (String variant : List.of("npy", "raw")) {
                    out.add(Arguments.of(dtype, c, variant));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dtypesCodecsAndVariants")
    void everyDtypeSurvivesEveryCodecInBothVariants(DType dtype, Compression compression, String variant) {
        Serde<NdArray> serde = variant.equals("npy") ? NpySerdes.npy(compression) : NpySerdes.raw(compression);
        for (NdArray array : List.of(random(dtype, false, 3, 4), random(dtype, true, 2, 3, 5), random(dtype, false),
                random(dtype, false, 0, 7))) {
            Headers headers = new RecordHeaders();
            byte[] bytes = serde.serializer().serialize(TOPIC, headers, array);
            NdArray back = serde.deserializer().deserialize(TOPIC, headers, bytes);
            assertEquals(array, back, array.dtype() + " " + array.fortranOrder());
            if (variant.equals("raw")) {
                assertEquals(compression == Compression.NONE ? null : compression.id(),
                        header(headers, ArrayHeaders.COMPRESSION));
            }
        }
    }

    @Test
    void uncompressedNpyValuesAreExactlyWhatNpSaveWrites() {
        NdArray a = NdArray.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(Npy.toBytes(a), new NpySerializer().serialize(TOPIC, a));
    }

    @Test
    void rawValuesCarryDtypeShapeAndOrderInHeaders() {
        NdArray f = random(DType.FLOAT32.withByteOrder(ByteOrder.BIG_ENDIAN), true, 28, 28);
        Headers headers = new RecordHeaders();
        byte[] value = new RawArraySerializer().serialize(TOPIC, headers, f);
        assertEquals(28 * 28 * 4, value.length);
        assertEquals(">f4", header(headers, "npy.dtype"));
        assertEquals("28,28", header(headers, "npy.shape"));
        assertEquals("F", header(headers, "npy.order"));
        assertNull(header(headers, "npy.compression"));
    }

    @Test
    void npyValuesDropRawHeadersLeftOnTheRecord() {
        Headers headers = new RecordHeaders();
        new RawArraySerializer().serialize(TOPIC, headers, NdArray.of(new short[64], 16, 4));
        headers.add("trace-id", new byte[] {1});
        NdArray volts = NdArray.of(new float[8], 2, 4);
        byte[] value = new NpySerializer().serialize(TOPIC, headers, volts);
        assertNull(header(headers, "npy.dtype"));
        assertNull(header(headers, "npy.shape"));
        assertEquals(1, count(headers, "trace-id"));
        assertEquals(volts, new NpyDeserializer().deserialize(TOPIC, headers, value));
    }

    @Test
    void rawKeysUsePrefixedHeaders() {
        RawArraySerializer ser = new RawArraySerializer();
        ser.configure(Map.of(), true);
        RawArrayDeserializer de = new RawArrayDeserializer();
        de.configure(Map.of(), true);
        Headers headers = new RecordHeaders();
        NdArray scalar = NdArray.of(new long[] {42}).reshape();
        byte[] key = ser.serialize(TOPIC, headers, scalar);
        assertEquals("<i8", header(headers, "key.npy.dtype"));
        assertEquals("", header(headers, "key.npy.shape"));
        assertNull(header(headers, "npy.dtype"));
        assertEquals(scalar, de.deserialize(TOPIC, headers, key));
    }

    @Test
    void rawHeadersAreReplacedNotDuplicatedWhenARecordIsSerializedAgain() {
        Headers headers = new RecordHeaders();
        RawArraySerializer ser = new RawArraySerializer(Compression.ZSTD);
        ser.serialize(TOPIC, headers, NdArray.of(new float[4]));
        new RawArraySerializer().serialize(TOPIC, headers, NdArray.of(new int[3]));
        assertEquals(1, count(headers, "npy.dtype"));
        assertEquals("<i4", header(headers, "npy.dtype"));
        assertEquals(0, count(headers, "npy.compression"));
    }

    @Test
    void rawEmptyArraysWithHugeOtherDimensionsRoundTrip() {
        NdArray empty = NdArray.of(new double[0], 100_000, 100_000, 0);
        Headers headers = new RecordHeaders();
        byte[] value = new RawArraySerializer().serialize(TOPIC, headers, empty);
        assertEquals("100000,100000,0", header(headers, "npy.shape"));
        assertEquals(empty, new RawArrayDeserializer().deserialize(TOPIC, headers, value));
        assertEquals(empty, new NpyDeserializer().deserialize(TOPIC, new NpySerializer().serialize(TOPIC, empty)));
    }

    @Test
    void rawRecordsWithoutHeadersUseTheConfiguredDtypeAndShape() {
        RawArrayDeserializer de = new RawArrayDeserializer();
        de.configure(Map.of("npy.raw.dtype", "<f4", "npy.raw.shape", "2,3", "npy.compression.type", "lz4"), false);
        NdArray a = NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        RawArraySerializer ser = new RawArraySerializer();
        ser.configure(Map.of("npy.compression.type", "lz4"), false);
        assertEquals(a, de.deserialize(TOPIC, ser.serialize(TOPIC, a)));
        RawArrayDeserializer oneD = new RawArrayDeserializer(DType.INT16);
        assertArrayEquals(new int[] {5}, oneD.deserialize(TOPIC, new byte[10]).shape());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void nullIsATombstoneBothWays(Compression compression) {
        for (Serde<NdArray> serde : List.of(NpySerdes.npy(compression), NpySerdes.raw(compression))) {
            assertNull(serde.serializer().serialize(TOPIC, null));
            assertNull(serde.serializer().serialize(TOPIC, new RecordHeaders(), null));
            assertNull(serde.deserializer().deserialize(TOPIC, null));
            assertNull(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), (byte[]) null));
            assertNull(serde.deserializer().deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null));
        }
    }

    @Test
    void heapAndDirectBuffersWithOffsetsAreReadAsViewsWithoutMovingThem() {
        NdArray a = NdArray.of(new double[] {1.5, -2.5, 3.5});
        byte[] npy = Npy.toBytes(a);
        Headers rawHeaders = new RecordHeaders();
        byte[] raw = new RawArraySerializer().serialize(TOPIC, rawHeaders, a);
        for (boolean direct : new boolean[] {false, true}) {
            for (boolean isRaw : new boolean[] {false, true}) {
                byte[] value = isRaw ? raw : npy;
                ByteBuffer buf = direct ? ByteBuffer.allocateDirect(value.length + 20) : ByteBuffer.allocate(value.length + 20);
                buf.position(7).put(value).position(7).limit(7 + value.length);
                ByteBuffer record = buf.slice().position(0);
                ByteBuffer caller = direct ? buf.duplicate() : ByteBuffer.wrap(buf.array(), 7, value.length);
                Deserializer<NdArray> de = isRaw ? new RawArrayDeserializer() : new NpyDeserializer();
                NdArray back = de.deserialize(TOPIC, isRaw ? rawHeaders : new RecordHeaders(), caller);
                assertEquals(a, back);
                assertEquals(7, caller.position(), "position untouched");
                assertEquals(7 + value.length, caller.limit(), "limit untouched");
                record.order(ByteOrder.LITTLE_ENDIAN).putDouble(value.length - 8, 99.0);
                assertEquals(99.0, back.getDouble(2), "the array is a view of the record's bytes");
            }
        }
    }

    @Test
    void serdesAreBuiltAndConfiguredByClassNameAsKafkaClientsDoIt() {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer",
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, NpySerializer.class.getName(),
                "npy.compression.type", "gzip", "npy.compression.level", "9");
        ProducerConfig producerConfig = new ProducerConfig(props);
        @SuppressWarnings("unchecked")
        Serializer<NdArray> ser = producerConfig.getConfiguredInstance(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                Serializer.class);
        ser.configure(producerConfig.originals(), false);
        byte[] value = ser.serialize(TOPIC, NdArray.of(new float[100]));
        assertEquals(Compression.GZIP, Compression.detect(ByteBuffer.wrap(value)));

        ConsumerConfig consumerConfig = new ConsumerConfig(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringDeserializer",
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, NpyDeserializer.class.getName(),
                "npy.max.array.bytes", "1000"));
        @SuppressWarnings("unchecked")
        Deserializer<NdArray> de = consumerConfig.getConfiguredInstance(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                Deserializer.class);
        de.configure(consumerConfig.originals(), false);
        assertEquals(NdArray.of(new float[100]), de.deserialize(TOPIC, value));
        org.junit.jupiter.api.Assertions.assertThrows(org.apache.kafka.common.errors.SerializationException.class,
                () -> de.deserialize(TOPIC, ser.serialize(TOPIC, NdArray.of(new float[1000]))));
    }

    @Test
    void numpySavedValuesFromPythonReadAsTheyAre() {
        // what np.save(io.BytesIO(), np.arange(3, dtype='>i2')) writes
        byte[] header = ("{'descr': '>i2', 'fortran_order': False, 'shape': (3,), }" + " ".repeat(60)).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer npy = ByteBuffer.allocate(128 + 6);
        npy.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0});
        npy.put(header, 0, 117).put((byte) '\n').putShort((short) 0).putShort((short) 1).putShort((short) 2);
        NdArray a = new NpyDeserializer().deserialize(TOPIC, npy.array());
        assertArrayEquals(new int[] {0, 1, 2}, a.toIntArray());
        assertTrue(a.toString().contains("dtype='>i2'"));
    }

    static NdArray random(DType dtype, boolean fortran, int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        byte[] bytes = new byte[(int) n * dtype.itemSize()];
        new Random(n * 31 + dtype.hashCode()).nextBytes(bytes);
        NdArray c = NdArray.wrap(dtype, ByteBuffer.wrap(bytes), false, shape);
        return fortran ? c.toFortranOrder() : c;
    }

    static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static int count(Headers headers, String name) {
        int n = 0;
        for (var h : headers.headers(name)) {
            n++;
        }
        return n;
    }
}
