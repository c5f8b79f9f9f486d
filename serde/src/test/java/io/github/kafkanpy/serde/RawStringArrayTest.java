package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteOrder;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The raw variant carries S and U arrays: the descr in {@code npy.dtype}, the text in the value. */
class RawStringArrayTest {
    private static final String TOPIC = "names";

    @Test
    void rawRecordsCarryTextWithItsDescrInTheHeaders() {
        NdArray names = NdArray.of(new String[] {"Emma", "Zo\u00eb", "\uD83D\uDE00", ""}, 2, 2)
                .withByteOrder(ByteOrder.BIG_ENDIAN).toFortranOrder();
        Headers headers = new RecordHeaders();
        byte[] value = new RawArraySerializer().serialize(TOPIC, headers, names);
        assertEquals(">U4", SerdeRoundTripTest.header(headers, ArrayHeaders.DTYPE));
        assertEquals(2 * 2 * 16, value.length);
        NdArray back = new RawArrayDeserializer().deserialize(TOPIC, headers, value);
        assertEquals(names, back);
        assertArrayEquals(new String[] {"Emma", "Zo\u00eb", "\uD83D\uDE00", ""}, back.toStringArray());
    }

    @Test
    void headerlessRecordsTakeAStringDtypeFromConfig() {
        RawArrayDeserializer deserializer = new RawArrayDeserializer();
        deserializer.configure(Map.of("npy.raw.dtype", "S3"), false);
        NdArray back = deserializer.deserialize(TOPIC, new RecordHeaders(), "abcde\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(DType.bytes(3), back.dtype());
        assertArrayEquals(new String[] {"abc", "de"}, back.toStringArray());
    }

    @Test
    void zeroWidthStringsWithoutAShapeAreRefusedNotDividedBy() {
        RawArrayDeserializer deserializer = new RawArrayDeserializer();
        deserializer.configure(Map.of("npy.raw.dtype", "S0"), false);
        SerializationException e = assertThrows(SerializationException.class,
                () -> deserializer.deserialize(TOPIC, new RecordHeaders(), new byte[0]));
        assertTrue(e.getMessage().contains("npy.raw.shape"), e.getMessage());
        deserializer.configure(Map.of("npy.raw.dtype", "S0", "npy.raw.shape", "3"), false);
        assertArrayEquals(new String[] {"", "", ""}, deserializer.deserialize(TOPIC, new RecordHeaders(), new byte[0]).toStringArray());
    }

    @Test
    void zeroWidthStringHeadersPromisingMoreElementsThanAJavaArrayHoldsAreRefused() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ArrayHeaders.DTYPE, "<U0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add(ArrayHeaders.SHAPE, "65536,65536".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SerializationException e = assertThrows(SerializationException.class,
                () -> new RawArrayDeserializer().deserialize(TOPIC, headers, new byte[0]));
        assertTrue(e.getMessage().contains("more than a Java array holds"), e.getMessage());
    }
}
