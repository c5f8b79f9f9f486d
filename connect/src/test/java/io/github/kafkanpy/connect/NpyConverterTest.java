package io.github.kafkanpy.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.npy.NpyFormatException;
import io.github.kafkanpy.npy.Npz;
import io.github.kafkanpy.serde.JsonArrayDeserializer;
import io.github.kafkanpy.serde.JsonArraySerializer;
import io.github.kafkanpy.serde.NpySerializer;
import io.github.kafkanpy.serde.NpzSerializer;
import io.github.kafkanpy.serde.RawArraySerializer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class NpyConverterTest {
    private static final String TOPIC = "arrays";

    private static NpyConverter converter(Map<String, ?> configs, boolean isKey) {
        NpyConverter c = new NpyConverter();
        c.configure(configs, isKey);
        return c;
    }

    /** Every dtype, with the values a trip through double would break. */
    static Stream<NdArray> everyDtype() {
        return Stream.of(
                NdArray.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1}, 3),
                NdArray.of(DType.UINT64, new long[] {-1L, (1L << 63) + 1}, 2),
                NdArray.of(DType.FLOAT16, new short[] {0x7E01, (short) 0xFC00, 0x0001, (short) 0x8000}, 4),
                NdArray.of(new float[] {Float.intBitsToFloat(0x7FC00123), -0f, Float.MIN_VALUE}, 3),
                NdArray.of(new double[] {Math.PI, Double.longBitsToDouble(0x7FF8000000000F00L)}, 2),
                NdArray.of(DType.COMPLEX64, new float[] {1.5f, -2.5f, Float.NaN, 0f}, 2),
                NdArray.of(DType.COMPLEX128, new double[] {1e308, -1e-308}, 1),
                NdArray.of(new boolean[] {true, false}, 2),
                NdArray.of(new byte[] {-128, 127}, 2),
                NdArray.of(DType.UINT8, new byte[] {(byte) 255, 0}, 2),
                NdArray.of(new short[] {Short.MIN_VALUE}, 1),
                NdArray.of(DType.UINT32, new int[] {-1}, 1),
                NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3).toFortranOrder(),
                NdArray.of(new double[] {1, 2}, 2).withByteOrder(ByteOrder.BIG_ENDIAN),
                NdArray.of(new String[] {"naïve", "😀"}, 2),
                NdArray.of(DType.bytes(3), new String[] {"ab", "xyz"}, 2),
                NdArray.of(new float[0], 0, 4),
                NdArray.fromJava(7.25));
    }

    @ParameterizedTest
    @MethodSource("everyDtype")
    void everyDtypeSurvivesTheStructExactlyAndComesBackAsTheSameNpyBytes(NdArray array) {
        NpyConverter c = converter(Map.of(), false);
        SchemaAndValue connect = c.toConnectData(TOPIC, Npy.toBytes(array));
        assertEquals("io.github.kafkanpy.NdArray", connect.schema().name());
        Struct struct = (Struct) connect.value();
        struct.validate();
        assertEquals(array.dtype().descr(), struct.getString("dtype"));
        assertEquals(array.fortranOrder() ? "F" : "C", struct.getString("order"));
        byte[] data = new byte[(int) array.nbytes()];
        array.data().get(data);
        assertArrayEquals(data, struct.getBytes("data"));
        assertArrayEquals(Npy.toBytes(array), c.fromConnectData(TOPIC, connect.schema(), connect.value()));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyCodecIsReadAndTheSameKeysCompressWhatItWrites(Compression codec) {
        NdArray array = NdArray.of(new float[] {1, 2, 3, 4}, 2, 2);
        NpyConverter c = converter(Map.of("npy.compression.type", codec.id()), false);
        SchemaAndValue connect = c.toConnectData(TOPIC, new NpySerializer(codec).serialize(TOPIC, array));
        byte[] written = c.fromConnectData(TOPIC, connect.schema(), connect.value());
        assertEquals(codec, Compression.detect(ByteBuffer.wrap(written)));
        assertEquals(array, c.toConnectData(TOPIC, written).value() instanceof Struct s ? ArraySchemas.fromStruct(s) : null);
    }

    @Test
    void theSerializersKeysGiveTheSameBytesAsNpySerializerAndTheLimitBoundsWhatIsRead() {
        NdArray array = NdArray.of(new double[] {1, 1, 2, 3, 5, 8, 13, 21}, 2, 4);
        Map<String, String> configs = Map.of("npy.compression.type", "gzip", "npy.compression.level", "1",
                "npy.max.array.bytes", "64");
        NpySerializer serializer = new NpySerializer();
        serializer.configure(configs, false);
        NpyConverter c = converter(configs, false);
        byte[] written = c.fromConnectData(TOPIC, ArraySchemas.ARRAY, ArraySchemas.toStruct(array));
        assertArrayEquals(serializer.serialize(TOPIC, array), written);
        assertEquals(array, ArraySchemas.fromStruct((Struct) c.toConnectData(TOPIC, written).value()));
        byte[] tooLarge = Npy.toBytes(NdArray.of(new double[9], 9));
        DataException e = assertThrows(DataException.class, () -> c.toConnectData(TOPIC, tooLarge));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
    }

    @Test
    void theRawVariantIsReadThroughTheHeadersOverloadForValuesAndKeys() {
        NdArray array = NdArray.of(new long[] {Long.MIN_VALUE, 7}, 2);
        Headers headers = new RecordHeaders();
        byte[] value = new RawArraySerializer(Compression.ZSTD).serialize(TOPIC, headers, array);
        assertEquals(array, ArraySchemas.fromStruct((Struct) converter(Map.of(), false).toConnectData(TOPIC, headers, value).value()));

        RawArraySerializer keys = new RawArraySerializer();
        keys.configure(Map.of(), true);
        Headers keyHeaders = new RecordHeaders();
        byte[] key = keys.serialize(TOPIC, keyHeaders, array);
        assertEquals(array, ArraySchemas.fromStruct((Struct) converter(Map.of(), true).toConnectData(TOPIC, keyHeaders, key).value()));
        assertThrows(DataException.class, () -> converter(Map.of(), false).toConnectData(TOPIC, keyHeaders, key),
                "a value converter does not read key.npy.* headers");
    }

    @Test
    void writingNpyRemovesTheRawHeadersTheRecordNoLongerNeeds() {
        Headers headers = new RecordHeaders();
        byte[] raw = new RawArraySerializer().serialize(TOPIC, headers, NdArray.of(new int[] {1}, 1));
        NpyConverter c = converter(Map.of(), false);
        byte[] npy = c.fromConnectData(TOPIC, headers, Schema.BYTES_SCHEMA, raw);
        assertEquals(NdArray.of(new int[] {1}, 1), Npy.read(npy));
        assertNull(headers.lastHeader("npy.dtype"));
    }

    @Test
    void tombstonesStayNullBothWays() {
        NpyConverter c = converter(Map.of(), false);
        assertSame(SchemaAndValue.NULL, c.toConnectData(TOPIC, new RecordHeaders(), null));
        assertNull(c.fromConnectData(TOPIC, ArraySchemas.ARRAY, null));
    }

    @Test
    void malformedBytesAreADataExceptionNamingTheProblemAndItsOffset() {
        byte[] cut = java.util.Arrays.copyOf(Npy.toBytes(NdArray.of(new double[64], 64)), 200);
        DataException e = assertThrows(DataException.class, () -> converter(Map.of(), false).toConnectData(TOPIC, cut));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("(at byte ")
                && e.getMessage().contains("topic " + TOPIC), e.getMessage());
        assertInstanceOf(NpyFormatException.class, e.getCause().getCause(), "the DataException wraps the reader's refusal");
        DataException wrongType = assertThrows(DataException.class,
                () -> converter(Map.of(), false).fromConnectData(TOPIC, Schema.INT32_SCHEMA, 42));
        assertTrue(wrongType.getMessage().contains("Integer"), wrongType.getMessage());
        Struct badOrder = ArraySchemas.toStruct(NdArray.of(new int[] {1}, 1)).put("order", "K");
        assertThrows(DataException.class, () -> converter(Map.of(), false).fromConnectData(TOPIC, ArraySchemas.ARRAY, badOrder));
        Struct short3 = ArraySchemas.toStruct(NdArray.of(new int[] {1}, 1)).put("data", new byte[3]);
        assertThrows(DataException.class, () -> converter(Map.of(), false).fromConnectData(TOPIC, ArraySchemas.ARRAY, short3));
    }

    @Test
    void bytesModeGivesAPlainNpyFileWhateverVariantArrived() {
        NdArray array = NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        NpyConverter c = converter(Map.of("npy.connect.representation", "bytes"), false);
        Headers headers = new RecordHeaders();
        byte[] raw = new RawArraySerializer(Compression.SNAPPY).serialize(TOPIC, headers, array);
        SchemaAndValue file = c.toConnectData(TOPIC, headers, raw);
        assertEquals(Schema.Type.BYTES, file.schema().type());
        assertArrayEquals(Npy.toBytes(array), (byte[]) file.value());

        Map<String, NdArray> archive = new LinkedHashMap<>();
        archive.put("a", array);
        archive.put("b", NdArray.of(new long[] {1}, 1));
        SchemaAndValue npz = c.toConnectData(TOPIC, new NpzSerializer(Compression.GZIP).serialize(TOPIC, archive));
        assertEquals(archive, Npz.read((byte[]) npz.value()));
    }

    @Test
    void jsonModeGivesTheEnvelopeTextAndAStringEnvelopeIsWrittenAsNpy() {
        NdArray array = NdArray.of(DType.UINT64, new long[] {-1L}, 1);
        NpyConverter c = converter(Map.of("npy.connect.representation", "JSON"), false);
        String envelope = new String(new JsonArraySerializer().serialize(TOPIC, array), StandardCharsets.UTF_8);
        SchemaAndValue text = c.toConnectData(TOPIC, Npy.toBytes(array));
        assertEquals(envelope, text.value());
        assertArrayEquals(Npy.toBytes(array), c.fromConnectData(TOPIC, text.schema(), text.value()));
        Map<String, NdArray> archive = Map.of("a", array);
        assertThrows(DataException.class, () -> c.toConnectData(TOPIC, Npz.toBytes(archive)));
    }

    @ParameterizedTest
    @MethodSource("everyDtype")
    void kafkasJsonConverterWritesTheStructAsTheJsonEnvelopeWithOnlyTheSpacingChanged(NdArray array) {
        SchemaAndValue connect = converter(Map.of(), false).toConnectData(TOPIC, Npy.toBytes(array));
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "false"), false);
        String text = new String(json.fromConnectData(TOPIC, connect.schema(), connect.value()), StandardCharsets.UTF_8);
        String envelope = new String(new JsonArraySerializer().serialize(TOPIC, array), StandardCharsets.UTF_8);
        assertEquals(envelope.replace("\": ", "\":").replace(", ", ","), text);
        assertEquals(array, new JsonArrayDeserializer().deserialize(TOPIC, text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void configuredRawDtypeAndShapeDescribeHeaderlessRawRecordsForValuesAndKeys() {
        NdArray array = NdArray.of(new long[] {Long.MIN_VALUE, -2, 3, Long.MAX_VALUE}, 2, 2);
        byte[] raw = new byte[(int) array.nbytes()];
        array.data().get(raw);
        Map<String, String> configs = Map.of("npy.raw.dtype", "<i8", "npy.raw.shape", "2,2");
        for (boolean isKey : new boolean[] {false, true}) {
            Struct struct = (Struct) converter(configs, isKey).toConnectData(TOPIC, new RecordHeaders(), raw).value();
            assertEquals(array, ArraySchemas.fromStruct(struct), isKey ? "key" : "value");
        }
        DataException unknown = assertThrows(DataException.class,
                () -> converter(Map.of(), false).toConnectData(TOPIC, new RecordHeaders(), raw));
        assertTrue(unknown.getMessage().contains("topic " + TOPIC), unknown.getMessage());
    }

    @Test
    void aKeyConverterWritesNpyAndRemovesTheKeysRawHeaders() {
        RawArraySerializer keys = new RawArraySerializer();
        keys.configure(Map.of(), true);
        Headers headers = new RecordHeaders();
        NdArray array = NdArray.of(DType.FLOAT16, new short[] {0x7E01, 0x7C01}, 2);
        byte[] key = keys.serialize(TOPIC, headers, array);
        assertTrue(headers.lastHeader("key.npy.dtype") != null);
        byte[] npy = converter(Map.of("npy.compression.type", "lz4"), true).fromConnectData(TOPIC, headers, Schema.BYTES_SCHEMA, key);
        assertEquals(Compression.LZ4, Compression.detect(ByteBuffer.wrap(npy)));
        assertEquals(array, Npy.read(Compression.LZ4.decompress(ByteBuffer.wrap(npy), 1 << 20)));
        assertNull(headers.lastHeader("key.npy.dtype"));
    }

    @Test
    void aStructBuiltElsewhereWithAnInt64ShapeIsReadAndBadShapesAreRefused() {
        Schema int64Shape = SchemaBuilder.struct().name("other.Array")
                .field("dtype", Schema.STRING_SCHEMA)
                .field("shape", SchemaBuilder.array(Schema.INT64_SCHEMA).build())
                .field("order", Schema.STRING_SCHEMA)
                .field("data", Schema.BYTES_SCHEMA)
                .build();
        NpyConverter c = converter(Map.of(), false);
        Struct struct = new Struct(int64Shape).put("dtype", "<u2").put("shape", List.of(1L, 2L)).put("order", "C")
                .put("data", new byte[] {1, 0, (byte) 0xFF, (byte) 0xFF});
        assertEquals(NdArray.of(DType.UINT16, new short[] {1, -1}, 1, 2), Npy.read(c.fromConnectData(TOPIC, int64Shape, struct)));

        Struct huge = new Struct(int64Shape).put("dtype", "<u2").put("shape", List.of(1L << 32)).put("order", "C")
                .put("data", new byte[0]);
        DataException e = assertThrows(DataException.class, () -> c.fromConnectData(TOPIC, int64Shape, huge));
        assertTrue(e.getMessage().contains("4294967296"), e.getMessage());
        Struct negative = new Struct(int64Shape).put("dtype", "<u2").put("shape", List.of(-1L)).put("order", "C")
                .put("data", new byte[0]);
        assertThrows(DataException.class, () -> c.fromConnectData(TOPIC, int64Shape, negative));
        Schema noData = SchemaBuilder.struct().name("other.NoData").field("dtype", Schema.STRING_SCHEMA).build();
        DataException missing = assertThrows(DataException.class,
                () -> c.fromConnectData(TOPIC, noData, new Struct(noData).put("dtype", "<f4")));
        assertTrue(missing.getMessage().contains("shape is missing"), missing.getMessage());
    }

    @Test
    void archivesAreAMapOfStructsInTheArchivesOrder() {
        Map<String, NdArray> archive = new LinkedHashMap<>();
        archive.put("z", NdArray.of(new double[] {1}, 1));
        archive.put("a", NdArray.of(new String[] {"x"}, 1));
        NpyConverter c = converter(Map.of("npy.compression.type", "gzip"), false);
        SchemaAndValue connect = c.toConnectData(TOPIC, Npz.toBytes(archive));
        assertEquals("io.github.kafkanpy.NdArrays", connect.schema().name());
        assertEquals(List.of("z", "a"), List.copyOf(((Map<?, ?>) connect.value()).keySet()));
        byte[] written = c.fromConnectData(TOPIC, connect.schema(), connect.value());
        assertEquals(archive, Npz.read(written));
    }

    @Test
    void anUnknownRepresentationIsRefusedAtConfigure() {
        assertThrows(ConfigException.class, () -> converter(Map.of("npy.connect.representation", "xml"), false));
        assertThrows(ConfigException.class, () -> converter(Map.of("npy.compression.type", "brotli"), false));
    }
}
