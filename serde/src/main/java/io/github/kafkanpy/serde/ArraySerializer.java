package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.npy.NdArray;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;

/** What both serializers share: the codec and level from configuration, and whether they write keys. */
abstract class ArraySerializer implements Serializer<NdArray> {
    private Compression compression;
    private int level;
    private boolean isKey;

    ArraySerializer(Compression compression, int level) {
        this.compression = Objects.requireNonNull(compression, "compression");
        compression.checkLevel(level);
        this.level = level;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        NpySerdeConfig config = new NpySerdeConfig(configs);
        this.compression = config.compression();
        this.level = config.compressionLevel();
        this.isKey = isKey;
    }

    Compression compression() {
        return compression;
    }

    boolean isKey() {
        return isKey;
    }

    /** The bytes compressed with the configured codec and level (themselves without one). */
    byte[] compress(byte[] bytes) {
        return compression.compress(bytes, level);
    }
}
