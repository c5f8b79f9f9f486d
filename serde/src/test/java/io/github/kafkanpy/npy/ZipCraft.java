package io.github.kafkanpy.npy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Crafts ZIP archives for the NPZ refusal tests: archives with any entry names from the JDK's own
 * {@link ZipOutputStream}, the offsets of their records, and copies with one field changed.
 */
final class ZipCraft {
    /** The NPY file every crafted entry holds unless told otherwise: three float32 values. */
    static final byte[] NPY = Npy.toBytes(NdArray.of(new float[] {1f, 2f, 3f}));

    private ZipCraft() {
    }

    /** A stored archive of {@link #NPY} under each name, written by {@link ZipOutputStream}. */
    static byte[] stored(String... names) {
        byte[][] contents = new byte[names.length][];
        java.util.Arrays.fill(contents, NPY);
        return zip(ZipEntry.STORED, names, contents);
    }

    /** An archive of the given entries, stored or deflated (deflated entries get data descriptors). */
    static byte[] zip(int method, String[] names, byte[][] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < names.length; i++) {
                ZipEntry e = new ZipEntry(names[i]);
                e.setMethod(method);
                if (method == ZipEntry.STORED) {
                    CRC32 crc = new CRC32();
                    crc.update(contents[i]);
                    e.setSize(contents[i].length);
                    e.setCompressedSize(contents[i].length);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                zip.write(contents[i]);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A stored archive of {@link #NPY} as {@code x.npy} whose central header gives the local
     * header's offset in a zip64 extra field, as zip64 writers do past 4 GiB.
     */
    static byte[] withZip64Offset(long offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            ZipEntry e = new ZipEntry("x.npy");
            e.setMethod(ZipEntry.STORED);
            CRC32 crc = new CRC32();
            crc.update(NPY);
            e.setSize(NPY.length);
            e.setCompressedSize(NPY.length);
            e.setCrc(crc.getValue());
            e.setExtra(new byte[] {(byte) 0x99, (byte) 0x99, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            zip.putNextEntry(e);
            zip.write(NPY);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] zip = out.toByteArray();
        int central = central(zip, 0);
        ByteBuffer b = le(zip);
        int extra = central + 46 + (b.getShort(central + 28) & 0xffff);
        b.putShort(extra, (short) 1).putLong(extra + 4, offset).putInt(central + 42, -1);
        return zip;
    }

    /** The offset of the end of central directory record. */
    static int end(byte[] zip) {
        for (int at = zip.length - 22; at >= 0; at--) {
            if (le(zip).getInt(at) == 0x06054b50) {
                return at;
            }
        }
        throw new IllegalArgumentException("no end record");
    }

    /** The offset of the central directory header of entry {@code index}. */
    static int central(byte[] zip, int index) {
        ByteBuffer b = le(zip);
        int at = b.getInt(end(zip) + 16);
        for (int i = 0; i < index; i++) {
            at += 46 + (b.getShort(at + 28) & 0xffff) + (b.getShort(at + 30) & 0xffff) + (b.getShort(at + 32) & 0xffff);
        }
        return at;
    }

    /** The offset of the local header of entry {@code index}. */
    static int local(byte[] zip, int index) {
        return le(zip).getInt(central(zip, index) + 42);
    }

    /** The offset of the data of entry {@code index}. */
    static int data(byte[] zip, int index) {
        int at = local(zip, index);
        ByteBuffer b = le(zip);
        return at + 30 + (b.getShort(at + 26) & 0xffff) + (b.getShort(at + 28) & 0xffff);
    }

    /** A copy with a little-endian 16-bit value at {@code at}. */
    static byte[] putShort(byte[] zip, int at, int value) {
        byte[] out = zip.clone();
        le(out).putShort(at, (short) value);
        return out;
    }

    /** A copy with a little-endian 32-bit value at {@code at}. */
    static byte[] putInt(byte[] zip, int at, long value) {
        byte[] out = zip.clone();
        le(out).putInt(at, (int) value);
        return out;
    }

    /** A copy with a byte at {@code at}. */
    static byte[] put(byte[] zip, int at, int value) {
        byte[] out = zip.clone();
        out[at] = (byte) value;
        return out;
    }

    /** The archive with a zip64 end record and locator that claim {@code count} entries, as zip64 writers do. */
    static byte[] withZip64End(byte[] zip, long count) {
        int end = end(zip);
        ByteBuffer in = le(zip);
        ByteBuffer out = ByteBuffer.allocate(end + 56 + 20 + 22).order(ByteOrder.LITTLE_ENDIAN);
        out.put(zip, 0, end);
        out.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                .putLong(count).putLong(count).putLong(in.getInt(end + 12) & 0xffffffffL)
                .putLong(in.getInt(end + 16) & 0xffffffffL);
        out.putInt(0x07064b50).putInt(0).putLong(end).putInt(1);
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) -1).putShort((short) -1)
                .putInt(-1).putInt(-1).putShort((short) 0);
        return out.array();
    }

    private static ByteBuffer le(byte[] zip) {
        return ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    }
}
