package io.github.kafkanpy.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Zstandard frames (RFC 8878) through zstd-jni, with a content checksum. Frames carry their
 * content size, so Python's {@code zstandard.ZstdDecompressor().decompress(value)} reads them
 * without further hints. Reading first walks the frames' headers, so that a payload whose last
 * frame is cut short, or is followed by bytes that are no frame, is refused.
 */
final class ZstdCodec implements Codec {
    /** libzstd's own default limit on the window a frame may ask the decompressor for (128 MiB). */
    private static final int MAX_WINDOW_LOG = 27;
    private static final int MAGIC = 0xFD2FB528;
    private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE = 0x184D2A50;
    /** The length of the Dictionary_ID field for each value of the Dictionary_ID_Flag. */
    private static final int[] DICTIONARY_ID_BYTES = {0, 1, 2, 4};
    private static final int RLE_BLOCK = 1;

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

    /** All frames with one context, straight into one output array: no frame is copied but the last time, to trim it. */
    @Override
    public byte[] compressFrames(byte[] input, int[] cuts, int level, int headroom) {
        long bound = headroom;
        for (int i = 0; i + 1 < cuts.length; i++) {
            bound += Zstd.compressBound(cuts[i + 1] - cuts[i]);
        }
        byte[] out = new byte[Math.toIntExact(bound)];
        int at = headroom;
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level);
            ctx.setChecksum(true);
            ctx.setContentSize(true);
            for (int i = 0; i + 1 < cuts.length; i++) {
                at += ctx.compressByteArray(out, at, out.length - at, input, cuts[i], cuts[i + 1] - cuts[i]);
            }
        }
        return Arrays.copyOf(out, at);
    }

    @Override
    public void decompress(ByteBuffer in, BoundedOutput out) throws IOException {
        requireWholeFrames(in.duplicate().order(ByteOrder.LITTLE_ENDIAN));
        try (ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(new BufferInput(in, out))) {
            zstd.setLongMax(MAX_WINDOW_LOG);
            byte[] chunk = new byte[16 * 1024];
            int n;
            while ((n = zstd.read(chunk)) >= 0) {
                out.write(chunk, 0, n);
            }
        }
    }

    /**
     * Refuses a payload whose last frame is cut short. zstd-jni's stream cannot be asked: when
     * the cut frame arrives in the same read as the end of a complete one, it takes the end of
     * the input for the end of a frame and returns the complete frames' output alone.
     */
    private static void requireWholeFrames(ByteBuffer in) {
        int at = in.position();
        while (at < in.limit()) {
            long end = frameEnd(in, at);
            if (end > in.limit()) {
                throw new CompressionException("zstd frame is truncated", at);
            }
            at = Math.toIntExact(end);
        }
    }

    /**
     * Where the frame (or skippable frame) that starts at {@code start} ends, from its header and
     * its blocks' headers, decoding nothing.
     *
     * @return the end, or a position past {@code in.limit()} when the frame is cut short
     */
    private static long frameEnd(ByteBuffer in, int start) {
        long cut = in.limit() + 1L;
        if (in.limit() - start < 4) {
            return cut;
        }
        int magic = in.getInt(start);
        if ((magic & SKIPPABLE_MASK) == SKIPPABLE) {
            return in.limit() - start < 8 ? cut : start + 8L + Integer.toUnsignedLong(in.getInt(start + 4));
        }
        if (magic != MAGIC) {
            throw new CompressionException(start == in.position() ? "zstd payload does not start with a zstd frame"
                    : "bytes after a zstd frame are not another zstd frame", start);
        }
        if (in.limit() - start < 5) {
            return cut;
        }
        int descriptor = in.get(start + 4) & 0xff;
        boolean singleSegment = (descriptor & 0x20) != 0;
        int contentSizeFlag = descriptor >>> 6;
        int contentSizeBytes = contentSizeFlag == 0 ? (singleSegment ? 1 : 0) : 1 << contentSizeFlag;
        long p = start + 5L + (singleSegment ? 0 : 1) + DICTIONARY_ID_BYTES[descriptor & 3] + contentSizeBytes;
        boolean last;
        do {
            if (p + 3 > in.limit()) {
                return cut;
            }
            int at = (int) p;
            int header = (in.get(at) & 0xff) | (in.get(at + 1) & 0xff) << 8 | (in.get(at + 2) & 0xff) << 16;
            last = (header & 1) != 0;
            p += 3 + (((header >>> 1) & 3) == RLE_BLOCK ? 1 : header >>> 3);
        } while (!last);
        boolean checksum = (descriptor & 0x04) != 0;
        return p + (checksum ? 4 : 0);
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
