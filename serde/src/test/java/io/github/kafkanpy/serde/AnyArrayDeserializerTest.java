package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.NpyFormatException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AnyArrayDeserializerTest {
    private static final String TOPIC = "anything";
    private static final NdArray IMAGE = NdArray.of(DType.UINT8, new int[] {0, 1, 2, 250, 251, 255}, 2, 3);

    private final AnyArrayDeserializer any = new AnyArrayDeserializer();

    @ParameterizedTest
    @EnumSource(Compression.class)
    void npyInAnyCodecIsReadAsNpy(Compression codec) {
        ArrayValue value = any.deserialize(TOPIC, new RecordHeaders(), new NpySerializer(codec).serialize(TOPIC, IMAGE));
        assertEquals(ArrayValue.Format.NPY, value.format());
        assertEquals(codec, value.compression());
        assertEquals(IMAGE, value.array());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void theRawVariantIsReadFromItsHeaders(Compression codec) {
        Headers headers = new RecordHeaders();
        byte[] bytes = new RawArraySerializer(codec).serialize(TOPIC, headers, IMAGE);
        ArrayValue value = any.deserialize(TOPIC, headers, bytes);
        assertEquals(ArrayValue.Format.RAW, value.format());
        assertEquals(codec, value.compression());
        assertEquals(IMAGE, value.array());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void npzInAnyCodecIsReadAsAnArchive(Compression codec) {
        Map<String, NdArray> archive = new LinkedHashMap<>();
        archive.put("image", IMAGE);
        archive.put("camera", NdArray.of(new String[] {"cam-1"}).reshape());
        ArrayValue value = any.deserialize(TOPIC, new RecordHeaders(), new NpzSerializer(codec).serialize(TOPIC, archive));
        assertEquals(ArrayValue.Format.NPZ, value.format());
        assertTrue(value.isArchive());
        // gzip deflates the entries inside the archive: no frame around it, as np.savez_compressed writes
        assertEquals(codec == Compression.GZIP ? Compression.NONE : codec, value.compression());
        assertEquals(archive, value.arrays());
        assertThrows(IllegalStateException.class, value::array, "an archive has no single array");
    }

    @Test
    void anEmptyArchiveIsAnArchive() {
        ArrayValue value = any.deserialize(TOPIC, new RecordHeaders(), new NpzSerializer().serialize(TOPIC, Map.of()));
        assertEquals(ArrayValue.Format.NPZ, value.format());
        assertEquals(Map.of(), value.arrays());
    }

    @Test
    void theJsonEnvelopeIsReadAsJson() {
        ArrayValue value = any.deserialize(TOPIC, new RecordHeaders(), new JsonArraySerializer().serialize(TOPIC, IMAGE));
        assertEquals(ArrayValue.Format.JSON, value.format());
        assertEquals(IMAGE, value.array());
    }

    @Test
    void jsonWithLeadingWhitespaceAndAByteOrderMarkOrInTheListFormIsJson() {
        String envelope = "\uFEFF \n [\"uint8\", \"AAEC+vv/\", [2, 3]]";
        ArrayValue value = any.deserialize(TOPIC, new RecordHeaders(), envelope.getBytes(StandardCharsets.UTF_8));
        assertEquals(ArrayValue.Format.JSON, value.format());
        assertEquals(IMAGE, value.array());
    }

    @Test
    void headerlessRawBytesAreReadWithTheConfiguredDtypeAndShape() {
        any.configure(Map.of(NpySerdeConfig.RAW_DTYPE_CONFIG, "|u1", NpySerdeConfig.RAW_SHAPE_CONFIG, "2,3"), false);
        ArrayValue value = any.deserialize(TOPIC, new RecordHeaders(), new byte[] {0, 1, 2, (byte) 250, (byte) 251, (byte) 255});
        assertEquals(ArrayValue.Format.RAW, value.format());
        assertEquals(IMAGE, value.array());
    }

    @Test
    void keysAreReadFromTheKeyPrefixedHeaders() {
        Headers headers = new RecordHeaders();
        byte[] bytes = NpySerdes.rawKey().serializer().serialize(TOPIC, headers, IMAGE);
        any.configure(Map.of(), true);
        assertEquals(IMAGE, any.deserialize(TOPIC, headers, bytes).array());
    }

    @Test
    void bytesOfNoKnownFormatAreRefusedNamingTheFormatsTried() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> any.deserialize(TOPIC, new RecordHeaders(), new byte[] {1, 2, 3, 4, 5}));
        NpyFormatException cause = assertInstanceOf(NpyFormatException.class, e.getCause());
        assertTrue(cause.getMessage().contains("NPY") && cause.getMessage().contains("NPZ")
                && cause.getMessage().contains("JSON") && cause.getMessage().contains("npy.dtype"), cause.getMessage());
    }

    @Test
    void aCodecFrameAroundGarbageIsRefusedNamingTheCodec() {
        byte[] framed = Compression.ZSTD.compress("hello".getBytes(StandardCharsets.US_ASCII), 3);
        SerializationException e = assertThrows(SerializationException.class,
                () -> any.deserialize(TOPIC, new RecordHeaders(), framed));
        assertTrue(e.getCause().getMessage().contains("zstd"), e.getCause().getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "LZ4", "SNAPPY"})
    void aBombIsRefusedAtTheConfiguredLimit(Compression codec) {
        byte[] bomb = new NpySerializer(codec).serialize(TOPIC, NdArray.of(new byte[16 << 20]));
        any.configure(Map.of(NpySerdeConfig.MAX_ARRAY_BYTES_CONFIG, String.valueOf(1 << 20)), false);
        assertThrows(SerializationException.class, () -> any.deserialize(TOPIC, new RecordHeaders(), bomb));
    }

    @Test
    void tombstonesStayNull() {
        assertNull(any.deserialize(TOPIC, (byte[]) null));
        assertNull(any.deserialize(TOPIC, new RecordHeaders(), (byte[]) null));
    }
}
