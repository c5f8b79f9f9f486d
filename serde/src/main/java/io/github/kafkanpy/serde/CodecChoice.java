package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import java.util.Objects;

/**
 * A serializer's codec and level: what its constructor chose, changed by {@code configure} only
 * where the map sets a key (see {@link NpySerdeConfig}).
 *
 * @param compression the codec
 * @param level the level, within the codec's range
 */
record CodecChoice(Compression compression, int level) {
    CodecChoice {
        Objects.requireNonNull(compression, "compression");
        compression.checkLevel(level);
    }

    /** The codec at its default level. */
    static CodecChoice of(Compression compression) {
        return new CodecChoice(compression, Objects.requireNonNull(compression, "compression").defaultLevel());
    }

    /**
     * The choice after {@code configure}: a codec in the map replaces this one, a level in the map
     * is checked against whichever codec results, and a new codec without a level gets its default.
     */
    CodecChoice configuredBy(NpySerdeConfig config) {
        Compression codec = config.compression().orElse(compression);
        Integer configured = config.compressionLevel().orElse(null);
        int chosen = configured != null ? NpySerdeConfig.checkLevel(codec, configured)
                : codec == compression ? level : codec.defaultLevel();
        return new CodecChoice(codec, chosen);
    }

    /** The bytes in one frame of the codec at the level (themselves without a codec). */
    byte[] compress(byte[] bytes) {
        return compression.compress(bytes, level);
    }
}
