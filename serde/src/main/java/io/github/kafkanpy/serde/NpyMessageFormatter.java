package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.NpyException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.MessageFormatter;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;

/**
 * Prints each record of {@code kafka-console-consumer} as one line: partition, offset, key, then
 * how the value was written, its dtype, shape and order, its first and last values and, for
 * numeric data, min, max and mean.
 *
 * <pre>{@code
 * kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic features --from-beginning \
 *     --formatter io.github.kafkanpy.serde.NpyMessageFormatter \
 *     --formatter-property threshold=6
 *
 * Partition:0	Offset:0	image-1	npy	<f4	(28, 28)	C	[0., 0.00127551, 0.00255102, ..., 0.99617344, 0.997449, 0.99872446] min=0. max=0.99872446 mean=0.49936224
 * Partition:0	Offset:1	extremes	raw	<i8	(3,)	C	[-9223372036854775808, 0, 9223372036854775807] min=-9223372036854775808 max=9223372036854775807 mean=0.
 * Partition:0	Offset:2	image-1	null
 * Partition:0	Offset:3	cut	ERROR	NpyFormatException: data is truncated: the header promises 3136 bytes of float32 data but only 172 follow (at byte 128)
 * }</pre>
 *
 * <p>Every value kafka-npy writes is read, by {@link AnyArrayDeserializer}: NPY plain or in any
 * codec's frame, the raw variant with its record headers, the JSON envelope and NPZ archives (each
 * entry as {@code name: dtype shape order values}). A tombstone prints {@code null}; a record that
 * cannot be read prints {@code ERROR}, the exception and its message (with the byte offset) in
 * the value's place, and the console goes on with the next record. Nothing ever spans two lines.
 *
 * <p>Properties ({@code --formatter-property key=value}), named as Kafka's own formatter names them:
 * <ul>
 *   <li>{@code print.timestamp}, {@code print.partition}, {@code print.offset}, {@code print.headers},
 *       {@code print.key}, {@code print.value}: which fields to print (defaults false, true, true,
 *       false, true, true);</li>
 *   <li>{@code key.separator} between fields (a tab), {@code line.separator} after each record (a newline),
 *       {@code null.literal} for a null key or value ({@code null});</li>
 *   <li>{@code threshold}: arrays with more elements than this print only their first and last
 *       {@code edgeitems} values, in C order (defaults 10 and 3), as numpy's print options do;</li>
 *   <li>{@code npy.max.array.bytes}, {@code npy.raw.dtype}, {@code npy.raw.shape}: as for the
 *       deserializers (see {@link NpySerdeConfig}).</li>
 * </ul>
 * Headers print as one JSON object ({@code {"npy.dtype":"<f4","npy.shape":"28,28"}}), so a comma
 * inside a value, such as the raw variant's shape, cannot be read as a separator. A key prints as
 * its text when it is UTF-8 without control characters, as an array when it is one (an NPY file,
 * or raw with {@code key.npy.*} headers), and as {@code 0x}-prefixed hex otherwise.
 */
public class NpyMessageFormatter implements MessageFormatter {
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private final AnyArrayDeserializer values = new AnyArrayDeserializer();
    private final AnyArrayDeserializer keys = new AnyArrayDeserializer();
    private boolean printTimestamp;
    private boolean printPartition = true;
    private boolean printOffset = true;
    private boolean printHeaders;
    private boolean printKey = true;
    private boolean printValue = true;
    private String separator = "\t";
    private String lineSeparator = "\n";
    private String nullLiteral = "null";
    private ArraySummary summary = new ArraySummary(10, 3);

    /** A formatter with the defaults above; the console calls {@link #configure} with its properties. */
    public NpyMessageFormatter() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
        printTimestamp = flag(configs, "print.timestamp", printTimestamp);
        printPartition = flag(configs, "print.partition", printPartition);
        printOffset = flag(configs, "print.offset", printOffset);
        printHeaders = flag(configs, "print.headers", printHeaders);
        printKey = flag(configs, "print.key", printKey);
        printValue = flag(configs, "print.value", printValue);
        separator = text(configs, "key.separator", separator);
        lineSeparator = text(configs, "line.separator", lineSeparator);
        nullLiteral = text(configs, "null.literal", nullLiteral);
        try {
            summary = new ArraySummary(number(configs, "threshold", 10), number(configs, "edgeitems", 3));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        Map<String, Object> npy = new HashMap<>();
        configs.forEach((k, v) -> {
            if (k.startsWith("npy.")) {
                npy.put(k, v);
            }
        });
        values.configure(npy, false);
        keys.configure(npy, true);
    }

