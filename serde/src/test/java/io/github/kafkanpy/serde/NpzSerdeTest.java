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
import io.github.kafkanpy.npy.Npz;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NpzSerdeTest {
    private static final String TOPIC = "features";
    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};

    private static Map<String, NdArray> features() {
        Map<String, NdArray> features = new LinkedHashMap<>();
        features.put("embedding", NdArray.of(new float[] {0.5f, -1.25f, 3f, Float.NaN}));
        features.put("ids", NdArray.of(new long[] {101, 2023, 3000, 102, 0, 0}, 2, 3).toFortranOrder());
        features.put("label", NdArray.of(new String[] {"cat"}).reshape());
        features.put("raw", NdArray.of(DType.bytes(2), new String[] {"a", "bc"}, 2));
        return features;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyCodecRoundTripsTheArraysInTheirOrder(Compression codec) {
        try (Serde<Map<String, NdArray>> serde = NpySerdes.npz(codec)) {
            byte[] value = serde.serializer().serialize(TOPIC, features());
            Map<String, NdArray> read = serde.deserializer().deserialize(TOPIC, value);
            assertEquals(features(), read);
            assertEquals(List.copyOf(features().keySet()), List.copyOf(read.keySet()));
        }
    }

    @Test
    void uncompressedValuesAreWhatNpSavezWritesStoredEntries() {
        byte[] value = new NpzSerializer().serialize(TOPIC, features());
        assertTrue(startsWith(value, LOCAL_HEADER));
        assertEquals(0, method(value), "stored");
        assertEquals(features(), Npz.read(value));
    }

    @Test
    void gzipDeflatesTheEntriesSoNumpyAloneOpensTheArchive() {
        byte[] value = new NpzSerializer(Compression.GZIP).serialize(TOPIC, features());
        assertTrue(startsWith(value, LOCAL_HEADER), "a ZIP archive, not a gzip member around one");
        assertEquals(8, method(value), "deflated, like np.savez_compressed");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"ZSTD", "LZ4", "SNAPPY"})
    void theOtherCodecsFrameAStoredArchive(Compression codec) {
        byte[] value = new NpzSerializer(codec).serialize(TOPIC, features());
        assertEquals(codec, Compression.detect(ByteBuffer.wrap(value)));
        ByteBuffer archive = codec.decompress(ByteBuffer.wrap(value), 1 << 20);
        byte[] inner = new byte[archive.remaining()];
        archive.get(inner);
        assertEquals(0, method(inner), "stored inside the frame");
        assertEquals(features(), Npz.read(inner));
    }

    @Test
    void aConstructorsCodecSurvivesConfigureWithoutTheKey() {
        NpzSerializer serializer = new NpzSerializer(Compression.ZSTD);
        serializer.configure(Map.of(NpySerdeConfig.MAX_ARRAY_BYTES_CONFIG, "1000"), false);
        assertEquals(Compression.ZSTD, Compression.detect(ByteBuffer.wrap(serializer.serialize(TOPIC, features()))));
    }

    @Test
    void aConfiguredCodecWinsOverTheConstructors() {
        NpzSerializer serializer = new NpzSerializer(Compression.ZSTD);
        serializer.configure(Map.of(NpySerdeConfig.COMPRESSION_TYPE_CONFIG, "lz4"), false);
        assertEquals(Compression.LZ4, Compression.detect(ByteBuffer.wrap(serializer.serialize(TOPIC, features()))));
    }

    @Test
    void tombstonesStayNull() {
        assertNull(new NpzSerializer().serialize(TOPIC, null));
        assertNull(new NpzDeserializer().deserialize(TOPIC, (byte[]) null));
        assertNull(new NpzDeserializer().deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null));
    }

    @Test
    void theRawVariantsHeadersLeftOnAReusedRecordAreRemoved() {
        Headers headers = new RecordHeaders();
        new RawArraySerializer().serialize(TOPIC, headers, NdArray.of(new float[] {1, 2}));
        new NpzSerializer().serialize(TOPIC, headers, features());
        assertNull(headers.lastHeader(ArrayHeaders.DTYPE));
        assertNull(headers.lastHeader(ArrayHeaders.SHAPE));
    }

    @Test
    void storedEntriesAreViewsOfTheRecordsBytes() {
        Map<String, NdArray> one = Map.of("x", NdArray.of(new byte[] {1, 2, 3, 4}));
        byte[] value = new NpzSerializer().serialize(TOPIC, one);
        NdArray read = new NpzDeserializer().deserialize(TOPIC, value).get("x");
        int at = indexOf(value, new byte[] {1, 2, 3, 4});
        value[at] = 9;
        assertEquals(9, read.getLong(0), "no copy was made");
        assertTrue(read.data().isReadOnly());
    }

    @Test
    void theLimitBoundsAllEntriesTogetherHeadersIncluded() {
        Map<String, NdArray> two = new LinkedHashMap<>();
        two.put("a", NdArray.of(new byte[600]));
        two.put("b", NdArray.of(new byte[600]));
        byte[] value = new NpzSerializer().serialize(TOPIC, two);
        NpzDeserializer small = new NpzDeserializer();
        small.configure(Map.of(NpySerdeConfig.MAX_ARRAY_BYTES_CONFIG, "1000"), false);
        SerializationException e = assertThrows(SerializationException.class, () -> small.deserialize(TOPIC, value));
        assertInstanceOf(NpyFormatException.class, e.getCause());
        assertEquals(two, new NpzDeserializer(2 * (600 + 128)).deserialize(TOPIC, value), "two 128-byte NPY headers");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "LZ4", "SNAPPY"})
    void aFrameThatInflatesPastTheLimitIsRefused(Compression codec) {
        byte[] value = new NpzSerializer(codec).serialize(TOPIC, Map.of("zeros", NdArray.of(new byte[8 << 20])));
        assertTrue(value.length < (1 << 20), "compressed well: " + value.length);
        SerializationException e = assertThrows(SerializationException.class,
                () -> new NpzDeserializer(1 << 20).deserialize(TOPIC, value));
        assertTrue(e.getMessage().contains(TOPIC), e.getMessage());
    }

    @Test
    void bytesThatAreNoArchiveAreRefusedWithTheirOffset() {
        byte[] value = "PK\u0003\u0004 truncated".getBytes(StandardCharsets.ISO_8859_1);
        SerializationException e = assertThrows(SerializationException.class, () -> new NpzDeserializer().deserialize(TOPIC, value));
        NpyFormatException cause = assertInstanceOf(NpyFormatException.class, e.getCause());
        assertTrue(cause.getMessage().contains("at byte "), cause.getMessage());
    }

    /** The compression method of the first local file header. */
    private static int method(byte[] zip) {
        return (zip[8] & 0xff) | (zip[9] & 0xff) << 8;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return indexOf(bytes, prefix) == 0;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
