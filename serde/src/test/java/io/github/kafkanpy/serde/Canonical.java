package io.github.kafkanpy.serde;

import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The checksum both languages compute: SHA-256 of an array's values in C order, little-endian. */
final class Canonical {
    private Canonical() {
    }

    static String sha256(NdArray array) {
        ByteBuffer bytes = array.toCOrder().withByteOrder(ByteOrder.LITTLE_ENDIAN).data();
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shape as the Python side prints it: comma-separated dimensions. */
    static String shape(NdArray array) {
        return ShapeHeader.format(array.shape());
    }
}
