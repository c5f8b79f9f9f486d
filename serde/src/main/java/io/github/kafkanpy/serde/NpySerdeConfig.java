package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.DType;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The {@code npy.*} settings of kafka-npy's serializers and deserializers, read from the map a
 * Kafka client passes to {@code configure}. Unknown keys are ignored, as the client's own keys
 * arrive in the same map; a bad value of a known key is a {@link ConfigException} naming it.
 *
 * <pre>{@code
 * props.put("value.serializer", NpySerializer.class.getName());
 * props.put(NpySerdeConfig.COMPRESSION_TYPE_CONFIG, "zstd");
 * props.put(NpySerdeConfig.COMPRESSION_LEVEL_CONFIG, 6);
 * }</pre>
 */
public class NpySerdeConfig extends AbstractConfig {
    /** Codec for values a serializer writes. */
    public static final String COMPRESSION_TYPE_CONFIG = "npy.compression.type";
    /** Default: no compression. */
    public static final String COMPRESSION_TYPE_DEFAULT = "none";
    /** Documentation of {@link #COMPRESSION_TYPE_CONFIG}. */
    public static final String COMPRESSION_TYPE_DOC = "Per-message compression of the values a serializer writes: "
            + "none, gzip, zstd, lz4 or snappy. Deserializers detect the codec from the payload itself and need no setting, "
            + "except the raw variant reading records without headers (state stores), which uses this one.";

    /** Codec level. */
    public static final String COMPRESSION_LEVEL_CONFIG = "npy.compression.level";
    /** Default: unset, the codec's own default level. */
    public static final Integer COMPRESSION_LEVEL_DEFAULT = null;
    /** Documentation of {@link #COMPRESSION_LEVEL_CONFIG}. */
    public static final String COMPRESSION_LEVEL_DOC = "Compression level where the codec has levels: gzip 1-9 (default 6), "
            + "zstd -7-22 (default 3), lz4 1-17 (default 1, the fast compressor). Unset means the codec's default.";

    /** Largest decoded array. */
    public static final String MAX_ARRAY_BYTES_CONFIG = "npy.max.array.bytes";
    /** Default: 256 MiB. */
    public static final long MAX_ARRAY_BYTES_DEFAULT = 268_435_456L;
    /** Documentation of {@link #MAX_ARRAY_BYTES_CONFIG}. */
    public static final String MAX_ARRAY_BYTES_DOC = "Largest array, in data bytes, a deserializer accepts. Compressed values "
            + "are refused as soon as their content shows a larger array, before it is inflated.";

    /** Raw variant: dtype of records without headers. */
    public static final String RAW_DTYPE_CONFIG = "npy.raw.dtype";
    /** Default: unset. */
    public static final String RAW_DTYPE_DEFAULT = null;
    /** Documentation of {@link #RAW_DTYPE_CONFIG}. */
    public static final String RAW_DTYPE_DOC = "Raw variant only: numpy dtype (such as <f4) of values whose record has no "
            + "npy.dtype header, as in Kafka Streams state stores, which pass no headers.";

    /** Raw variant: shape of records without headers. */
    public static final String RAW_SHAPE_CONFIG = "npy.raw.shape";
    /** Default: unset. */
    public static final String RAW_SHAPE_DEFAULT = null;
    /** Documentation of {@link #RAW_SHAPE_CONFIG}. */
    public static final String RAW_SHAPE_DOC = "Raw variant only: comma-separated shape (such as 28,28; empty for 0-d) of "
            + "values whose record has no npy.shape header. Unset with npy.raw.dtype set means 1-d of the value's length.";

