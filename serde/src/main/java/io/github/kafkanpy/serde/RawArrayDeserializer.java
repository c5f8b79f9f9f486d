package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Shapes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads raw element bytes into an {@link NdArray}, with dtype, shape and order from the record
 * headers {@link RawArraySerializer} writes. Records without headers (Kafka Streams state stores
 * pass none) take them from {@code npy.raw.dtype} and {@code npy.raw.shape}, and their
 * compression from {@code npy.compression.type}; without those the error says so.
 *
 * <p>An uncompressed value is not copied: the array is a read-only view of the record's bytes. A
 * value whose length does not match dtype and shape is refused, as is an array larger than
 * {@code npy.max.array.bytes} (before a compressed one is inflated). A compressed value may be a
 * filter frame ({@code npy.compression.filter}), recognised by its magic bytes.
 *
 * <pre>{@code
 * props.put("value.deserializer", RawArrayDeserializer.class.getName());
 * // for headerless records, such as a state store's:
 * props.put("npy.raw.dtype", "<f4");
 * props.put("npy.raw.shape", "28,28");
 * }</pre>
 */
public class RawArrayDeserializer implements Deserializer<NdArray> {
    private long maxArrayBytes = NpySerdeConfig.MAX_ARRAY_BYTES_DEFAULT;
    private DType fallbackDType;
    private int[] fallbackShape;
    private Compression fallbackCompression = Compression.NONE;
    private boolean isKey;

    /** A deserializer that needs record headers, until {@link #configure} gives it fallbacks. */
    public RawArrayDeserializer() {
    }

    /**
     * A deserializer whose headerless records are compressed with {@code fallback}, for record
     * keys when {@code forKeys}: a key role given here stays, whatever {@code configure} says.
     */
    RawArrayDeserializer(Compression fallback, boolean forKeys) {
        this.fallbackCompression = Objects.requireNonNull(fallback, "fallback");
        this.isKey = forKeys;
    }

    /**
     * A deserializer with a dtype and shape for records without headers.
     *
     * @param dtype the dtype of headerless values
     * @param shape the shape of headerless values; none for 1-d of the value's length
     */
    public RawArrayDeserializer(DType dtype, int... shape) {
        this.fallbackDType = Objects.requireNonNull(dtype, "dtype");
        this.fallbackShape = shape.length == 0 ? null : Shapes.check(shape);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        NpySerdeConfig config = new NpySerdeConfig(configs);
        DType dtype = config.rawDType().orElse(fallbackDType);
        int[] shape = config.rawShape().orElse(fallbackShape);
        if (shape != null && dtype == null) {
            throw new ConfigException(NpySerdeConfig.RAW_SHAPE_CONFIG, ShapeHeader.format(shape), "a fixed shape needs "
                    + NpySerdeConfig.RAW_DTYPE_CONFIG + " as well");
        }
        this.maxArrayBytes = config.maxArrayBytes().orElse(maxArrayBytes);
        this.fallbackDType = dtype;
        this.fallbackShape = shape;
        this.fallbackCompression = config.compression().orElse(fallbackCompression);
        // a key role once given stays: generic code may configure NpySerdes.rawKey() instances with isKey=false
        this.isKey |= isKey;
    }

    @Override
    public NdArray deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public NdArray deserialize(String topic, Headers headers, byte[] data) {
        return data == null ? null : deserialize(topic, headers, ByteBuffer.wrap(data));
    }

