package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What the JSON envelope serdes write and every form they read. */
class JsonEnvelopeTest {
    private static final String TOPIC = "arrays";
    private static final NdArray F4_2X3 = NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    /** {@code base64.b64encode(np.arange(1, 7, dtype='<f4').tobytes())} */
    private static final String F4_2X3_BASE64 = "AACAPwAAAEAAAEBAAACAQAAAoEAAAMBA";

    private final JsonArraySerializer serializer = new JsonArraySerializer();
    private final JsonArrayDeserializer deserializer = new JsonArrayDeserializer();

    private NdArray read(String json) {
        return deserializer.deserialize(TOPIC, json.getBytes(StandardCharsets.UTF_8));
    }

    private String write(NdArray array) {
        return new String(serializer.serialize(TOPIC, array), StandardCharsets.US_ASCII);
    }

    @Test
    void serializerWritesOneObjectKeyedAndSpacedAsJsonDumps() {
        assertEquals("{\"dtype\": \"<f4\", \"shape\": [2, 3], \"order\": \"C\", \"data\": \"" + F4_2X3_BASE64 + "\"}",
                write(F4_2X3));
    }

    @Test
    void zeroDimensionalAndEmptyArraysWriteAnEmptyOrZeroShape() {
        assertEquals("{\"dtype\": \"<i8\", \"shape\": [], \"order\": \"C\", \"data\": \"KgAAAAAAAAA=\"}",
                write(NdArray.of(DType.INT64, new long[] {42}).reshape()));
        assertEquals("{\"dtype\": \"|i1\", \"shape\": [2, 0], \"order\": \"C\", \"data\": \"\"}",
                write(NdArray.of(new byte[0], 2, 0)));
    }

    @Test
    void fortranArraysWriteOrderFAndTheirBytesInFortranOrder() {
        NdArray fortran = F4_2X3.toFortranOrder();
        String json = write(fortran);
        ByteBuffer bytes = fortran.data();
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        assertEquals("{\"dtype\": \"<f4\", \"shape\": [2, 3], \"order\": \"F\", \"data\": \""
                + Base64.getEncoder().encodeToString(raw) + "\"}", json);
        NdArray back = read(json);
        assertTrue(back.fortranOrder());
        assertEquals(fortran, back);
    }

