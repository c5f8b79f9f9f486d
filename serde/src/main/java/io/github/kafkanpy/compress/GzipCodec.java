package io.github.kafkanpy.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** gzip members (RFC 1952) through the JDK's Deflater. */
final class GzipCodec implements Codec {
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
    public InputStream decompress(InputStream compressed, long limit) throws IOException {
        return new GZIPInputStream(compressed, 64 * 1024);
    }
}
