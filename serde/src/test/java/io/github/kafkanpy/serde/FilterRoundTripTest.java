package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.compress.FilterFrame;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterRoundTripTest {
    private static final String TOPIC = "filtered";
    private static final Compression[] CODECS = {Compression.GZIP, Compression.ZSTD, Compression.LZ4, Compression.SNAPPY};

    static Stream<Arguments> dtypesFiltersAndCodecs() {
        List<DType> dtypes = new ArrayList<>(List.of(DType.bytes(5), DType.bytes(0), DType.str(3),
                DType.str(3, ByteOrder.BIG_ENDIAN), DType.str(0)));
        for (DType.Kind kind : DType.Kind.values()) {
            if (!kind.isString()) {
                dtypes.add(DType.of(kind, ByteOrder.LITTLE_ENDIAN));
                if (kind.itemSize() > 1) {
                    dtypes.add(DType.of(kind, ByteOrder.BIG_ENDIAN));
                }
            }
        }
        List<Arguments> out = new ArrayList<>();
        for (DType dtype : dtypes) {
            for (Filter filter : List.of(Filter.SHUFFLE, Filter.DELTA_SHUFFLE)) {
                for (Compression codec : CODECS) {
                    out.add(Arguments.of(dtype, filter, codec));
                }
            }
        }
        return out.stream();
    }

    /** Smooth data, so that a wrong delta or plane order would not pass by luck as random bytes might. */
    static NdArray ramp(DType dtype, boolean fortran, int... shape) {
        NdArray random = SerdeRoundTripTest.random(dtype, false, shape);
        byte[] bytes = new byte[(int) random.nbytes()];
        random.data().get(bytes);
        for (int i = 0; i < bytes.length; i += 3) {
            bytes[i] = (byte) (i / 7);
        }
        NdArray c = NdArray.wrap(dtype, ByteBuffer.wrap(bytes), false, shape);
        return fortran ? c.toFortranOrder() : c;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dtypesFiltersAndCodecs")
    void everyDtypeOrderAndShapeSurvivesEveryFilterAndCodecInBothVariants(DType dtype, Filter filter, Compression codec) {
        List<NdArray> arrays = List.of(ramp(dtype, false), ramp(dtype, false, 0), ramp(dtype, false, 0, 5),
                ramp(dtype, false, 7), ramp(dtype, false, 3, 4), ramp(dtype, true, 3, 4), ramp(dtype, true, 2, 3, 5),
                ramp(dtype, false, 1, 9), ramp(dtype, false, 4100, 3), ramp(dtype, true, 4100, 3));
        for (NdArray array : arrays) {
            for (String variant : List.of("npy", "raw")) {
                ArraySerializer serializer = variant.equals("npy") ? new NpySerializer(codec, codec.defaultLevel(), filter)
                        : new RawArraySerializer(codec, codec.defaultLevel(), filter);
                Headers headers = new RecordHeaders();
                byte[] value = serializer.serialize(TOPIC, headers, array);
                String what = variant + " " + array.dtype() + " " + java.util.Arrays.toString(array.shape())
                        + (array.fortranOrder() ? " F" : " C");
                NdArray back = variant.equals("npy") ? new NpyDeserializer().deserialize(TOPIC, headers, value)
                        : new RawArrayDeserializer().deserialize(TOPIC, headers, value);
                assertEquals(array, back, what);
                ArrayValue any = new AnyArrayDeserializer().deserialize(TOPIC, headers, value);
                assertEquals(array, any.array(), what);
                assertEquals(codec, any.compression(), what);
                boolean changes = array.nbytes() > 0 && (filter == Filter.DELTA_SHUFFLE || elementBytes(dtype) > 1);
                assertEquals(changes, FilterFrame.isFrame(ByteBuffer.wrap(value)), what);
                assertEquals(changes ? filter : Filter.NONE, any.filter(), what);
            }
        }
    }

    private static int elementBytes(DType dtype) {
        return dtype.kind().isComplex() ? dtype.kind().itemSize() / 2 : dtype.kind().itemSize();
    }

    @Test
    void theDeltaRunsAlongAxisZeroInEitherOrder() {
        short[] counts = new short[6 * 4];
        for (int t = 0; t < 6; t++) {
            for (int c = 0; c < 4; c++) {
                counts[t * 4 + c] = (short) (1000 * c + t);
            }
        }
        NdArray c = NdArray.of(counts, 6, 4);
        FilterFrame rows = FilterFrame.read(ByteBuffer.wrap(
                new RawArraySerializer(Compression.ZSTD, 3, Filter.DELTA_SHUFFLE).serialize(TOPIC, c)));
        assertEquals(4, rows.distance(), "C order: one row of 4 elements back");
        FilterFrame columns = FilterFrame.read(ByteBuffer.wrap(
                new RawArraySerializer(Compression.ZSTD, 3, Filter.DELTA_SHUFFLE).serialize(TOPIC, c.toFortranOrder())));
        assertEquals(1, columns.distance(), "Fortran order: axis 0 is contiguous");
        FilterFrame complex = FilterFrame.read(ByteBuffer.wrap(new NpySerializer(Compression.ZSTD, 3, Filter.DELTA_SHUFFLE)
                .serialize(TOPIC, SerdeRoundTripTest.random(DType.COMPLEX128, false, 5, 3))));
        assertEquals(8, complex.width(), "complex numbers are filtered by their parts");
        assertEquals(6, complex.distance(), "3 complex numbers, 6 parts, per row");
        FilterFrame text = FilterFrame.read(ByteBuffer.wrap(new NpySerializer(Compression.ZSTD, 3, Filter.SHUFFLE)
                .serialize(TOPIC, NdArray.of(new String[] {"alpha", "beta"}))));
        assertEquals(4, text.width(), "str_ is filtered by its UCS-4 characters");
    }

    @Test
    void theNpyHeaderStaysUnfilteredSoTheContentIsANpyFileWithShuffledData() {
        NdArray a = NdArray.of(new float[] {1, 2, 3, 4}, 2, 2);
        byte[] npy = Npy.toBytes(a);
        byte[] value = new NpySerializer(Compression.GZIP, 6, Filter.SHUFFLE).serialize(TOPIC, a);
        FilterFrame frame = FilterFrame.read(ByteBuffer.wrap(value));
        assertEquals(npy.length - 16, frame.prefix());
        ByteBuffer framed = ByteBuffer.wrap(value, 20, value.length - 20);
        ByteBuffer content = Compression.GZIP.decompress(framed, 1 << 20);
        byte[] header = new byte[(int) frame.prefix()];
        content.get(header);
        assertArrayEquals(java.util.Arrays.copyOf(npy, header.length), header);
    }

    @Test
    void unfilteredValuesStayExactlyAsBefore() {
        NdArray a = ramp(DType.FLOAT32, false, 64, 8);
        for (Compression codec : CODECS) {
            byte[] plain = new NpySerializer(codec).serialize(TOPIC, a);
            assertEquals(codec, Compression.detect(ByteBuffer.wrap(plain)));
            byte[] configured = configured(new NpySerializer(), Map.of("npy.compression.type", codec.id(),
                    "npy.compression.filter", "none")).serialize(TOPIC, a);
            assertEquals(codec, Compression.detect(ByteBuffer.wrap(configured)));
            assertFalse(FilterFrame.isFrame(ByteBuffer.wrap(configured)));
        }
    }

    @Test
    void aConstructorsFilterSurvivesConfigureAndTheMapCanSetOrClearIt() {
        NdArray a = ramp(DType.INT16, false, 128, 4);
        NpySerializer chosen = configured(new NpySerializer(Compression.ZSTD, 3, Filter.DELTA_SHUFFLE), Map.of());
        assertEquals(Filter.DELTA_SHUFFLE, FilterFrame.read(ByteBuffer.wrap(chosen.serialize(TOPIC, a))).filter());
        NpySerializer byName = configured(new NpySerializer(), Map.of("npy.compression.type", "lz4",
                "npy.compression.filter", "Shuffle"));
        FilterFrame frame = FilterFrame.read(ByteBuffer.wrap(byName.serialize(TOPIC, a)));
        assertEquals(Filter.SHUFFLE, frame.filter());
        assertEquals(Compression.LZ4, frame.codec());
        NpySerializer cleared = configured(new NpySerializer(Compression.ZSTD, 3, Filter.SHUFFLE),
                Map.of("npy.compression.filter", "none"));
        assertFalse(FilterFrame.isFrame(ByteBuffer.wrap(cleared.serialize(TOPIC, a))));
        RawArraySerializer raw = configured(new RawArraySerializer(Compression.SNAPPY, 0, Filter.SHUFFLE), Map.of());
        Headers headers = new RecordHeaders();
        assertTrue(FilterFrame.isFrame(ByteBuffer.wrap(raw.serialize(TOPIC, headers, a))));
        assertEquals("snappy", SerdeRoundTripTest.header(headers, "npy.compression"));
    }

    @Test
    void aFilterWithoutACodecIsRefusedWhereverItIsChosen() {
        assertThrows(IllegalArgumentException.class, () -> new NpySerializer(Compression.NONE, 0, Filter.SHUFFLE));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new RawArraySerializer().configure(Map.of("npy.compression.filter", "delta-shuffle"), false));
        assertTrue(e.getMessage().contains("npy.compression.filter"), e.getMessage());
        assertThrows(ConfigException.class,
                () -> new NpySerializer().configure(Map.of("npy.compression.type", "zstd", "npy.compression.filter", "bits"),
                        false));
    }

    @Test
    void archivesAndJsonIgnoreAProducerWideFilter() {
        Map<String, Object> config = Map.of("npy.compression.type", "zstd", "npy.compression.filter", "shuffle");
        NpzSerializer npz = new NpzSerializer();
        npz.configure(config, false);
        byte[] archive = npz.serialize(TOPIC, Map.of("a", NdArray.of(new float[] {1, 2})));
        assertEquals(Compression.ZSTD, Compression.detect(ByteBuffer.wrap(archive)));
        JsonArraySerializer json = new JsonArraySerializer();
        json.configure(config, false);
        assertEquals('{', json.serialize(TOPIC, NdArray.of(new float[] {1, 2}))[0]);
    }

    @Test
    void headerlessFilteredRawValuesReadWithTheConfiguredCodecAsInAStateStore() {
        NdArray a = ramp(DType.INT16, false, 16, 4);
        RawArraySerde serde = new RawArraySerde(DType.INT16, 16, 4);
        serde.configure(Map.of("npy.compression.type", "zstd", "npy.compression.filter", "delta-shuffle"), false);
        byte[] value = serde.serializer().serialize(TOPIC, a);
        assertTrue(FilterFrame.isFrame(ByteBuffer.wrap(value)));
        assertEquals(a, serde.deserializer().deserialize(TOPIC, value));
        NpySerde npy = new NpySerde();
        npy.configure(Map.of("npy.compression.type", "lz4", "npy.compression.filter", "shuffle"), false);
        assertEquals(a, npy.deserializer().deserialize(TOPIC, npy.serializer().serialize(TOPIC, a)));
    }

    @Test
    void serdesBuiltWithAFilterWriteFramesThatTheirOtherHalfReads() {
        NdArray a = ramp(DType.FLOAT32, false, 64, 8);
        NpySerde npy = new NpySerde(Compression.ZSTD, Filter.DELTA_SHUFFLE);
        byte[] value = npy.serializer().serialize(TOPIC, a);
        assertEquals(Filter.DELTA_SHUFFLE, FilterFrame.read(ByteBuffer.wrap(value)).filter());
        assertEquals(a, npy.deserializer().deserialize(TOPIC, value));
        RawArraySerde raw = new RawArraySerde(Compression.LZ4, Filter.SHUFFLE);
        raw.configure(Map.of("npy.raw.dtype", "<f4", "npy.raw.shape", "64,8"), false);
        byte[] headerless = raw.serializer().serialize(TOPIC, a);
        assertEquals(Compression.LZ4, FilterFrame.read(ByteBuffer.wrap(headerless)).codec());
        assertEquals(a, raw.deserializer().deserialize(TOPIC, headerless), "a state store's record: no headers");
    }

    @Test
    void aRawValueWhoseFrameDisagreesWithItsCodecHeaderIsRefused() {
        NdArray a = ramp(DType.INT32, false, 8);
        Headers headers = new RecordHeaders();
        byte[] value = new RawArraySerializer(Compression.ZSTD, 3, Filter.SHUFFLE).serialize(TOPIC, headers, a);
        headers.remove("npy.compression");
        headers.add("npy.compression", "lz4".getBytes());
        SerializationException e = assertThrows(SerializationException.class,
                () -> new RawArrayDeserializer().deserialize(TOPIC, headers, value));
        assertTrue(e.getMessage().contains("a zstd frame, but its npy.compression header says lz4"), e.getMessage());
    }

    @Test
    void malformedFilterFramesAreSerializationExceptionsWithTheProblemAndOffset() {
        NdArray a = ramp(DType.FLOAT64, false, 32, 2);
        byte[] value = new NpySerializer(Compression.ZSTD, 3, Filter.DELTA_SHUFFLE).serialize(TOPIC, a);
        byte[] badWidth = value.clone();
        badWidth[8] = 5;
        SerializationException e = assertThrows(SerializationException.class,
                () -> new NpyDeserializer().deserialize(TOPIC, badWidth));
        assertTrue(e.getMessage().contains("width is 5") && e.getMessage().contains("at byte 8"), e.getMessage());
        byte[] cut = java.util.Arrays.copyOf(value, value.length - 5);
        assertThrows(SerializationException.class, () -> new AnyArrayDeserializer().deserialize(TOPIC, cut));
        NpyDeserializer small = new NpyDeserializer(100);
        SerializationException tooLarge = assertThrows(SerializationException.class,
                () -> small.deserialize(TOPIC, value));
        assertTrue(tooLarge.getMessage().contains("npy.max.array.bytes=100"), tooLarge.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T extends ArraySerializer> T configured(T serializer, Map<String, ?> config) {
        serializer.configure(config, false);
        return serializer;
    }
}