    /** The largest limit: arrays live in one Java byte array, with room for the NPY header. */
    private static final long MAX_ARRAY_BYTES_LIMIT = Integer.MAX_VALUE - 65_536;

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(COMPRESSION_TYPE_CONFIG, Type.STRING, COMPRESSION_TYPE_DEFAULT,
                    ConfigDef.CaseInsensitiveValidString.in("none", "gzip", "zstd", "lz4", "snappy"),
                    Importance.MEDIUM, COMPRESSION_TYPE_DOC)
            .define(COMPRESSION_LEVEL_CONFIG, Type.INT, COMPRESSION_LEVEL_DEFAULT, Importance.LOW, COMPRESSION_LEVEL_DOC)
            .define(MAX_ARRAY_BYTES_CONFIG, Type.LONG, MAX_ARRAY_BYTES_DEFAULT,
                    ConfigDef.Range.between(0, MAX_ARRAY_BYTES_LIMIT), Importance.MEDIUM, MAX_ARRAY_BYTES_DOC)
            .define(RAW_DTYPE_CONFIG, Type.STRING, RAW_DTYPE_DEFAULT, (name, value) -> {
                if (value != null) {
                    parseDType(name, (String) value);
                }
            }, Importance.LOW, RAW_DTYPE_DOC)
            .define(RAW_SHAPE_CONFIG, Type.STRING, RAW_SHAPE_DEFAULT, (name, value) -> {
                if (value != null) {
                    parseShape(name, (String) value);
                }
            }, Importance.LOW, RAW_SHAPE_DOC);

    /**
     * Reads and checks the {@code npy.*} keys of a client configuration.
     *
     * @param props the configuration map a client passes to {@code configure}
     * @throws ConfigException naming the key whose value is invalid
     */
    public NpySerdeConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
        Compression compression = compression();
        Integer level = getInt(COMPRESSION_LEVEL_CONFIG);
        if (level != null && !compression.hasLevels()) {
            throw new ConfigException(COMPRESSION_LEVEL_CONFIG, level, compression.id() + " has no compression levels");
        }
        if (getString(RAW_SHAPE_CONFIG) != null && getString(RAW_DTYPE_CONFIG) == null) {
            throw new ConfigException(RAW_SHAPE_CONFIG, getString(RAW_SHAPE_CONFIG), "a fixed shape needs "
                    + RAW_DTYPE_CONFIG + " as well");
        }
        if (level != null && (level < compression.minLevel() || level > compression.maxLevel())) {
            throw new ConfigException(COMPRESSION_LEVEL_CONFIG, level, compression.id() + " levels run from "
                    + compression.minLevel() + " to " + compression.maxLevel());
        }
    }

    /** @return the definition of every {@code npy.*} key, for documentation and tooling */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** @return the configured codec */
    public Compression compression() {
        return Compression.forId(getString(COMPRESSION_TYPE_CONFIG));
    }

    /** @return the configured level, or the codec's default */
    public int compressionLevel() {
        Integer level = getInt(COMPRESSION_LEVEL_CONFIG);
        return level != null ? level : compression().defaultLevel();
    }

    /** @return the largest array, in data bytes, a deserializer accepts */
    public long maxArrayBytes() {
        return getLong(MAX_ARRAY_BYTES_CONFIG);
    }

    /** @return the dtype for raw records without headers, if configured */
    public Optional<DType> rawDType() {
        String value = getString(RAW_DTYPE_CONFIG);
        return value == null ? Optional.empty() : Optional.of(parseDType(RAW_DTYPE_CONFIG, value));
    }

    /** @return the shape for raw records without headers, if configured */
    public Optional<int[]> rawShape() {
        String value = getString(RAW_SHAPE_CONFIG);
        return value == null ? Optional.empty() : Optional.of(parseShape(RAW_SHAPE_CONFIG, value));
    }

    static long checkMaxArrayBytes(long maxArrayBytes) {
        if (maxArrayBytes < 0 || maxArrayBytes > MAX_ARRAY_BYTES_LIMIT) {
            throw new IllegalArgumentException("the array limit runs from 0 to " + MAX_ARRAY_BYTES_LIMIT + " bytes, not "
                    + maxArrayBytes);
        }
        return maxArrayBytes;
    }

    static int[] checkShape(int[] shape) {
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + java.util.Arrays.toString(shape));
            }
        }
        return shape.clone();
    }

    private static DType parseDType(String name, String value) {
        try {
            return DType.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    private static int[] parseShape(String name, String value) {
        try {
            return Shapes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }
}
