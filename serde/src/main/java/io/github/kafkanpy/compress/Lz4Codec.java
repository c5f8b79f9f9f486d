package io.github.kafkanpy.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * LZ4 frames (the LZ4 frame format, magic {@code 04 22 4D 18}), written by lz4-java with the
 * content size and a content checksum (level 1 is LZ4's fast compressor, 2 to 17 its
 * high-compression one). Read here, block by block into one output, so linked blocks (what
 * Python's {@code lz4.frame.compress} writes by default, and lz4-java cannot read) work too;
 * header, block and content checksums are verified when present. Literals, stored blocks and
 * matches are copied in bulk; every length is checked against the block and the output bounds first.
 */
final class Lz4Codec implements Codec {
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();
    private static final int MAGIC = 0x184D2204;
    private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE = 0x184D2A50;

    @Override
    public byte[] compress(byte[] input, int offset, int length, int level) throws IOException {
        LZ4Compressor compressor = level <= 1 ? LZ4.fastCompressor() : LZ4.highCompressor(level);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 2));
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                length, compressor, XXHASH,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
            lz4.write(input, offset, length);
        }
        return out.toByteArray();
    }

    @Override
    public void decompress(ByteBuffer in, BoundedOutput out) {
        in.order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            int at = in.position();
            out.inputOffset = at;
            need(in, 4, "frame magic");
            int magic = in.getInt();
            if ((magic & SKIPPABLE_MASK) == SKIPPABLE) {
                need(in, 4, "skippable frame length");
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new CompressionException("lz4 skippable frame runs past the end", at);
                }
                in.position(in.position() + length);
            } else if (magic == MAGIC) {
                frame(in, out, at);
            } else {
                throw new CompressionException("bytes after an lz4 frame are not another lz4 frame", at);
            }
        }
    }

    private static void frame(ByteBuffer in, BoundedOutput out, int frameStart) {
        int descriptor = in.position();
        need(in, 3, "frame descriptor");
        int flg = in.get() & 0xff;
        int bd = in.get() & 0xff;
        if ((flg >>> 6) != 1 || (flg & 0x02) != 0 || (bd & 0x8f) != 0 || ((bd >>> 4) & 7) < 4) {
            throw new CompressionException("lz4 frame descriptor is invalid or of an unknown version", descriptor);
        }
        boolean blockChecksum = (flg & 0x10) != 0;
        boolean contentSize = (flg & 0x08) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        boolean dictionary = (flg & 0x01) != 0;
        int maxBlock = 1 << (8 + 2 * ((bd >>> 4) & 7));
        long declaredSize = -1;
        if (contentSize) {
            need(in, 8, "content size");
            declaredSize = in.getLong();
            if (declaredSize < 0) {
                throw new CompressionException("lz4 frame declares a content size of more than " + Long.MAX_VALUE
                        + " bytes", in.position() - 8);
            }
        }
        if (dictionary) {
            throw new CompressionException("lz4 frame needs a dictionary, which kafka-npy never has", descriptor);
        }
        need(in, 1, "header checksum");
        int headerChecksum = in.get() & 0xff;
        if (((XXHASH.hash(in, descriptor, in.position() - 1 - descriptor, 0) >>> 8) & 0xff) != headerChecksum) {
            throw new CompressionException("lz4 frame header checksum does not match", in.position() - 1);
        }
        int contentStart = out.size();
        while (true) {
            int blockAt = in.position();
            out.inputOffset = blockAt;
            need(in, 4, "block size");
            int size = in.getInt();
            if (size == 0) {
                break;
            }
            boolean stored = size < 0;
            size &= 0x7fffffff;
            if (size > maxBlock || size > in.remaining()) {
                throw new CompressionException("lz4 block of " + size + " bytes breaks its frame's bounds", blockAt);
            }
            int dataStart = in.position();
            if (blockChecksum) {
                need(in, size + 4, "block checksum");
                if (XXHASH.hash(in, dataStart, size, 0) != in.getInt(dataStart + size)) {
                    throw new CompressionException("lz4 block checksum does not match", blockAt);
                }
            }
            int before = out.size();
            if (stored) {
                out.write(in, dataStart, size);
            } else {
                block(in, dataStart, dataStart + size, out, contentStart);
            }
            if (out.size() - before > maxBlock) {
                throw new CompressionException("lz4 block inflates past its frame's block size", blockAt);
            }
            in.position(dataStart + size + (blockChecksum ? 4 : 0));
        }
        int produced = out.size() - contentStart;
        if (contentChecksum) {
            need(in, 4, "content checksum");
            if (XXHASH.hash(out.array(), contentStart, produced, 0) != in.getInt()) {
                throw new CompressionException("lz4 content checksum does not match", in.position() - 4);
            }
        }
        if (declaredSize >= 0 && declaredSize != produced) {
            throw new CompressionException("lz4 frame declares " + declaredSize + " bytes but holds " + produced, frameStart);
        }
    }

    /** Decodes one LZ4 block; matches may reach back into earlier blocks of the frame (linked blocks). */
    private static void block(ByteBuffer in, int from, int end, BoundedOutput out, int contentStart) {
        int ip = from;
        while (true) {
            int token = in.get(ip++) & 0xff;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    check(ip < end, ip);
                    b = in.get(ip++) & 0xff;
                    literals += b;
                } while (b == 255);
            }
            check(literals <= end - ip, ip);
            out.write(in, ip, literals);
            ip += literals;
            if (ip == end) {
                return;
            }
            check(end - ip >= 2, ip);
            int distance = (in.get(ip) & 0xff) | (in.get(ip + 1) & 0xff) << 8;
            ip += 2;
            check(distance > 0 && distance <= out.size() - contentStart, ip - 2);
            int length = token & 15;
            if (length == 15) {
                int b;
                do {
                    check(ip < end, ip);
                    b = in.get(ip++) & 0xff;
                    length += b;
                } while (b == 255);
            }
            out.inputOffset = ip;
            out.copyBack(distance, length + 4);
            check(ip < end, ip);
        }
    }

    private static void check(boolean ok, int offset) {
        if (!ok) {
            throw new CompressionException("corrupt lz4 block", offset);
        }
    }

    private static void need(ByteBuffer in, int n, String what) {
        if (in.remaining() < n) {
            throw new CompressionException("lz4 frame ends inside its " + what, in.limit());
        }
    }
}
