package io.github.kafkanpy.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import io.github.kafkanpy.npy.NpyFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Zstandard frames (RFC 8878) through zstd-jni, with a content checksum. Frames carry their
 * content size, so Python's {@code zstandard.ZstdDecompressor().decompress(value)} reads them
 * without further hints.
 */
final class ZstdCodec implements Codec {
    /** Output is decoded this much at a time. */
    private static final int CHUNK = 64 * 1024;

    @Override
    public byte[] compress(byte[] input, int offset, int length, int level) throws IOException {
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level);
            ctx.setChecksum(true);
            ctx.setContentSize(true);
            byte[] out = new byte[Math.toIntExact(Zstd.compressBound(length))];
            int written = ctx.compressByteArray(out, 0, out.length, input, offset, length);
            return Arrays.copyOf(out, written);
        }
    }

    /**
     * Decodes frame after frame, each to its end: a frame cut short (after complete ones or not)
     * is refused, where a stream reader would return what it had decoded. libzstd's default
     * window limit (2^27 bytes, as {@code zstd -d} has) bounds a frame's working memory.
     */
    @Override
    public void decompress(ByteBuffer in, BoundedOutput out) {
        ByteBuffer src = in.isDirect() ? in : ByteBuffer.allocateDirect(in.remaining()).put(in).flip();
        ByteBuffer dst = ByteBuffer.allocateDirect(CHUNK);
        byte[] chunk = new byte[CHUNK];
        try (ZstdDecompressCtx ctx = new ZstdDecompressCtx()) {
            while (src.hasRemaining()) {
                int frameStart = src.position();
                boolean frameDone = false;
                while (!frameDone) {
                    int before = src.position();
                    dst.clear();
                    frameDone = ctx.decompressDirectByteBufferStream(dst, src);
                    out.inputOffset = src.position();
                    dst.flip();
                    int n = dst.remaining();
                    dst.get(chunk, 0, n);
                    out.write(chunk, 0, n);
                    if (!frameDone && !src.hasRemaining() && n == 0 && src.position() == before) {
                        throw new NpyFormatException("zstd frame is truncated: the payload ends inside it", frameStart);
                    }
                }
            }
        }
    }
}
