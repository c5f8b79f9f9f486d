/**
 * Kafka serializers, deserializers and serdes for arrays: NPY values
 * ({@link io.github.kafkanpy.serde.NpySerde}), raw values described by record headers
 * ({@link io.github.kafkanpy.serde.RawArraySerde}), NPZ archives of named arrays
 * ({@link io.github.kafkanpy.serde.NpzSerde}) and the JSON envelope
 * ({@link io.github.kafkanpy.serde.JsonArraySerde}), configured by the {@code npy.*} keys of
 * {@link io.github.kafkanpy.serde.NpySerdeConfig}; {@link io.github.kafkanpy.serde.AnyArrayDeserializer}
 * reads all of them.
 *
 * <pre>{@code
 * props.put("value.serializer", NpySerializer.class.getName());
 * props.put(NpySerdeConfig.COMPRESSION_TYPE_CONFIG, "zstd");
 * }</pre>
 */
package io.github.kafkanpy.serde;
