package io.github.kafkanpy.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * The snappy framing format (stream identifier {@code sNaPpY}, masked CRC-32C per chunk):
 * written by snappy-java, read here chunk by chunk with snappy-java's block decoder. Each chunk
 * is checked against the format's 65,536-byte limit before anything is allocated for it
 * (snappy-java's own framed reader sizes a buffer from the chunk's claim). Snappy has no levels.
 */
final class SnappyCodec implements Codec {
    private static final int MAX_CHUNK_DATA = 65_536;
    /** The largest compressed chunk body: a 4-byte CRC plus snappy's bound for 64 KiB. */
    private static final int MAX_CHUNK_BODY = 4 + 32 + MAX_CHUNK_DATA + MAX_CHUNK_DATA / 6;
    private static final byte[] IDENTIFIER = {'s', 'N', 'a', 'P', 'p', 'Y'};

    @Override
    public byte[] compress(byte[] input, int offset, int length, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 2));
        try (SnappyFramedOutputStream snappy = new SnappyFramedOutputStream(out)) {
            snappy.write(input, offset, length);
        }
        return out.toByteArray();
    }

    @Override
    public void decompress(ByteBuffer in, BoundedOutput out) throws IOException {
        in.order(ByteOrder.LITTLE_ENDIAN);
        byte[] body = null;
        byte[] block = null;
        boolean identified = false;
        while (in.hasRemaining()) {
            int at = in.position();
            out.inputOffset = at;
            if (in.remaining() < 4) {
                throw new CompressionException("snappy chunk header is truncated", at);
            }
            int type = in.get() & 0xff;
            int length = (in.get() & 0xff) | (in.get() & 0xff) << 8 | (in.get() & 0xff) << 16;
            if (length > in.remaining()) {
                throw new CompressionException("snappy chunk of " + length + " bytes runs past the end", at);
            }
            if (type == 0xff) {
                byte[] id = new byte[Math.min(length, IDENTIFIER.length + 1)];
                in.get(in.position(), id);
                if (!java.util.Arrays.equals(id, IDENTIFIER)) {
                    throw new CompressionException("snappy stream identifier is not sNaPpY", at);
                }
                identified = true;
            } else if (!identified) {
                throw new CompressionException("snappy stream does not start with its identifier", at);
            } else if (type == 0x00 || type == 0x01) {
                if (length < 4 || length > MAX_CHUNK_BODY || type == 0x01 && length > 4 + MAX_CHUNK_DATA) {
                    throw new CompressionException("snappy chunk of " + length + " bytes breaks the format's 64 KiB limit", at);
                }
                if (body == null) {
                    body = new byte[MAX_CHUNK_BODY];
                    block = new byte[MAX_CHUNK_DATA];
                }
                int crc = in.getInt(in.position());
                int dataLength = length - 4;
                in.get(in.position() + 4, body, 0, dataLength);
                byte[] data = body;
                int n = dataLength;
                if (type == 0x00) {
                    // the block's length is an unsigned 32-bit varint, which snappy-java returns as an int
                    long declared = Integer.toUnsignedLong(Snappy.uncompressedLength(body, 0, dataLength));
                    if (declared > MAX_CHUNK_DATA) {
                        throw new CompressionException("snappy chunk claims " + declared + " bytes, more than 64 KiB", at);
                    }
                    n = Snappy.uncompress(body, 0, dataLength, block, 0);
                    data = block;
                }
                if (masked(data, n) != crc) {
                    throw new CompressionException("snappy chunk's CRC-32C does not match its data", at);
                }
                out.write(data, 0, n);
            } else if (type <= 0x7f) {
                throw new CompressionException("snappy chunk type 0x" + Integer.toHexString(type) + " is reserved and unskippable", at);
            }
            in.position(in.position() + length);
        }
    }

    private static int masked(byte[] data, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, 0, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }
}
