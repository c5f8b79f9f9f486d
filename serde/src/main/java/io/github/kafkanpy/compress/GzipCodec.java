package io.github.kafkanpy.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/**
 * gzip members (RFC 1952) through the JDK's Deflater and Inflater. Reading walks the members
 * itself, so every member's CRC-32 and length are checked and bytes after the last member are
 * refused (the JDK's {@code GZIPInputStream} silently ignores them).
 */
final class GzipCodec implements Codec {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    @Override
    public byte[] compress(byte[] input, int offset, int length, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 2));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(level);
            }
        }) {
            gzip.write(input, offset, length);
        }
        return out.toByteArray();
    }

    @Override
    public void decompress(ByteBuffer in, BoundedOutput out) throws IOException {
        in.order(ByteOrder.LITTLE_ENDIAN);
        Inflater inflater = new Inflater(true);
        byte[] chunk = new byte[16 * 1024];
        try {
            do {
                int memberStart = in.position();
                out.inputOffset = memberStart;
                skipHeader(in, memberStart);
                inflater.reset();
                inflater.setInput(in);
                CRC32 crc = new CRC32();
                long produced = 0;
                while (!inflater.finished()) {
                    int n = inflater.inflate(chunk);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new CompressionException("gzip member is truncated", in.position());
                    }
                    out.inputOffset = in.position();
                    out.write(chunk, 0, n);
                    crc.update(chunk, 0, n);
                    produced += n;
                }
                if (in.remaining() < 8) {
                    throw new CompressionException("gzip member ends without its CRC-32 and length", in.position());
                }
                if (in.getInt() != (int) crc.getValue()) {
                    throw new CompressionException("gzip member's CRC-32 does not match its data", in.position() - 4);
                }
                if (in.getInt() != (int) produced) {
                    throw new CompressionException("gzip member's length field does not match its data", in.position() - 4);
                }
            } while (in.hasRemaining());
        } catch (DataFormatException e) {
            throw new CompressionException("corrupt gzip payload: " + e.getMessage(), in.position(), e);
        } finally {
            inflater.end();
        }
    }

    private static void skipHeader(ByteBuffer in, int start) {
        if (in.remaining() < 10 || in.get() != 0x1f || in.get() != (byte) 0x8b) {
            throw new CompressionException("bytes after a gzip member are not another gzip member", start);
        }
        if (in.get() != 8) {
            throw new CompressionException("gzip member uses a compression method other than deflate", start + 2);
        }
        int flags = in.get() & 0xff;
        if ((flags & 0xe0) != 0) {
            throw new CompressionException("gzip member sets reserved flags", start + 3);
        }
        in.position(in.position() + 6);
        if ((flags & FEXTRA) != 0) {
            need(in, 2);
            int extra = in.getShort() & 0xffff;
            need(in, extra);
            in.position(in.position() + extra);
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated(in);
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated(in);
        }
        if ((flags & FHCRC) != 0) {
            need(in, 2);
            in.position(in.position() + 2);
        }
    }

    private static void skipZeroTerminated(ByteBuffer in) {
        while (true) {
            need(in, 1);
            if (in.get() == 0) {
                return;
            }
        }
    }

    private static void need(ByteBuffer in, int n) {
        if (in.remaining() < n) {
            throw new CompressionException("gzip header is truncated", in.limit());
        }
    }
}
