package io.github.kafkanpy.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * The snappy framing format (stream identifier {@code sNaPpY}, CRC-32C per chunk) through
 * snappy-java. Snappy has no levels.
 */
final class SnappyCodec implements Codec {
    @Override
    public byte[] compress(byte[] input, int offset, int length, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 2));
        try (SnappyFramedOutputStream snappy = new SnappyFramedOutputStream(out)) {
            snappy.write(input, offset, length);
        }
        return out.toByteArray();
    }

    @Override
    public InputStream decompress(InputStream compressed, long limit) throws IOException {
        return new SnappyFramedInputStream(compressed, true);
    }
}
