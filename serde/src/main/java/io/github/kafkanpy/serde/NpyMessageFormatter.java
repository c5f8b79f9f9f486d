package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
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
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.MessageFormatter;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Prints each record of {@code kafka-console-consumer} as one line: partition, offset, key, then
 * how the value was written, its dtype, shape and order, its first and last values and, for
 * numeric data, min, max and mean.
 *
 * <pre>{@code
 * CLASSPATH=kafka-npy-serde-0.1.0.jar kafka-console-consumer.sh --bootstrap-server localhost:9092 \
 *     --topic features --from-beginning \
 *     --formatter io.github.kafkanpy.serde.NpyMessageFormatter \
 *     --formatter-property print.headers=true --formatter-property threshold=6
 *
 * Partition:0	Offset:0	{}	image-1	npy	<f4	(28, 28)	C	[0., 0.00127551, 0.00255102, ..., 0.99617344, 0.997449, 0.99872446] min=0. max=0.99872446 mean=0.49936224
 * Partition:0	Offset:2	{"npy.dtype":"|u1","npy.shape":"28,28","npy.order":"C"}	frame-7	raw	|u1	(28, 28)	C	[0, 1, 2, ..., 13, 14, 15] min=0 max=255 mean=125.05102041
 * Partition:0	Offset:4	{}	image-1	null
 * Partition:0	Offset:7	{}	cut	ERROR	NpyFormatException: data is truncated: the header promises 3136 bytes of float32 data but only 172 follow (at byte 128)
 * }</pre>
 *
 * <p>Every value kafka-npy writes is read, by {@link AnyArrayDeserializer}: NPY plain or in any
 * codec's frame ({@code npy+zstd}), the raw variant with its record headers ({@code raw}), the
 * JSON envelope ({@code json}) and NPZ archives ({@code npz}, then each entry as
 * {@code name: dtype shape order values} in a field of its own). A tombstone prints
 * {@code null}; a record that cannot be read prints {@code ERROR}, the exception and its message
 * (with the byte offset) in the value's place, and the console goes on with the next record:
 * {@link #writeTo} never throws for a record's content.
 *
 * <p>Nothing ever spans two lines: a control character inside a field (an NPZ entry's name, an
 * error message) prints escaped, as <code>&#92;n</code>, <code>&#92;t</code> or <code>&#92;u001b</code>. Numbers and
 * strings print as numpy's {@code repr} prints them, so {@code "a\tb"} stays {@code 'a\tb'}.
 *
 * <p>Properties ({@code --formatter-property key=value}), named as Kafka's own formatter names them:
 * <ul>
 *   <li>{@code print.timestamp}, {@code print.partition}, {@code print.offset},
 *       {@code print.delivery}, {@code print.epoch}, {@code print.headers}, {@code print.key},
 *       {@code print.value}: which fields to print, {@code true} or {@code false} (defaults false,
 *       true, true, false, false, false, true, true);</li>
 *   <li>{@code key.separator} between fields (a tab), {@code line.separator} after each record (a
 *       newline), {@code null.literal} for a null key or value ({@code null});</li>
 *   <li>{@code threshold}: arrays with more elements than this print only their first and last
 *       {@code edgeitems} values, in C order (defaults 10 and 3), as numpy's print options do;</li>
 *   <li>{@code npy.max.array.bytes}, {@code npy.raw.dtype}, {@code npy.raw.shape}: as for the
 *       deserializers (see {@link NpySerdeConfig}); {@code npy.raw.*} describe headerless values,
 *       never keys;</li>
 *   <li>{@code key.deserializer} ({@code --key-deserializer}): prints keys through that
 *       deserializer, configured with the {@code key.deserializer.}-prefixed properties, as
 *       Kafka's formatter does.</li>
 * </ul>
 * Headers print as one JSON object ({@code {"npy.dtype":"<f4","npy.shape":"28,28"}}, a value
 * that is not UTF-8 as {@code "0x"} and its hex, {@code {}} for none), so a comma inside a value,
 * such as the raw variant's shape, cannot be read as a separator; {@code headers.separator} is
 * therefore not used, and neither are {@code value.deserializer} and {@code headers.deserializer}.
 * Without {@code key.deserializer}, a key prints as its text when it is UTF-8 without control
 * characters, as an array ({@code dtype shape order values}) when it is one (raw with
 * {@code key.npy.*} headers, or NPY, JSON or NPZ in any codec), and as {@code 0x}-prefixed hex
 * otherwise.
 */
public class NpyMessageFormatter implements MessageFormatter {
    private static final String KEY_DESERIALIZER = "key.deserializer";

    private final AnyArrayDeserializer values = new AnyArrayDeserializer();
    private final AnyArrayDeserializer keys = new AnyArrayDeserializer();
    private Deserializer<?> keyDeserializer;
    private boolean printTimestamp;
    private boolean printPartition = true;
    private boolean printOffset = true;
    private boolean printDelivery;
    private boolean printEpoch;
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
        printDelivery = flag(configs, "print.delivery", printDelivery);
        printEpoch = flag(configs, "print.epoch", printEpoch);
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
        Map<String, Object> npy = withPrefix(configs, "npy.", false);
        values.configure(npy, false);
        npy.keySet().removeIf(k -> k.startsWith("npy.raw."));
        keys.configure(npy, true);
        if (configs.get(KEY_DESERIALIZER) != null) {
            keyDeserializer = deserializer(configs.get(KEY_DESERIALIZER));
            keyDeserializer.configure(withPrefix(configs, KEY_DESERIALIZER + ".", true), true);
        }
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
        if (printDelivery) {
            fields.add("Delivery:" + record.deliveryCount().map(String::valueOf).orElse("NOT_PRESENT"));
        }
        if (printEpoch) {
            fields.add("Epoch:" + record.leaderEpoch().map(String::valueOf).orElse("NOT_PRESENT"));
        }
        if (printHeaders) {
            fields.add(headers(record.headers()));
        }
        if (printKey) {
            fields.add(key(record));
        }
        if (printValue) {
            fields.addAll(value(record));
        }
        output.print(fields.stream().map(NpyMessageFormatter::oneLine).collect(Collectors.joining(separator)) + lineSeparator);
    }

    /** The value's fields: how it was written, then its array or its archive's entries; or the null literal; or the error. */
    private List<String> value(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return List.of(nullLiteral);
        }
        try {
            return describe(values.deserialize(record.topic(), record.headers(), record.value()), true);
        } catch (RuntimeException e) {
            return List.of("ERROR", problem(e));
        }
    }

    private String key(ConsumerRecord<byte[], byte[]> record) {
        byte[] key = record.key();
        if (key == null) {
            return nullLiteral;
        }
        if (keyDeserializer != null) {
            try {
                return String.valueOf(keyDeserializer.deserialize(record.topic(), record.headers(), key));
            } catch (RuntimeException e) {
                return "ERROR " + problem(e);
            }
        }
        boolean raw = record.headers().lastHeader(ArrayHeaders.name(ArrayHeaders.DTYPE, true)) != null;
        String text = raw ? null : utf8(key);
        if (text != null && text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        try {
            return String.join(" ", describe(keys.deserialize(record.topic(), record.headers(), key), false));
        } catch (RuntimeException e) {
            return raw ? "ERROR " + problem(e) : hex(key);
        }
    }

    /** An array as its dtype, shape, order and values; an archive as one such field per entry, each led by its name. */
    private List<String> describe(ArrayValue value, boolean withFormat) {
        List<String> fields = new ArrayList<>();
        if (withFormat) {
            fields.add(value.format().name().toLowerCase(Locale.ROOT)
                    + (value.filter() == Filter.NONE ? "" : "+" + value.filter().id())
                    + (value.compression() == Compression.NONE ? "" : "+" + value.compression().id()));
        }
        if (!value.isArchive()) {
            fields.addAll(summary.describe(value.array()));
            return fields;
        }
        for (Map.Entry<String, NdArray> entry : value.arrays().entrySet()) {
            fields.add(entry.getKey() + ": " + String.join(" ", summary.describe(entry.getValue())));
        }
        return fields;
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

    /** A field with its control characters escaped, so that it cannot break the line or forge a tab separator. */
    private static String oneLine(String field) {
        if (field.chars().noneMatch(Character::isISOControl)) {
            return field;
        }
        StringBuilder s = new StringBuilder(field.length() + 8);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> s.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : c);
            }
        }
        return s.toString();
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

    private static Deserializer<?> deserializer(Object name) {
        try {
            Class<?> type = Class.forName(name.toString().trim(), true, NpyMessageFormatter.class.getClassLoader());
            if (!Deserializer.class.isAssignableFrom(type)) {
                throw new ConfigException(KEY_DESERIALIZER, name, "is not a " + Deserializer.class.getName());
            }
            return (Deserializer<?>) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(KEY_DESERIALIZER, name, "cannot be instantiated: " + e);
        }
    }

    /** The entries whose names start with the prefix, with the prefix kept or stripped. */
    private static Map<String, Object> withPrefix(Map<String, ?> configs, String prefix, boolean strip) {
        Map<String, Object> found = new HashMap<>();
        configs.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                found.put(strip ? k.substring(prefix.length()) : k, v);
            }
        });
        return found;
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
        if (keyDeserializer != null) {
            keyDeserializer.close();
        }
    }
}
