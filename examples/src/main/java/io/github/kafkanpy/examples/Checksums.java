package io.github.kafkanpy.examples;

import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum the Python consumer prints too: SHA-256 of an array's values in C order,
 * little-endian, so equal arrays hash equal whatever their layout and byte order.
 */
final class Checksums {
    private Checksums() {
    }

    static String sha256(NdArray array) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(array.toCOrder().withByteOrder(ByteOrder.LITTLE_ENDIAN).data());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
