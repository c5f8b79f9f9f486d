package io.github.kafkanpy.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Zstandard frames (RFC 8878) through zstd-jni, with a content checksum. Frames carry their content size, so Python's
 * {@code zstandard.ZstdDecompressor().decompress(value)} reads them without further hints.
 */
final class ZstdCodec implements Codec {
    /** libzstd's own default limit on the window a frame may ask the decompressor for. */
    private static final int MAX_WINDOW_LOG = 27;

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

    @Override
    public InputStream decompress(InputStream compressed, long limit) throws IOException {
        ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(compressed);
        // a frame may not make the decompressor allocate a window larger than the output we accept
        int windowLog = 64 - Long.numberOfLeadingZeros(Math.max(1024, limit - 1));
        in.setLongMax(Math.min(windowLog, MAX_WINDOW_LOG));
        return in;
    }
}
