package io.github.kafkanpy.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame decoder kafka-npy 0.1.0 shipped, kept only as the baseline of the LZ4 table: it
 * copied literals, stored blocks and overlapping matches one byte at a time, each byte through a
 * bounds check. Same frame walk, checksums and checks as the library's decoder; for well-formed
 * frames only (errors are plain exceptions here).
 */
final class Lz4ByteByByte {
    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

    private byte[] buf;
    private int size;
    private final long limit;

    private Lz4ByteByByte(long limit, int guess) {
        this.limit = limit;
        this.buf = new byte[guess];
    }

    static ByteBuffer decompress(ByteBuffer payload, long limit) {
        Lz4ByteByByte out = new Lz4ByteByByte(limit, (int) Math.min(64 * 1024, 4L * payload.remaining()));
        ByteBuffer in = payload.slice().order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            if (in.getInt() != 0x184D2204) {
                throw new IllegalArgumentException("not an lz4 frame");
            }
            out.frame(in);
        }
        return ByteBuffer.wrap(out.buf, 0, out.size);
    }

    private void frame(ByteBuffer in) {
        int descriptor = in.position();
        int flg = in.get() & 0xff;
        int bd = in.get() & 0xff;
        boolean blockChecksum = (flg & 0x10) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        int maxBlock = 1 << (8 + 2 * ((bd >>> 4) & 7));
        if ((flg & 0x08) != 0) {
            in.getLong();
        }
        int headerChecksum = in.get() & 0xff;
        if (((XXHASH.hash(in, descriptor, in.position() - 1 - descriptor, 0) >>> 8) & 0xff) != headerChecksum) {
            throw new IllegalArgumentException("header checksum");
        }
        int contentStart = size;
        while (true) {
            int blockSize = in.getInt();
            if (blockSize == 0) {
                break;
            }
            boolean stored = blockSize < 0;
            blockSize &= 0x7fffffff;
            if (blockSize > maxBlock || blockSize > in.remaining()) {
                throw new IllegalArgumentException("block size");
            }
            int dataStart = in.position();
            if (blockChecksum && XXHASH.hash(in, dataStart, blockSize, 0) != in.getInt(dataStart + blockSize)) {
                throw new IllegalArgumentException("block checksum");
            }
            if (stored) {
                for (int i = 0; i < blockSize; i++) {
                    write(in.get(dataStart + i));
                }
            } else {
                block(in, dataStart, dataStart + blockSize, contentStart);
            }
            in.position(dataStart + blockSize + (blockChecksum ? 4 : 0));
        }
        if (contentChecksum && XXHASH.hash(buf, contentStart, size - contentStart, 0) != in.getInt()) {
            throw new IllegalArgumentException("content checksum");
        }
    }

    private void block(ByteBuffer in, int from, int end, int contentStart) {
        int ip = from;
        while (true) {
            int token = in.get(ip++) & 0xff;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    b = in.get(ip++) & 0xff;
                    literals += b;
                } while (b == 255);
            }
            reserve(literals);
            for (int i = 0; i < literals; i++) {
                write(in.get(ip + i));
            }
            ip += literals;
            if (ip == end) {
                return;
            }
            int distance = (in.get(ip) & 0xff) | (in.get(ip + 1) & 0xff) << 8;
            ip += 2;
            if (distance <= 0 || distance > size - contentStart) {
                throw new IllegalArgumentException("distance");
            }
            int length = token & 15;
            if (length == 15) {
                int b;
                do {
                    b = in.get(ip++) & 0xff;
                    length += b;
                } while (b == 255);
            }
            copyBack(distance, length + 4);
        }
    }

    private void write(byte b) {
        reserve(1);
        buf[size++] = b;
    }

    private void copyBack(int distance, int length) {
        reserve(length);
        int from = size - distance;
        if (distance >= length) {
            System.arraycopy(buf, from, buf, size, length);
        } else {
            for (int i = 0; i < length; i++) {
                buf[size + i] = buf[from + i];
            }
        }
        size += length;
    }

    private void reserve(int n) {
        long needed = (long) size + n;
        if (needed > limit) {
            throw new IllegalArgumentException("limit");
        }
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(needed, 2L * buf.length)));
        }
    }
}
