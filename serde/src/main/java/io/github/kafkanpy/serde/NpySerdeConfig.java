package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
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
 * <p><b>Constructor versus {@code configure}.</b> Every serde keeps what its constructor was
 * given until {@code configure} is handed a map that sets the same key: a key absent from the map
 * (or mapped to {@code null}) leaves the constructor's choice alone, a key present wins. So
 * {@code new NpySerializer(Compression.ZSTD)} still writes zstd after a framework such as Spring
 * Kafka calls {@code configure(props, false)} with no {@code npy.*} keys, and
 * {@code new NpyDeserializer(1024)} keeps its 1 KiB limit. The getters below return
 * {@link Optional#empty()} for keys the map does not set; a level given without a codec is checked
 * against the serializer's own codec.
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

    /** Filter before the codec. */
    public static final String COMPRESSION_FILTER_CONFIG = "npy.compression.filter";
    /** Default: no filter. */
    public static final String COMPRESSION_FILTER_DEFAULT = "none";
    /** Documentation of {@link #COMPRESSION_FILTER_CONFIG}. */
    public static final String COMPRESSION_FILTER_DOC = "Filter applied to an array's data before the codec, by the NPY "
            + "and raw serializers: none, shuffle (byte planes by element width) or delta-shuffle (a wrap-around delta of "
            + "each element's bits along axis 0, then shuffle). Needs npy.compression.type. The value is a filter frame "
            + "that deserializers recognise by its magic bytes; they need no setting.";

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
            .define(COMPRESSION_FILTER_CONFIG, Type.STRING, COMPRESSION_FILTER_DEFAULT,
                    ConfigDef.CaseInsensitiveValidString.in("none", "shuffle", "delta-shuffle"),
                    Importance.LOW, COMPRESSION_FILTER_DOC)
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
        Optional<Compression> compression = compression();
        compression.ifPresent(NpySerdeConfig::checkAvailable);
        Optional<Integer> level = compressionLevel();
        if (compression.isPresent() && level.isPresent()) {
            checkLevel(compression.get(), level.get());
        }
    }

    /** @return the definition of every {@code npy.*} key, for documentation and tooling */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** @return the codec, if the map sets one */
    public Optional<Compression> compression() {
        return isSet(COMPRESSION_TYPE_CONFIG) ? Optional.of(Compression.forId(getString(COMPRESSION_TYPE_CONFIG)))
                : Optional.empty();
    }

    /** @return the filter before the codec, if the map sets one */
    public Optional<Filter> compressionFilter() {
        return isSet(COMPRESSION_FILTER_CONFIG) ? Optional.of(Filter.forId(getString(COMPRESSION_FILTER_CONFIG)))
                : Optional.empty();
    }

    /** @return the codec level, if the map sets one */
    public Optional<Integer> compressionLevel() {
        return Optional.ofNullable(getInt(COMPRESSION_LEVEL_CONFIG));
    }

    /** @return the largest array, in data bytes, a deserializer accepts, if the map sets it */
    public Optional<Long> maxArrayBytes() {
        return isSet(MAX_ARRAY_BYTES_CONFIG) ? Optional.of(getLong(MAX_ARRAY_BYTES_CONFIG)) : Optional.empty();
    }

    /** @return the dtype for raw records without headers, if the map sets one */
    public Optional<DType> rawDType() {
        String value = getString(RAW_DTYPE_CONFIG);
        return value == null ? Optional.empty() : Optional.of(parseDType(RAW_DTYPE_CONFIG, value));
    }

    /** @return the shape for raw records without headers, if the map sets one */
    public Optional<int[]> rawShape() {
        String value = getString(RAW_SHAPE_CONFIG);
        return value == null ? Optional.empty() : Optional.of(parseShape(RAW_SHAPE_CONFIG, value));
    }

    /** A key given with a null value counts as absent, as it does for the defaults. */
    private boolean isSet(String key) {
        return originals().get(key) != null;
    }

    /**
     * Checks a configured level against a codec, wherever the codec came from (constructor or map).
     *
     * @return the level
     * @throws ConfigException naming {@value #COMPRESSION_LEVEL_CONFIG}
     */
    static int checkLevel(Compression compression, int level) {
        if (!compression.hasLevels()) {
            throw new ConfigException(COMPRESSION_LEVEL_CONFIG, level, compression.id() + " has no compression levels");
        }
        try {
            compression.checkLevel(level);
            return level;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(COMPRESSION_LEVEL_CONFIG, level, e.getMessage());
        }
    }

    private static void checkAvailable(Compression compression) {
        try {
            compression.requireAvailable();
        } catch (IllegalStateException e) {
            throw new ConfigException(COMPRESSION_TYPE_CONFIG, compression.id(), e.getMessage());
        }
    }

    static long checkMaxArrayBytes(long maxArrayBytes) {
        if (maxArrayBytes < 0 || maxArrayBytes > MAX_ARRAY_BYTES_LIMIT) {
            throw new IllegalArgumentException("the array limit runs from 0 to " + MAX_ARRAY_BYTES_LIMIT + " bytes, not "
                    + maxArrayBytes);
        }
        return maxArrayBytes;
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
            return ShapeHeader.parse(value.replaceAll("\\s", "").replaceFirst("^\\((.*?),?\\)$", "$1"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }
}