    @Override
    public void writeTo(ConsumerRecord<byte[], byte[]> record, PrintStream output) {
        List<String> fields = new ArrayList<>();
        if (printTimestamp) {
            fields.add(record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE ? "NO_TIMESTAMP"
                    : record.timestampType() + ":" + record.timestamp());
        }
        if (printPartition) {
            fields.add("Partition:" + record.partition());
        }
        if (printOffset) {
            fields.add("Offset:" + record.offset());
        }
        if (printHeaders) {
            fields.add(headers(record.headers()));
        }
        if (printKey) {
            fields.add(key(record));
        }
        if (printValue) {
            fields.add(value(record));
        }
        fields.replaceAll(f -> f.replace('\n', ' ').replace('\r', ' '));
        output.print(String.join(separator, fields) + lineSeparator);
    }

    private String value(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return nullLiteral;
        }
        try {
            ArrayValue value = values.deserialize(record.topic(), record.headers(), record.value());
            String how = value.format().name().toLowerCase(Locale.ROOT)
                    + (value.compression() == Compression.NONE ? "" : "+" + value.compression().id());
            if (!value.isArchive()) {
                return how + separator + summary.describe(value.array(), separator);
            }
            List<String> entries = new ArrayList<>();
            entries.add(how);
            value.arrays().forEach((name, array) -> entries.add(name + ": " + summary.describe(array, " ")));
            return String.join(separator, entries);
        } catch (RuntimeException e) {
            return "ERROR" + separator + problem(e);
        }
    }

    private String key(ConsumerRecord<byte[], byte[]> record) {
        byte[] key = record.key();
        if (key == null) {
            return nullLiteral;
        }
        boolean array = startsWith(key, NPY_MAGIC)
                || record.headers().lastHeader(ArrayHeaders.name(ArrayHeaders.DTYPE, true)) != null;
        if (array) {
            try {
                return summary.describe(keys.deserialize(record.topic(), record.headers(), key).array(), " ");
            } catch (RuntimeException e) {
                return "ERROR " + problem(e);
            }
        }
        String text = utf8(key);
        return text != null && text.chars().noneMatch(Character::isISOControl) ? text : hex(key);
    }

    /** The innermost kafka-npy refusal when there is one (it names the byte offset), else the exception itself. */
    private static String problem(RuntimeException e) {
        Throwable shown = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NpyException) {
                shown = t;
                break;
            }
        }
        return shown.getClass().getSimpleName() + ": " + shown.getMessage();
    }

    private static String headers(Headers headers) {
        StringBuilder json = new StringBuilder("{");
        for (Header h : headers) {
            json.append(json.length() > 1 ? "," : "").append(quote(h.key())).append(':');
            String text = h.value() == null ? null : utf8(h.value());
            json.append(h.value() == null ? "null" : text != null ? quote(text) : quote(hex(h.value())));
        }
        return json.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder("0x");
        for (byte b : bytes) {
            s.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString();
    }

    private static boolean startsWith(byte[] data, byte[] magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (data[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean flag(Map<String, ?> configs, String name, boolean otherwise) {
        Object v = configs.get(name);
        if (v == null) {
            return otherwise;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw new ConfigException(name, v, "must be true or false");
        }
        return Boolean.parseBoolean(s);
    }

    private static String text(Map<String, ?> configs, String name, String otherwise) {
        Object v = configs.get(name);
        return v == null ? otherwise : v.toString();
    }

    private static int number(Map<String, ?> configs, String name, int otherwise) {
        Object v = configs.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, v, "must be a whole number");
        }
    }

    @Override
    public void close() {
        values.close();
        keys.close();
    }
}
