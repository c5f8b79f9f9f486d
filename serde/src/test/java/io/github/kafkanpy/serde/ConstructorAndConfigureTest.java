package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rule of {@link NpySerdeConfig}: a constructor's choice survives {@code configure} unless the
 * map sets the same key; and instances Kafka never configures (keys handed to a client's
 * constructor, records sent twice) behave as their constructor says.
 */
class ConstructorAndConfigureTest {
    private static final String TOPIC = "arrays";
    private static final NdArray ARRAY = NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    private static final Map<String, Object> NO_NPY_KEYS = Map.of("bootstrap.servers", "localhost:9092");

    @Test
    void npySerializerKeepsItsConstructorCodecAndLevelWhenTheMapHasNoNpyKeys() {
        NpySerializer ser = new NpySerializer(Compression.ZSTD, 12);
        ser.configure(NO_NPY_KEYS, false);
        assertArrayEquals(Compression.ZSTD.compress(Npy.toBytes(ARRAY), 12), ser.serialize(TOPIC, ARRAY));
    }

    @Test
    void npySerdeKeepsItsConstructorCodecWhenTheMapHasNoNpyKeys() {
        NpySerde serde = new NpySerde(Compression.ZSTD);
        serde.configure(NO_NPY_KEYS, false);
        byte[] value = serde.serializer().serialize(TOPIC, ARRAY);
        assertEquals(Compression.ZSTD, Compression.detect(java.nio.ByteBuffer.wrap(value)));
        assertEquals(ARRAY, serde.deserializer().deserialize(TOPIC, value));
    }

    @Test
    void rawSerializerKeepsItsConstructorCodecWhenTheMapHasNoNpyKeys() {
        RawArraySerializer ser = new RawArraySerializer(Compression.GZIP);
        ser.configure(NO_NPY_KEYS, false);
        Headers headers = new RecordHeaders();
        ser.serialize(TOPIC, headers, ARRAY);
        assertEquals("gzip", header(headers, "npy.compression"));
    }

    @Test
    void aCodecInTheMapWinsOverTheConstructorsAtItsOwnDefaultLevel() {
        NpySerializer ser = new NpySerializer(Compression.ZSTD, 12);
        ser.configure(Map.of(NpySerdeConfig.COMPRESSION_TYPE_CONFIG, "gzip"), false);
        assertArrayEquals(Compression.GZIP.compress(Npy.toBytes(ARRAY), Compression.GZIP.defaultLevel()),
                ser.serialize(TOPIC, ARRAY));
    }

    @Test
    void aLevelAloneInTheMapAppliesToTheConstructorsCodec() {
        NpySerializer ser = new NpySerializer(Compression.ZSTD);
        ser.configure(Map.of(NpySerdeConfig.COMPRESSION_LEVEL_CONFIG, 19), false);
        assertArrayEquals(Compression.ZSTD.compress(Npy.toBytes(ARRAY), 19), ser.serialize(TOPIC, ARRAY));
    }

    @Test
    void aLevelAloneInTheMapIsCheckedAgainstTheConstructorsCodec() {
        ConfigException e = assertThrows(ConfigException.class, () -> new RawArraySerializer(Compression.SNAPPY)
                .configure(Map.of(NpySerdeConfig.COMPRESSION_LEVEL_CONFIG, 3), false));
        assertTrue(e.getMessage().contains("snappy has no compression levels"), e.getMessage());
        assertThrows(ConfigException.class, () -> new NpySerializer(Compression.GZIP)
                .configure(Map.of(NpySerdeConfig.COMPRESSION_LEVEL_CONFIG, 10), false));
    }

    @Test
    void npyDeserializerKeepsItsConstructorLimitWhenTheMapHasNoNpyKeys() {
        NpyDeserializer de = new NpyDeserializer(1024);
        de.configure(NO_NPY_KEYS, false);
        byte[] mebibyte = Npy.toBytes(NdArray.of(new byte[1 << 20]));
        SerializationException e = assertThrows(SerializationException.class, () -> de.deserialize(TOPIC, mebibyte));
        assertTrue(e.getMessage().contains("npy.max.array.bytes=1024"), e.getMessage());
        de.configure(Map.of(NpySerdeConfig.MAX_ARRAY_BYTES_CONFIG, 2L << 20), false);
        assertEquals(1 << 20, de.deserialize(TOPIC, mebibyte).nbytes());
    }

    @Test
    void rawDeserializerKeepsItsConstructorDtypeAndShapeWhenTheMapHasNoNpyKeys() {
        RawArraySerde serde = new RawArraySerde(DType.FLOAT32, 2, 3);
        serde.configure(NO_NPY_KEYS, false);
        byte[] value = serde.serializer().serialize(TOPIC, ARRAY);
        assertEquals(ARRAY, serde.deserializer().deserialize(TOPIC, value));
    }

    @Test
    void aRawShapeInTheMapCompletesTheConstructorsDtype() {
        RawArrayDeserializer de = new RawArrayDeserializer(DType.FLOAT32);
        de.configure(Map.of(NpySerdeConfig.RAW_SHAPE_CONFIG, "(2, 3)"), false);
        assertArrayEquals(new int[] {2, 3}, de.deserialize(TOPIC, new byte[24]).shape());
    }

