package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.Float16;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NpyMessageFormatterTest {
    private static final NdArray IMAGE = ramp(28 * 28).reshape(28, 28);

    private static NdArray ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i / (float) n;
        }
        return NdArray.of(v, n);
    }

    private static String print(Map<String, ?> props, ConsumerRecord<byte[], byte[]> record) {
        NpyMessageFormatter formatter = new NpyMessageFormatter();
        formatter.configure(props);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        formatter.writeTo(record, new PrintStream(out, true, StandardCharsets.UTF_8));
        formatter.close();
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "exactly one line: " + line);
        return line.substring(0, line.length() - 1);
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, Headers headers) {
        return new ConsumerRecord<>("features", 2, 41, 1_700_000_000_000L, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> npy(String key, NdArray array) {
        return record(key.getBytes(StandardCharsets.UTF_8), Npy.toBytes(array), new RecordHeaders());
    }

    @Test
    void anImageIsOneLineWithItsShapeEdgesAndStatistics() {
        assertEquals("Partition:2\tOffset:41\tsensor-1\tnpy\t<f4\t(28, 28)\tC\t"
                        + "[0., 0.00127551, 0.00255102, ..., 0.99617344, 0.997449, 0.99872446] "
                        + "min=0. max=0.99872446 mean=0.49936224",
                print(Map.of(), npy("sensor-1", IMAGE)));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyCodecIsDetectedAndNamed(Compression codec) {
        byte[] value = new NpySerializer(codec).serialize("features", NdArray.of(new int[] {1, 2, 3}, 3));
        String expected = "npy" + (codec == Compression.NONE ? "" : "+" + codec.id()) + "\t<i4\t(3,)\tC\t[1, 2, 3] min=1 max=3 mean=2.";
        assertTrue(print(Map.of(), record(null, value, new RecordHeaders())).endsWith("\tnull\t" + expected));
    }

    @Test
    void filteredValuesNameTheirFilterBeforeTheCodecInBothVariants() {
        NdArray a = NdArray.of(new short[] {1, 2, 3, 4}, 2, 2);
        byte[] npy = new NpySerializer(Compression.LZ4, 1, io.github.kafkanpy.compress.Filter.SHUFFLE).serialize("f", a);
        assertTrue(print(Map.of(), record(null, npy, new RecordHeaders()))
                .endsWith("\tnpy+shuffle+lz4\t<i2\t(2, 2)\tC\t[1, 2, 3, 4] min=1 max=4 mean=2.5"));
        Headers headers = new RecordHeaders();
        byte[] raw = new RawArraySerializer(Compression.ZSTD, 3, io.github.kafkanpy.compress.Filter.DELTA_SHUFFLE)
                .serialize("f", headers, a);
        assertTrue(print(Map.of(), record(null, raw, headers)).contains("\traw+delta-shuffle+zstd\t<i2\t(2, 2)\t"));
    }

    @Test
    void theRawVariantIsReadThroughItsHeadersWhichPrintAsOneJsonObject() {
        Headers headers = new RecordHeaders();
        byte[] value = new RawArraySerializer(Compression.ZSTD).serialize("features", headers,
                NdArray.of(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3));
        assertEquals("Partition:2\tOffset:41\t{\"npy.dtype\":\"<i8\",\"npy.shape\":\"3\",\"npy.order\":\"C\",\"npy.compression\":\"zstd\"}"
                        + "\tk\traw+zstd\t<i8\t(3,)\tC\t[-9223372036854775808, 0, 9223372036854775807] "
                        + "min=-9223372036854775808 max=9223372036854775807 mean=0.",
                print(Map.of("print.headers", "true"), record("k".getBytes(StandardCharsets.UTF_8), value, headers)));
    }

    @Test
    void headersPrintAsJsonSoTheShapesCommasAndOddValuesCannotPassForSeparators() {
        Headers headers = new RecordHeaders();
        byte[] value = new RawArraySerializer().serialize("features", headers, NdArray.of(new byte[28 * 28], 28, 28));
        headers.add("trace", new byte[] {(byte) 0xC3, 0x28});
        headers.add("note", "say \"hi\",\tthen go".getBytes(StandardCharsets.UTF_8));
        headers.add("empty", null);
        String line = print(Map.of("print.headers", "true", "print.key", "false"), record(null, value, headers));
        assertEquals("Partition:2\tOffset:41\t{\"npy.dtype\":\"|i1\",\"npy.shape\":\"28,28\",\"npy.order\":\"C\","
                + "\"trace\":\"0xc328\",\"note\":\"say \\\"hi\\\",\\u0009then go\",\"empty\":null}"
                + "\traw\t|i1\t(28, 28)\tC\t[0, 0, 0, ..., 0, 0, 0] min=0 max=0 mean=0.", line);
    }

    @Test
    void aTombstonePrintsTheNullLiteral() {
        assertEquals("Partition:2\tOffset:41\tk\tnull", print(Map.of(), record("k".getBytes(StandardCharsets.UTF_8), null, new RecordHeaders())));
        assertEquals("k|gone", print(Map.of("print.partition", "false", "print.offset", "false", "key.separator", "|",
                "null.literal", "gone"), record("k".getBytes(StandardCharsets.UTF_8), null, new RecordHeaders())));
    }

    @Test
    void aPoisonPillPrintsItsErrorWithTheOffsetAndTheNextRecordStillPrints() {
        NpyMessageFormatter formatter = new NpyMessageFormatter();
        formatter.configure(Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8);
        byte[] truncated = Npy.toBytes(IMAGE);
        formatter.writeTo(record(null, "not an array".getBytes(StandardCharsets.UTF_8), new RecordHeaders()), printer);
        formatter.writeTo(record(null, java.util.Arrays.copyOf(truncated, 200), new RecordHeaders()), printer);
        formatter.writeTo(npy("ok", NdArray.of(new double[] {0.5}, 1)), printer);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("Partition:2\tOffset:41\tnull\tERROR\tNpyFormatException: the value holds no format")
                && lines[0].endsWith("(at byte 0)"), lines[0]);
        assertTrue(lines[1].contains("\tERROR\tNpyFormatException: ") && lines[1].contains("(at byte "), lines[1]);
        assertTrue(lines[2].endsWith("\tok\tnpy\t<f8\t(1,)\tC\t[0.5] min=0.5 max=0.5 mean=0.5"), lines[2]);
    }

    @Test
    void aCorruptFrameNamesTheCompressionException() {
        byte[] framed = Compression.GZIP.compress(Npy.toBytes(IMAGE), 6);
        framed[framed.length / 2] ^= 0x55;
        String line = print(Map.of(), record(null, framed, new RecordHeaders()));
        assertTrue(line.contains("\tERROR\tCompressionException: ") && line.contains("(at byte "), line);
    }

    @Test
    void theThresholdAndEdgeItemsFollowNumpysPrintOptions() {
        NdArray ten = NdArray.of(new short[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10);
        assertTrue(print(Map.of(), npy("k", ten)).contains("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"));
        assertTrue(print(Map.of("threshold", "9", "edgeitems", "2"), npy("k", ten)).contains("\t[0, 1, ..., 8, 9] min=0 max=9 mean=4.5"));
        assertThrows(ConfigException.class, () -> new NpyMessageFormatter().configure(Map.of("edgeitems", "0")));
        assertThrows(ConfigException.class, () -> new NpyMessageFormatter().configure(Map.of("print.key", "yes")));
    }

    @Test
    void fortranOrderedValuesPrintInCOrderAsNumpyShowsThem() {
        NdArray c = NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertTrue(print(Map.of(), npy("k", c.toFortranOrder())).endsWith("\t<i4\t(2, 3)\tF\t[1, 2, 3, 4, 5, 6] min=1 max=6 mean=3.5"));
    }

    @Test
    void everyDtypePrintsAsNumpyDoesWithExactExtremes() {
        Map<NdArray, String> cases = new LinkedHashMap<>();
        cases.put(NdArray.of(new byte[] {-128, 127}, 2), "|i1\t(2,)\tC\t[-128, 127] min=-128 max=127 mean=-0.5");
        cases.put(NdArray.of(DType.UINT8, new byte[] {0, -1}, 2), "|u1\t(2,)\tC\t[0, 255] min=0 max=255 mean=127.5");
        cases.put(NdArray.of(new short[] {-32768, 32767}, 2), "<i2\t(2,)\tC\t[-32768, 32767] min=-32768 max=32767 mean=-0.5");
        cases.put(NdArray.of(DType.UINT16, new short[] {0, -1}, 2), "<u2\t(2,)\tC\t[0, 65535] min=0 max=65535 mean=32767.5");
        cases.put(NdArray.of(new int[] {Integer.MIN_VALUE, 1}, 2),
                "<i4\t(2,)\tC\t[-2147483648, 1] min=-2147483648 max=1 mean=-1.07374182e+09");
        cases.put(NdArray.of(DType.UINT32, new int[] {0, -1}, 2),
                "<u4\t(2,)\tC\t[0, 4294967295] min=0 max=4294967295 mean=2.14748365e+09");
        cases.put(NdArray.of(new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1}, 2),
                "<i8\t(2,)\tC\t[9223372036854775807, 9223372036854775806] min=9223372036854775806 max=9223372036854775807 mean=9.22337204e+18");
        cases.put(NdArray.of(new float[] {0.1f, -2.5f}, 2), "<f4\t(2,)\tC\t[0.1, -2.5] min=-2.5 max=0.1 mean=-1.2");
        cases.put(NdArray.of(new double[] {1e-10, 1e10}, 2).withByteOrder(java.nio.ByteOrder.BIG_ENDIAN),
                ">f8\t(2,)\tC\t[1.e-10, 1.e+10] min=1.e-10 max=1.e+10 mean=5.e+09");
        cases.put(NdArray.of(DType.COMPLEX64, new float[] {1, 2, 3, -4}, 2), "<c8\t(2,)\tC\t[1.+2.j, 3.-4.j] mean=2.-1.j");
        cases.put(NdArray.of(new double[] {2.5}).reshape(), "<f8\t()\tC\t2.5 min=2.5 max=2.5 mean=2.5");
        cases.put(NdArray.of(DType.UINT64, new long[] {0, -1}, 2),
                "<u8\t(2,)\tC\t[0, 18446744073709551615] min=0 max=18446744073709551615 mean=9.22337204e+18");
        cases.put(NdArray.of(DType.FLOAT16, new short[] {Float16.fromFloat(1.5f), Float16.fromFloat(-65504f)}, 2),
                "<f2\t(2,)\tC\t[1.5, -6.55e+04] min=-6.55e+04 max=1.5 mean=-32751.25");
        cases.put(NdArray.of(new double[] {1.0, Double.NaN, 3.0}, 3), "<f8\t(3,)\tC\t[1., nan, 3.] min=nan max=nan mean=nan");
        cases.put(NdArray.of(DType.COMPLEX128, new double[] {1, 2, 3, -4}, 2), "<c16\t(2,)\tC\t[1.+2.j, 3.-4.j] mean=2.-1.j");
        cases.put(NdArray.of(new boolean[] {true, false, true}, 3), "|b1\t(3,)\tC\t[True, False, True] true=2");
        cases.put(NdArray.of(new String[] {"a, b", "cd"}, 2), "<U4\t(2,)\tC\t['a, b', 'cd']");
        cases.put(NdArray.fromJava(DType.bytes(2), "x"), "|S2\t()\tC\tb'x'");
        cases.put(NdArray.of(new float[0], 0, 3), "<f4\t(0, 3)\tC\t[]");
        cases.forEach((array, expected) -> {
            String line = print(Map.of("print.key", "false"), npy("k", array));
            assertEquals("Partition:2\tOffset:41\tnpy\t" + expected, line);
        });
    }

    @Test
    void archivesPrintEachEntryOnTheSameLine() {
        Map<String, NdArray> entries = new LinkedHashMap<>();
        entries.put("mean", NdArray.of(new float[] {0.5f, 1.5f}, 2));
        entries.put("device", NdArray.of(new String[] {"dev-7"}));
        byte[] value = new NpzSerializer(Compression.GZIP).serialize("features", entries);
        assertEquals("Partition:2\tOffset:41\tnpz\tmean: <f4 (2,) C [0.5, 1.5] min=0.5 max=1.5 mean=1.\tdevice: <U5 (1,) C ['dev-7']",
                print(Map.of("print.key", "false"), record(null, value, new RecordHeaders())));
    }

    @Test
    void keysPrintAsTextAsArraysOrAsHex() {
        Headers keyHeaders = new RecordHeaders();
        NdArray key = NdArray.of(new int[] {7, 8}, 2);
        RawArraySerializer keySerializer = new RawArraySerializer();
        keySerializer.configure(Map.of(), true);
        byte[] keyBytes = keySerializer.serialize("features", keyHeaders, key);
        assertEquals("<i4 (2,) C [7, 8] min=7 max=8 mean=7.5\tnull",
                print(Map.of("print.partition", "false", "print.offset", "false"), record(keyBytes, null, keyHeaders)));
        assertEquals("<i4 (2,) C [7, 8] min=7 max=8 mean=7.5\tnull",
                print(Map.of("print.partition", "false", "print.offset", "false"), record(Npy.toBytes(key), null, new RecordHeaders())));
        assertEquals("0x00ff0a\tnull", print(Map.of("print.partition", "false", "print.offset", "false"),
                record(new byte[] {0, (byte) 0xFF, 10}, null, new RecordHeaders())));
        assertEquals("<i4 (2,) C [7, 8] min=7 max=8 mean=7.5\tnull",
                print(Map.of("print.partition", "false", "print.offset", "false"),
                        record(new NpySerializer(Compression.ZSTD).serialize("features", key), null, new RecordHeaders())),
                "an NPY key in a zstd frame");
        byte[] rawBytes = new byte[8];
        key.data().get(rawBytes);
        assertEquals("0x0700000008000000\tnull", print(Map.of("print.partition", "false", "print.offset", "false"),
                record(rawBytes, null, new RecordHeaders())), "raw bytes without their headers");
    }

    @Test
    void timestampsDeliveryCountsAndEpochsPrintAsKafkasFormatterPrintsThem() {
        assertTrue(print(Map.of("print.timestamp", "true"), npy("k", IMAGE)).startsWith("CreateTime:1700000000000\tPartition:2\t"));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("features", 2, 41, 1_700_000_000_000L, TimestampType.LOG_APPEND_TIME,
                -1, -1, null, null, new RecordHeaders(), Optional.of(5), Optional.of((short) 2));
        assertEquals("LogAppendTime:1700000000000\tPartition:2\tOffset:41\tDelivery:2\tEpoch:5\tnull\tnull",
                print(Map.of("print.timestamp", "true", "print.delivery", "true", "print.epoch", "true"), record));
        assertEquals("Partition:2\tOffset:41\tDelivery:NOT_PRESENT\tEpoch:NOT_PRESENT\tnull\tnull",
                print(Map.of("print.delivery", "true", "print.epoch", "true"), record(null, null, new RecordHeaders())));
    }

    @Test
    void theJsonEnvelopeIsReadAndNamed() {
        byte[] value = new JsonArraySerializer().serialize("features", NdArray.of(new double[] {1.5, -2, 4}, 3));
        assertEquals("Partition:2\tOffset:41\tk\tjson\t<f8\t(3,)\tC\t[1.5, -2., 4.] min=-2. max=4. mean=1.16666667",
                print(Map.of(), record("k".getBytes(StandardCharsets.UTF_8), value, new RecordHeaders())));
        byte[] framed = Compression.SNAPPY.compress(value, 0);
        assertTrue(print(Map.of(), record(null, framed, new RecordHeaders())).contains("\tjson+snappy\t<f8\t(3,)\t"));
    }

    @Test
    void theNpyPropertiesReachTheDeserializer() {
        byte[] headerless = new byte[2 * 3 * 2];
        headerless[2] = 7;
        Map<String, String> raw = Map.of("npy.raw.dtype", "<i2", "npy.raw.shape", "2,3");
        assertEquals("Partition:2\tOffset:41\t0x0102\traw\t<i2\t(2, 3)\tC\t[0, 7, 0, 0, 0, 0] min=0 max=7 mean=1.16666667",
                print(raw, record(new byte[] {1, 2}, headerless, new RecordHeaders())), "npy.raw.* describe values, never keys");
        assertTrue(print(Map.of(), record(null, headerless, new RecordHeaders()))
                .contains("\tERROR\tNpyFormatException: the value holds no format kafka-npy writes"));
        String refused = print(Map.of("npy.max.array.bytes", "1000"), npy("k", IMAGE));
        assertTrue(refused.startsWith("Partition:2\tOffset:41\tk\tERROR\t") && refused.contains("1000"), refused);
    }

    @Test
    void controlCharactersInsideAFieldPrintEscapedSoTheLineAndItsFieldsHold() {
        Map<String, NdArray> entries = new LinkedHashMap<>();
        entries.put("two\nlines\tand\u001btab", NdArray.of(new String[] {"a\nb", "c\td"}, 2));
        String line = print(Map.of("print.key", "false"), record(null, new NpzSerializer().serialize("features", entries), new RecordHeaders()));
        assertEquals("Partition:2\tOffset:41\tnpz\ttwo\\nlines\\tand\\u001btab: <U3 (2,) C ['a\\nb', 'c\\td']", line);
        assertEquals(4, line.split("\t").length, "no forged separator");
    }

    @Test
    void aKeyDeserializerPrintsKeysAsKafkasFormatterDoes() {
        byte[] key = new org.apache.kafka.common.serialization.LongSerializer().serialize("features", 1234567890123L);
        assertEquals("Partition:2\tOffset:41\t1234567890123\tnull",
                print(Map.of("key.deserializer", "org.apache.kafka.common.serialization.LongDeserializer"),
                        record(key, null, new RecordHeaders())));
        assertTrue(print(Map.of("key.deserializer", "org.apache.kafka.common.serialization.LongDeserializer"),
                record(new byte[] {1}, null, new RecordHeaders())).startsWith("Partition:2\tOffset:41\tERROR SerializationException: "));
        assertThrows(ConfigException.class, () -> new NpyMessageFormatter().configure(Map.of("key.deserializer", "java.lang.String")));
        assertThrows(ConfigException.class, () -> new NpyMessageFormatter().configure(Map.of("key.deserializer", "no.such.Deserializer")));
    }
}
