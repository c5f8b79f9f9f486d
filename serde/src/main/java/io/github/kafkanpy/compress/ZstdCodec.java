package io.github.kafkanpy.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Zstandard frames (RFC 8878) through zstd-jni, with a content checksum. Frames carry their
 * content size, so Python's {@code zstandard.ZstdDecompressor().decompress(value)} reads them
 * without further hints.
 */
final class ZstdCodec implements Codec {
    /** libzstd's own default limit on the window a frame may ask the decompressor for (128 MiB). */
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
    public void decompress(ByteBuffer in, BoundedOutput out) throws IOException {
        try (ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(new BufferInput(in, out))) {
            zstd.setLongMax(MAX_WINDOW_LOG);
            byte[] chunk = new byte[16 * 1024];
            int n;
            while ((n = zstd.read(chunk)) >= 0) {
                out.write(chunk, 0, n);
            }
        }
    }

    /** The compressed bytes as a stream, reporting its position for error offsets. */
    private static final class BufferInput extends InputStream {
        private final ByteBuffer buf;
        private final BoundedOutput out;

        BufferInput(ByteBuffer buf, BoundedOutput out) {
            this.buf = buf;
            this.out = out;
        }

        @Override
        public int read() {
            return buf.hasRemaining() ? buf.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!buf.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            out.inputOffset = buf.position();
            return n;
        }

        @Override
        public int available() {
            return buf.remaining();
        }
    }
}
