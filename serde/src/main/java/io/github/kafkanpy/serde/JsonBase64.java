package io.github.kafkanpy.serde;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Base64;

/**
 * The {@code data} string of a JSON envelope: standard base64 with padding, in one line or
 * wrapped in lines as Python's {@code base64.encodebytes} writes it ({@code \n} every 76
 * characters; {@code \r\n} passes too). Its length is checked against the array's before any
 * byte is decoded.
 */
final class JsonBase64 {
    private static final int LINE = 76;

    private JsonBase64() {
    }

    /** Characters of padded base64 for {@code bytes} bytes. */
    static long length(long bytes) {
        return (bytes + 2) / 3 * 4;
    }

    /** The longest string an envelope of an array of {@code maxBytes} bytes may hold: its base64 wrapped with {@code \r\n}. */
    static long maxWrappedLength(long maxBytes) {
        long chars = length(maxBytes);
        return chars + 2 * (chars / LINE + 1);
    }

    /** Standard base64 of the remaining bytes of a buffer, with padding and without line breaks. */
    static java.nio.ByteBuffer encode(java.nio.ByteBuffer bytes) {
        return Base64.getEncoder().encode(bytes);
    }

    /**
     * Decodes the parser's current string token into exactly {@code bytes} bytes.
     *
     * @throws io.github.kafkanpy.npy.NpyFormatException when the text is not base64 of that many bytes
     */
    static byte[] decode(JsonParser p, int bytes) throws IOException {
        char[] text = p.getTextCharacters();
        int start = p.getTextOffset();
        int end = start + p.getTextLength();
        int count = 0;
        for (int i = start; i < end; i++) {
            if (text[i] != '\n' && text[i] != '\r') {
                count++;
            }
        }
        if (count != length(bytes)) {
            throw JsonEnvelope.refuse(p, "\"data\" has " + count + " base64 characters, but dtype and shape need "
                    + bytes + " bytes, which are " + length(bytes) + " characters of padded base64");
        }
        byte[] ascii = new byte[count];
        int at = 0;
        for (int i = start; i < end; i++) {
            char c = text[i];
            if (c == '\n' || c == '\r') {
                continue;
            }
            if (c > 0x7f) {
                throw JsonEnvelope.refuse(p, "\"data\" is not base64: it holds the character U+"
                        + String.format("%04X", (int) c));
            }
            ascii[at++] = (byte) c;
        }
        byte[] decoded = new byte[bytes];
        int written;
        try {
            written = Base64.getDecoder().decode(ascii, decoded);
        } catch (IllegalArgumentException e) {
            throw JsonEnvelope.refuse(p, "\"data\" is not base64 of " + bytes + " bytes: " + e.getMessage());
        }
        if (written != bytes) {
            throw JsonEnvelope.refuse(p, "\"data\" decodes to " + written + " bytes, but dtype and shape need " + bytes);
        }
        return decoded;
    }
}
