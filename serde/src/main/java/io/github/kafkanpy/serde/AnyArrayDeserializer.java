package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.compress.FilterFrame;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.npy.NpyFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads every value kafka-npy writes, for readers that cannot know what was sent: an NPY file
 * plain or in any codec's frame, the raw variant with its record headers, the JSON envelope and
 * NPZ archives (plain, deflated or framed). The result says which it was.
 *
 * <p>It tells them apart by what the record carries, never by configuration:
 * <ol>
 *   <li>an {@code npy.dtype} header ({@code key.npy.dtype} for keys) means the raw variant;</li>
 *   <li>otherwise a filter frame's or a codec's magic bytes mean a frame, which is inflated once
 *       (bounded by {@code npy.max.array.bytes}) and unfiltered;</li>
 *   <li>then {@code \x93NUMPY} is NPY, {@code PK} an NPZ archive, and <code>&#123;</code> or <code>[</code>
 *       (after whitespace) the JSON envelope;</li>
 *   <li>anything else is raw bytes described by {@code npy.raw.dtype} and {@code npy.raw.shape}
 *       where they are configured (a state store's headerless records), and refused otherwise.</li>
 * </ol>
 * Each format is then read by its own deserializer ({@link NpyDeserializer}, {@link RawArrayDeserializer},
 * {@link JsonArrayDeserializer}, {@link NpzDeserializer}), with the same limits, the same
 * zero-copy views and the same errors.
 *
 * <pre>{@code
 * props.put("value.deserializer", AnyArrayDeserializer.class.getName());
 * try (var consumer = new KafkaConsumer<String, ArrayValue>(props)) {
 *     consumer.subscribe(List.of("features"));
 *     for (var record : consumer.poll(Duration.ofSeconds(1))) {
 *         ArrayValue value = record.value();
 *         NdArray first = value.isArchive() ? value.arrays().values().iterator().next() : value.array();
 *     }
 * }
 * }</pre>
 */
public class AnyArrayDeserializer implements Deserializer<ArrayValue> {
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private final NpyDeserializer npy = new NpyDeserializer();
    private final RawArrayDeserializer raw = new RawArrayDeserializer();
    private final JsonArrayDeserializer json = new JsonArrayDeserializer();
    private final NpzDeserializer npz = new NpzDeserializer();
    private long maxArrayBytes = NpySerdeConfig.MAX_ARRAY_BYTES_DEFAULT;
    private boolean rawFallback;
    private boolean isKey;

    /** A deserializer with the default limit of 256 MiB per value; {@link #configure} passes the {@code npy.*} keys on. */
    public AnyArrayDeserializer() {
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        npy.configure(configs, isKey);
        raw.configure(configs, isKey);
        json.configure(configs, isKey);
        npz.configure(configs, isKey);
        NpySerdeConfig config = new NpySerdeConfig(configs);
        maxArrayBytes = config.maxArrayBytes().orElse(maxArrayBytes);
        rawFallback |= config.rawDType().isPresent();
        this.isKey = isKey;
    }

    @Override
    public ArrayValue deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public ArrayValue deserialize(String topic, Headers headers, byte[] data) {
        return data == null ? null : deserialize(topic, headers, ByteBuffer.wrap(data));
    }

    @Override
    public ArrayValue deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        String rawCodec = rawCodec(headers);
        if (rawCodec != null) {
            NdArray array = raw.deserialize(topic, headers, data);
            Compression codec = codecOrNone(rawCodec);
            Filter filter = codec != Compression.NONE && FilterFrame.isFrame(data) ? FilterFrame.read(data).filter()
                    : Filter.NONE;
            return ArrayValue.of(ArrayValue.Format.RAW, codec, filter, array);
        }
        Unwrapped unwrapped;
        try {
            unwrapped = Unwrapped.of(data, maxArrayBytes + NpzDeserializer.ARCHIVE_ALLOWANCE, this::npyLength);
        } catch (RuntimeException e) {
            throw Failures.of("decompress a value", topic, e);
        }
        ByteBuffer inner = unwrapped.content();
        Compression compression = unwrapped.compression();
        Filter filter = unwrapped.filter();
        if (startsWith(inner, NPY_MAGIC)) {
            return ArrayValue.of(ArrayValue.Format.NPY, compression, filter, npy.deserialize(topic, headers, inner));
        }
        if (isZip(inner)) {
            return ArrayValue.archive(compression, npz.deserialize(topic, headers, inner));
        }
        if (isJson(inner)) {
            return ArrayValue.of(ArrayValue.Format.JSON, compression, json.deserialize(topic, headers, inner));
        }
        if (rawFallback) {
            // headerless raw bytes, such as a state store's, described by npy.raw.dtype and npy.raw.shape
            return ArrayValue.of(ArrayValue.Format.RAW, compression, filter, raw.deserialize(topic, headers, data));
        }
        throw Failures.of("deserialize a value", topic, new NpyFormatException(unknown(compression), 0));
    }

    private static String unknown(Compression compression) {
        String what = compression == Compression.NONE ? "the value" : "the value's " + compression.id() + " frame";
        return what + " holds no format kafka-npy writes: not NPY (\\x93NUMPY), NPZ (PK) or JSON ({ or [), "
                + "and raw values need their npy.dtype header, or " + NpySerdeConfig.RAW_DTYPE_CONFIG + " configured";
    }

    /** The value of the raw variant's codec header: "" for an uncompressed raw record, null for a record without raw headers. */
    private String rawCodec(Headers headers) {
        if (headers == null || headers.lastHeader(ArrayHeaders.name(ArrayHeaders.DTYPE, isKey)) == null) {
            return null;
        }
        Header codec = headers.lastHeader(ArrayHeaders.name(ArrayHeaders.COMPRESSION, isKey));
        return codec == null || codec.value() == null ? "" : new String(codec.value(), StandardCharsets.UTF_8);
    }

    private static Compression codecOrNone(String id) {
        for (Compression c : Compression.values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return Compression.NONE;
    }

    /** An NPY file's whole length from its first bytes, so that a bomb is refused early; -1 for the other formats. */
    private long npyLength(ByteBuffer start) {
        return startsWith(start, NPY_MAGIC) ? Npy.length(start) : -1;
    }

    private static boolean startsWith(ByteBuffer data, byte[] magic) {
        if (data.remaining() < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (data.get(data.position() + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** A local file header or, for an archive with no entries, the end-of-central-directory record. */
    private static boolean isZip(ByteBuffer data) {
        return startsWith(data, new byte[] {'P', 'K', 3, 4}) || startsWith(data, new byte[] {'P', 'K', 5, 6});
    }

    /** An object or a list, after JSON's whitespace and a UTF-8 byte-order mark. */
    private static boolean isJson(ByteBuffer data) {
        int i = data.position();
        if (startsWith(data, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})) {
            i += 3;
        }
        while (i < data.limit() && (data.get(i) == ' ' || data.get(i) == '\t' || data.get(i) == '\n' || data.get(i) == '\r')) {
            i++;
        }
        return i < data.limit() && (data.get(i) == '{' || data.get(i) == '[');
    }

    @Override
    public void close() {
        npy.close();
        raw.close();
        json.close();
        npz.close();
    }
}
