/**
 * Per-message codecs: {@link io.github.kafkanpy.compress.Compression} names gzip, zstd, lz4 and
 * snappy, writes their standard frames, tells them apart by their magic bytes and decompresses
 * within a size limit, so that a decompression bomb is refused before it is inflated. A refused
 * payload is a {@link io.github.kafkanpy.compress.CompressionException}, which names the codec, the
 * problem and its byte offset.
 *
 * <pre>{@code
 * byte[] framed = Compression.ZSTD.compress(npy, Compression.ZSTD.defaultLevel());
 * ByteBuffer plain = Compression.detect(ByteBuffer.wrap(framed)).decompress(ByteBuffer.wrap(framed), limit);
 * }</pre>
 */
package io.github.kafkanpy.compress;
