/**
 * Kafka Connect support: {@link io.github.kafkanpy.connect.NpyConverter} reads every kafka-npy
 * variant into a lossless Connect struct (or an {@code .npy} file's bytes, or the JSON envelope's
 * text) and writes NPY back.
 *
 * <pre>{@code
 * value.converter=io.github.kafkanpy.connect.NpyConverter
 * value.converter.npy.compression.type=zstd
 * }</pre>
 */
package io.github.kafkanpy.connect;