    @Override
    public NdArray deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        try {
            String dtypeText = header(headers, ArrayHeaders.DTYPE);
            DType dtype;
            int[] shape;
            Compression compression;
            boolean fortran;
            if (dtypeText != null) {
                dtype = DType.parse(dtypeText);
                String shapeText = header(headers, ArrayHeaders.SHAPE);
                if (shapeText == null) {
                    throw new SerializationException("record has a " + name(ArrayHeaders.DTYPE) + " header but no "
                            + name(ArrayHeaders.SHAPE) + " header");
                }
                shape = ShapeHeader.parse(shapeText);
                fortran = order(header(headers, ArrayHeaders.ORDER));
                String codec = header(headers, ArrayHeaders.COMPRESSION);
                compression = codec == null ? Compression.NONE : compression(codec);
            } else if (fallbackDType != null) {
                dtype = fallbackDType;
                shape = fallbackShape;
                fortran = false;
                compression = fallbackCompression;
            } else {
                throw new SerializationException("record has no " + name(ArrayHeaders.DTYPE) + " header and "
                        + NpySerdeConfig.RAW_DTYPE_CONFIG + " is not configured. Kafka Streams state stores pass no "
                        + "headers: use NpySerde there, whose values describe themselves, or configure "
                        + NpySerdeConfig.RAW_DTYPE_CONFIG + " and " + NpySerdeConfig.RAW_SHAPE_CONFIG);
            }
            long expected = shape == null ? -1 : byteCount(dtype, shape);
            if (expected > maxArrayBytes) {
                throw tooLarge(expected);
            }
            ByteBuffer raw = data;
            if (compression != Compression.NONE) {
                long known = expected;
                ToLongFunction<ByteBuffer> length = known >= 0 ? start -> known : null;
                Unwrapped unwrapped = Unwrapped.of(data, maxArrayBytes, length);
                if (unwrapped.compression() != compression) {
                    throw new SerializationException("value is " + (unwrapped.compression() == Compression.NONE
                            ? "not compressed" : "a " + unwrapped.compression().id() + " frame") + ", but "
                            + (dtypeText != null ? "its " + name(ArrayHeaders.COMPRESSION) + " header" : "the configured "
                            + NpySerdeConfig.COMPRESSION_TYPE_CONFIG) + " says " + compression.id());
                }
                raw = unwrapped.content();
            }
            if (shape == null) {
                if (dtype.itemSize() == 0) {
                    throw new SerializationException(dtype.descr() + " elements have no bytes, so a value's length "
                            + "cannot tell their count: configure " + NpySerdeConfig.RAW_SHAPE_CONFIG + " as well");
                }
                if (raw.remaining() % dtype.itemSize() != 0) {
                    throw new SerializationException("value has " + raw.remaining() + " bytes, not a whole number of "
                            + dtype.descr() + " elements");
                }
                shape = new int[] {raw.remaining() / dtype.itemSize()};
                expected = raw.remaining();
            }
            if (raw.remaining() != expected) {
                throw new SerializationException("value has " + raw.remaining() + " bytes, but " + dtype.descr()
                        + " of shape " + Shapes.toString(shape) + " needs " + expected);
            }
            if (expected > maxArrayBytes) {
                throw tooLarge(expected);
            }
            return NdArray.wrap(dtype, raw, fortran, shape);
        } catch (RuntimeException e) {
            throw Failures.of("deserialize a raw array", topic, e);
        }
    }

    /** The data bytes the headers promise; a shape no Java array can hold is refused like any bad header. */
    private static long byteCount(DType dtype, int[] shape) {
        try {
            return Shapes.byteCount(dtype, shape);
        } catch (IllegalArgumentException e) {
            throw new SerializationException(e.getMessage());
        }
    }

    private SerializationException tooLarge(long bytes) {
        return new SerializationException("the array's " + bytes + " bytes exceed "
                + NpySerdeConfig.MAX_ARRAY_BYTES_CONFIG + "=" + maxArrayBytes);
    }

    /** The codec a header names, spelled exactly as the serializer writes it. */
    private static Compression compression(String id) {
        for (Compression c : Compression.values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new SerializationException("compression header is '" + id + "', not one of gzip, zstd, lz4, snappy");
    }

    private static boolean order(String order) {
        if (order == null || order.equals("C")) {
            return false;
        }
        if (order.equals("F")) {
            return true;
        }
        throw new SerializationException("order header is '" + order + "', not C or F");
    }

    private String header(Headers headers, String header) {
        if (headers == null) {
            return null;
        }
        Header h = headers.lastHeader(name(header));
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private String name(String header) {
        return ArrayHeaders.name(header, isKey);
    }
}