    @Test
    void rawDeserializerKeepsItsConstructorLimitAndHeaderlessCodecWhenTheMapHasNoNpyKeys() {
        RawArrayDeserializer de = new RawArrayDeserializer(DType.UINT8);
        de.configure(Map.of(NpySerdeConfig.COMPRESSION_TYPE_CONFIG, "zstd", NpySerdeConfig.MAX_ARRAY_BYTES_CONFIG, 100L),
                false);
        de.configure(NO_NPY_KEYS, false);
        byte[] small = Compression.ZSTD.compress(new byte[100], 3);
        assertEquals(100, de.deserialize(TOPIC, small).size());
        byte[] large = Compression.ZSTD.compress(new byte[101], 3);
        assertThrows(SerializationException.class, () -> de.deserialize(TOPIC, large));
    }

    @Test
    void rawKeySerdesWriteAndReadPrefixedHeadersWithoutBeingConfigured() {
        Serde<NdArray> keys = NpySerdes.rawKey();
        Serializer<NdArray> values = new RawArraySerializer();
        NdArray key = NdArray.of(new long[] {7, 8, 9});
        Headers headers = new RecordHeaders();
        byte[] keyBytes = keys.serializer().serialize(TOPIC, headers, key);
        byte[] valueBytes = values.serialize(TOPIC, headers, ARRAY);
        assertEquals("<i8", header(headers, "key.npy.dtype"));
        assertEquals("<f4", header(headers, "npy.dtype"));
        assertEquals(key, keys.deserializer().deserialize(TOPIC, headers, keyBytes));
        assertEquals(ARRAY, new RawArrayDeserializer().deserialize(TOPIC, headers, valueBytes));
    }

    @Test
    void compressedRawKeySerdesNameTheirCodecInTheKeyHeader() {
        Serde<NdArray> keys = NpySerdes.rawKey(Compression.LZ4);
        Headers headers = new RecordHeaders();
        byte[] keyBytes = keys.serializer().serialize(TOPIC, headers, ARRAY);
        assertEquals("lz4", header(headers, "key.npy.compression"));
        assertNull(header(headers, "npy.compression"));
        assertEquals(ARRAY, keys.deserializer().deserialize(TOPIC, headers, keyBytes));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aCompressedRawSerdeReadsItsOwnHeaderlessRecordsAsAStateStoreHandsThemBack(Compression codec) {
        // the serializer compressed, the deserializer read the frame's bytes as the array
        NdArray bytes = NdArray.of(DType.UINT8, new int[] {1, 2, 3, 4, 5, 6, 7, 8});
        for (Serde<NdArray> serde : List.of(new RawArraySerde(codec), NpySerdes.raw(codec), NpySerdes.rawKey(codec))) {
            serde.configure(Map.of(NpySerdeConfig.RAW_DTYPE_CONFIG, "|u1"), false);
            assertEquals(bytes, serde.deserializer().deserialize(TOPIC, null, serde.serializer().serialize(TOPIC, null, bytes)));
        }
    }

    @Test
    void rawKeySerdesStayKeySerdesWhenConfiguredAsValues() {
        Serde<NdArray> keys = NpySerdes.rawKey();
        keys.configure(NO_NPY_KEYS, false);
        Headers headers = new RecordHeaders();
        byte[] key = keys.serializer().serialize(TOPIC, headers, ARRAY);
        assertEquals("<f4", header(headers, "key.npy.dtype"));
        assertNull(header(headers, "npy.dtype"));
        assertEquals(ARRAY, keys.deserializer().deserialize(TOPIC, headers, key));
    }

    @Test
    void aRecordWhoseHeadersWereClosedBySendingCanBeSerializedAgain() {
        for (Serializer<NdArray> ser : new Serializer[] {new NpySerializer(), new NpySerializer(Compression.ZSTD),
            new RawArraySerializer(), new RawArraySerializer(Compression.GZIP), NpySerdes.rawKey().serializer()}) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace-id", new byte[] {1});
            byte[] first = ser.serialize(TOPIC, headers, ARRAY);
            headers.setReadOnly();
            assertArrayEquals(first, ser.serialize(TOPIC, headers, ARRAY), ser.getClass().getSimpleName());
            assertNull(ser.serialize(TOPIC, headers, null));
        }
    }

    @Test
    void reSendingWithOtherMetadataIsASerializationExceptionNotAnIllegalStateException() {
        RecordHeaders headers = new RecordHeaders();
        RawArraySerializer ser = new RawArraySerializer();
        ser.serialize(TOPIC, headers, ARRAY);
        headers.setReadOnly();
        SerializationException e = assertThrows(SerializationException.class,
                () -> ser.serialize(TOPIC, headers, NdArray.of(new int[] {1, 2})));
        assertTrue(e.getMessage().contains("npy.dtype") && e.getMessage().contains("read-only"), e.getMessage());
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
