package io.github.kafkanpy.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

/**
 * LZ4 frames (the LZ4 frame format, magic {@code 04 22 4D 18}) through lz4-java, with the content
 * size and a content checksum. Level 1 is LZ4's fast compressor, 2 to 17 its high-compression one.
 */
final class Lz4Codec implements Codec {
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    @Override
    public byte[] compress(byte[] input, int offset, int length, int level) throws IOException {
        LZ4Compressor compressor = level <= 1 ? LZ4.fastCompressor() : LZ4.highCompressor(level);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 2));
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                length, compressor, XXHashFactory.fastestInstance().hash32(),
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
            lz4.write(input, offset, length);
        }
        return out.toByteArray();
    }

    @Override
    public InputStream decompress(InputStream compressed, long limit) throws IOException {
        return new LZ4FrameInputStream(compressed);
    }
}