    @ParameterizedTest
    @EnumSource(value = DType.Kind.class, names = {"BYTES", "STR"}, mode = EnumSource.Mode.EXCLUDE)
    void everyNumericDtypeInBothByteOrdersAndEveryLayoutRoundTrips(DType.Kind kind) {
        Random random = new Random(kind.ordinal());
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            DType dtype = DType.of(kind, order);
            for (int[] shape : new int[][] {{}, {0}, {7}, {3, 4}, {2, 0, 3}, {2, 3, 4}}) {
                for (boolean fortran : new boolean[] {false, true}) {
                    long n = 1;
                    for (int d : shape) {
                        n *= d;
                    }
                    byte[] bytes = new byte[(int) n * dtype.itemSize()];
                    random.nextBytes(bytes);
                    NdArray array = NdArray.wrap(dtype, ByteBuffer.wrap(bytes), fortran, shape);
                    NdArray back = deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, array));
                    assertEquals(dtype, back.dtype());
                    assertArrayEquals(array.shape(), back.shape());
                    assertEquals(array.fortranOrder(), back.fortranOrder());
                    assertEquals(array.data(), back.data(), dtype + " " + java.util.Arrays.toString(shape));
                }
            }
        }
    }

    @Test
    void keysInAnyOrderWithAnyWhitespaceAndNoOrderKeyMeanC() {
        NdArray array = read("\n\t{ \"data\" :\"" + F4_2X3_BASE64 + "\" ,\r\n  \"shape\":[ 2 ,3 ] ,\"dtype\":\"float32\"}  \n");
        assertEquals(F4_2X3, array);
        assertEquals(false, array.fortranOrder());
    }

    @Test
    void base64WrappedInLinesAsEncodebytesWritesItIsRead() {
        double[] values = new double[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 7.0;
        }
        NdArray array = NdArray.of(values, 10, 10);
        ByteBuffer data = array.data();
        byte[] raw = new byte[data.remaining()];
        data.get(raw);
        for (String newline : new String[] {"\\n", "\\r\\n"}) {
            String wrapped = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(raw)
                    .replace("\n", newline) + newline;
            assertTrue(wrapped.split(newline.replace("\\", "\\\\")).length > 10, wrapped);
            assertEquals(array, read("{\"dtype\": \"<f8\", \"shape\": [10, 10], \"data\": \"" + wrapped + "\"}"));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "float32, <f4", "f4, <f4", "<f4, <f4", ">f4, >f4", "single, <f4", "int64, <i8", "uint8, |u1", "bool, |b1",
        "?, |b1", "complex64, <c8", "float16, <f2", "half, <f2", "double, <f8", "i2, <i2", "=u4, <u4", "uint64, <u8",
        "complex128, <c16",
    })
    void dtypeIsReadInAnyNumpySpelling(String spelling, String descr) {
        DType dtype = DType.parse(descr);
        NdArray array = read("{\"dtype\": \"" + spelling + "\", \"shape\": [2], \"data\": \""
                + Base64.getEncoder().encodeToString(new byte[2 * dtype.itemSize()]) + "\"}");
        assertEquals(dtype, array.dtype());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "bool; [[true, false, true], [false, false, true]]; 2,3; AQABAAAB",
        "int8; [-128, 127, 0]; 3; gH8A",
        "uint8; [0, 255]; 2; AP8=",
        "int16; [-32768, 32767]; 2; AID/fw==",
        "uint16; [0, 65535]; 2; AAD//w==",
        ">i2; [1, -2]; 2; AAH//g==",
        "int32; [-2147483648, 2147483647]; 2; AAAAgP///38=",
        "uint32; [4294967295]; 1; /////w==",
        "int64; [-9223372036854775808, 9223372036854775807]; 2; AAAAAAAAAID/////////fw==",
        "uint64; [18446744073709551615, 9223372036854775808]; 2; //////////8AAAAAAAAAgA==",
        "float16; [0.5, NaN, Infinity, -Infinity, -0.0, 65504.0]; 6; ADgAfgB8APwAgP97",
        "float32; [0.10000000149011612, NaN, -Infinity, 3]; 4; zczMPQAAwH8AAID/AABAQA==",
        "float64; [0.1, 1e308, -0.0, Infinity]; 4; mpmZmZmZuT+gyOuF88zhfwAAAAAAAACAAAAAAAAA8H8=",
        ">f8; [1.5]; 1; P/gAAAAAAAA=",
        "float64; 3.5; ; AAAAAAAADEA=",
        "int32; []; 0; ''",
        "int32; [[], []]; 2,0; ''",
    })
    void nestedListsAsTolistGivesThemAreReadIntoTheDtypesBytes(String dtype, String lists, String shape, String base64) {
        String shapeJson = "[" + (shape == null ? "" : shape) + "]";
        NdArray fromLists = read("{\"dtype\": \"" + dtype + "\", \"shape\": " + shapeJson + ", \"data\": " + lists + "}");
        NdArray fromBase64 = read("{\"dtype\": \"" + dtype + "\", \"shape\": " + shapeJson + ", \"data\": \""
                + (base64 == null ? "" : base64) + "\"}");
        assertEquals(fromBase64.dtype(), fromLists.dtype());
        assertArrayEquals(fromBase64.shape(), fromLists.shape());
        assertEquals(fromBase64.data(), fromLists.data());
    }

    @Test
    void threeElementListFormOfDtypeBase64AndShapeIsRead() {
        assertEquals(F4_2X3, read("[\"float32\", \"" + F4_2X3_BASE64 + "\", [2, 3]]"));
        assertEquals(NdArray.of(DType.INT64, new long[] {42}).reshape(), read("[\"int64\", \"KgAAAAAAAAA=\", []]"));
    }

    @Test
    void unknownKeysAreIgnoredWhateverTheyHold() {
        assertEquals(F4_2X3, read("{\"version\": 2, \"dtype\": \"<f4\", \"meta\": {\"a\": [1, [2, {\"b\": null}]], "
                + "\"dtype\": \"nested keys are not the envelope's\"}, \"shape\": [2, 3], \"data\": \"" + F4_2X3_BASE64
                + "\", \"units\": \"m/s\"}"));
    }

    @Test
    void tombstonesStayNullBothWays() {
        assertNull(serializer.serialize(TOPIC, null));
        assertNull(serializer.serialize(TOPIC, new RecordHeaders(), null));
        assertNull(deserializer.deserialize(TOPIC, (byte[]) null));
        assertNull(deserializer.deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null));
    }

    @Test
    void heapAndDirectBuffersAreReadWithoutMovingTheirPositionOrLimit() {
        byte[] json = write(F4_2X3).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer heap = ByteBuffer.allocate(json.length + 10).position(4).put(json).position(4).limit(4 + json.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(json.length + 10).position(4).put(json).position(4)
                .limit(4 + json.length);
        for (ByteBuffer buffer : new ByteBuffer[] {heap, direct}) {
            assertEquals(F4_2X3, deserializer.deserialize(TOPIC, new RecordHeaders(), buffer));
            assertEquals(4, buffer.position());
            assertEquals(4 + json.length, buffer.limit());
        }
    }

    @Test
    void serializerRemovesTheRawVariantsHeadersForKeysOrValues() {
        Headers headers = new RecordHeaders();
        for (String name : ArrayHeaders.ALL) {
            headers.add(name, "x".getBytes(StandardCharsets.UTF_8));
            headers.add(ArrayHeaders.KEY_PREFIX + name, "x".getBytes(StandardCharsets.UTF_8));
        }
        serializer.serialize(TOPIC, headers, F4_2X3);
        assertEquals(ArrayHeaders.ALL.size(), headers.toArray().length);
        JsonArraySerializer keys = new JsonArraySerializer();
        keys.configure(Map.of(), true);
        keys.serialize(TOPIC, headers, F4_2X3);
        assertEquals(0, headers.toArray().length);
    }

    @Test
    void compressionSetProducerWideIsIgnored() {
        JsonArraySerializer configured = new JsonArraySerializer();
        configured.configure(Map.of(NpySerdeConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                NpySerdeConfig.COMPRESSION_LEVEL_CONFIG, 5), false);
        assertArrayEquals(serializer.serialize(TOPIC, F4_2X3), configured.serialize(TOPIC, F4_2X3));
        JsonArraySerializer levelOnly = new JsonArraySerializer();
        levelOnly.configure(Map.of(NpySerdeConfig.COMPRESSION_LEVEL_CONFIG, 5), false);
        assertArrayEquals(serializer.serialize(TOPIC, F4_2X3), levelOnly.serialize(TOPIC, F4_2X3));
    }

    @Test
    void npySerdesJsonRoundTripsAndConfigureReachesTheDeserializer() {
        Serde<NdArray> serde = NpySerdes.json();
        assertEquals(F4_2X3, serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, F4_2X3)));
        serde.configure(Map.of(NpySerdeConfig.MAX_ARRAY_BYTES_CONFIG, 8L), false);
        byte[] json = serde.serializer().serialize(TOPIC, F4_2X3);
        assertTrue(JsonEnvelopeRefusalTest.refusal(() -> serde.deserializer().deserialize(TOPIC, json))
                .getMessage().contains("npy.max.array.bytes=8"));
    }

    @Test
    void aLimitGivenToTheConstructorSurvivesConfigureWithoutNpyKeys() {
        JsonArrayDeserializer limited = new JsonArrayDeserializer(8);
        limited.configure(Map.of("bootstrap.servers", "localhost:9092"), false);
        byte[] json = serializer.serialize(TOPIC, F4_2X3);
        assertTrue(JsonEnvelopeRefusalTest.refusal(() -> limited.deserialize(TOPIC, json)).getMessage()
                .contains("npy.max.array.bytes=8"));
        limited.configure(Map.of(NpySerdeConfig.MAX_ARRAY_BYTES_CONFIG, 24L), false);
        assertEquals(F4_2X3, limited.deserialize(TOPIC, json));
        assertEquals(F4_2X3, new JsonArraySerde(24).deserializer().deserialize(TOPIC, json));
    }

    /** Enable once DType has numpy's fixed-width strings (S and U), which another branch adds. */
    @Test
    void fixedWidthStringsTravelAsBase64OfTheirRawBytes() {
        byte[] utf32 = new byte[8];
        utf32[0] = 'h';
        utf32[4] = 'i';
        NdArray u2 = read("{\"dtype\": \"<U2\", \"shape\": [], \"data\": \"aAAAAGkAAAA=\"}");
        assertEquals(DType.parse("<U2"), u2.dtype());
        assertEquals(ByteBuffer.wrap(utf32), u2.data());
        NdArray s3 = read("{\"dtype\": \"|S3\", \"shape\": [2], \"data\": \"Y2F0ZG9n\"}");
        assertEquals("{\"dtype\": \"|S3\", \"shape\": [2], \"order\": \"C\", \"data\": \"Y2F0ZG9n\"}", write(s3));
    }
}
