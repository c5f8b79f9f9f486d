package io.github.kafkanpy.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The bounds of the entries of a ZIP archive as {@code np.load} opens it, checked before any
 * byte of data is touched: the end records (zip64 included), the central directory and each
 * local header. Only what the bounds need is parsed; inflating and checksums are the JDK's.
 *
 * <p>Like Python's {@code zipfile}, the end record is the last one within the final 64 KiB and
 * 22 bytes, and bytes after its comment are ignored. Unlike {@code zipfile}, data before the
 * archive is refused, because {@code np.load} refuses it too: it opens only input that starts
 * with a ZIP signature.
 */
final class ZipDirectory {
    static final int STORED = 0;
    static final int DEFLATED = 8;

    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    private static final int END64 = 0x06064b50;
    private static final int LOCATOR64 = 0x07064b50;
    private static final int END_LENGTH = 22;
    private static final int LOCATOR_LENGTH = 20;
    private static final int END64_LENGTH = 56;
    private static final int CENTRAL_LENGTH = 46;
    private static final int LOCAL_LENGTH = 30;
    private static final long U32 = 0xffffffffL;
    private static final int FLAG_ENCRYPTED = 0x1;
    private static final int FLAG_DESCRIPTOR = 0x8;
    private static final int FLAG_STRONG_ENCRYPTION = 0x40;
    private static final int FLAG_UTF8 = 0x800;
    private static final int MAX_RATIO = 1032;

    /** One entry: its name without {@code .npy}, method, checksum, sizes and where its data starts. */
    record Entry(String name, int method, int crc, long compressedSize, long size, long headerOffset, long dataOffset) {
    }

    private final ByteBuffer zip;

    private ZipDirectory(ByteBuffer zip) {
        this.zip = zip;
    }

    /**
     * The entries of an archive, in central directory order.
     *
     * @param zip the archive from index 0 to its limit, little-endian
     * @param maxEntries the most entries accepted
     * @param maxTotalBytes the most bytes all entries may hold once inflated
     */
    static List<Entry> read(ByteBuffer zip, int maxEntries, long maxTotalBytes) {
        return new ZipDirectory(zip.duplicate().order(ByteOrder.LITTLE_ENDIAN)).entries(maxEntries, maxTotalBytes);
    }

    private List<Entry> entries(int maxEntries, long maxTotalBytes) {
        int length = zip.limit();
        if (length < 4 || (zip.getInt(0) != LOCAL && zip.getInt(0) != END)) {
            throw new NpyFormatException("input does not start with a ZIP signature (PK\\3\\4 or PK\\5\\6), "
                    + "so np.load would not open it as an NPZ archive", 0);
        }
        int end = findEnd(length);
        if (zip.getShort(end + 4) != 0 || zip.getShort(end + 6) != 0) {
            throw new NpyFormatException("multi-disk ZIP archives are not supported", end + 4);
        }
        int commentLength = u16(end + 20);
        if (end + END_LENGTH + commentLength > length) {
            throw new NpyFormatException("archive is truncated: its comment of " + commentLength
                    + " bytes runs past the end of the input", end + 20);
        }
        long count = u16(end + 10);
        long directorySize = u32(end + 12);
        long directoryOffset = u32(end + 16);
        long directoryEnd = end;
        if (end >= LOCATOR_LENGTH && zip.getInt(end - LOCATOR_LENGTH) == LOCATOR64) {
            int locator = end - LOCATOR_LENGTH;
            long end64 = zip.getLong(locator + 8);
            if (end64 < 0 || end64 != locator - END64_LENGTH || zip.getInt((int) end64) != END64) {
                throw new NpyFormatException("zip64 end record is not at offset " + end64
                        + " where the zip64 locator points", locator + 8);
            }
            int at = (int) end64;
            if (zip.getLong(at + 4) != END64_LENGTH - 12) {
                throw new NpyFormatException("zip64 end record has extensible data, which numpy never writes", at + 4);
            }
            if (zip.getInt(at + 16) != 0 || zip.getInt(at + 20) != 0 || zip.getInt(locator + 4) != 0
                    || zip.getInt(locator + 16) > 1) {
                throw new NpyFormatException("multi-disk ZIP archives are not supported", at + 16);
            }
            count = zip.getLong(at + 32);
            if (count != zip.getLong(at + 24)) {
                throw new NpyFormatException("zip64 end record gives two different entry counts", at + 24);
            }
            directorySize = zip.getLong(at + 40);
            directoryOffset = zip.getLong(at + 48);
            directoryEnd = at;
        } else if (count != u16(end + 8)) {
            throw new NpyFormatException("end record gives two different entry counts", end + 8);
        }
        if (count < 0 || count > maxEntries) {
            throw new NpyFormatException("archive claims " + Long.toUnsignedString(count) + " entries; at most "
                    + maxEntries + " are accepted", end + 10);
        }
        if (directorySize < 0 || directoryOffset < 0 || directoryOffset + directorySize != directoryEnd) {
            throw new NpyFormatException("central directory of " + Long.toUnsignedString(directorySize)
                    + " bytes at offset " + Long.toUnsignedString(directoryOffset)
                    + " does not end where the end record starts (" + directoryEnd + ")", end + 12);
        }
        if (count * CENTRAL_LENGTH > directorySize) {
            throw new NpyFormatException("central directory of " + directorySize + " bytes cannot hold "
                    + count + " entries", end + 12);
        }
        return checked(central((int) count, (int) directoryOffset, (int) directoryEnd, maxTotalBytes),
                (int) directoryOffset);
    }

    /** The offset of the last end record signature in the final 64 KiB and 22 bytes, as zipfile finds it. */
    private int findEnd(int length) {
        int lowest = Math.max(0, length - END_LENGTH - 0xffff);
        for (int at = length - END_LENGTH; at >= lowest; at--) {
            if (zip.getInt(at) == END) {
                return at;
            }
        }
        throw new NpyFormatException("archive is truncated or not a ZIP file: no end of central directory "
                + "record in its last " + Math.min(length, END_LENGTH + 0xffff) + " bytes", length);
    }

    private List<Entry> central(int count, int at, int directoryEnd, long maxTotalBytes) {
        List<Entry> entries = new ArrayList<>(count);
        long total = 0;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            if (at + CENTRAL_LENGTH > directoryEnd || zip.getInt(at) != CENTRAL) {
                throw new NpyFormatException("central directory entry " + i + " is not a central file header", at);
            }
            int flags = u16(at + 8);
            int method = u16(at + 10);
            int nameLength = u16(at + 28);
            int extraLength = u16(at + 30);
            int commentLength = u16(at + 32);
            int next = at + CENTRAL_LENGTH + nameLength + extraLength + commentLength;
            if (next > directoryEnd) {
                throw new NpyFormatException("central directory entry " + i + " runs past the directory", at);
            }
            String name = name(at + CENTRAL_LENGTH, nameLength, flags);
            checkFlagsAndMethod(name, flags, method, at + 8);
            if (u16(at + 34) != 0) {
                throw new NpyFormatException("entry '" + name + "' is on another disk", at + 34);
            }
            long[] wide = {u32(at + 24), u32(at + 20), u32(at + 42)};
            zip64(wide, at + CENTRAL_LENGTH + nameLength, extraLength, name);
            if (wide[0] > maxTotalBytes - total) {
                throw new NpyFormatException("archive holds more than the limit of " + maxTotalBytes
                        + " bytes once inflated: entry '" + name + "' adds " + wide[0] + " to " + total, at + 24);
            }
            total += wide[0];
            if (!names.add(name)) {
                throw new NpyFormatException("archive holds the entry '" + name + "' twice", at);
            }
            entries.add(new Entry(name.substring(0, name.length() - 4), method, zip.getInt(at + 16), wide[1], wide[0],
                    wide[2], -1));
            at = next;
        }
        if (at != directoryEnd) {
            throw new NpyFormatException((directoryEnd - at) + " unexplained bytes after the central directory", at);
        }
        return entries;
    }

    /** Replaces the 32-bit fields set to 0xffffffff by their zip64 values, in the order the format lists them. */
    private void zip64(long[] fields, int extra, int extraLength, String name) {
        int end = extra + extraLength;
        for (int at = extra; at + 4 <= end; ) {
            int id = u16(at);
            int size = u16(at + 2);
            if (at + 4 + size > end) {
                throw new NpyFormatException("extra field of entry '" + name + "' runs past its end", at);
            }
            if (id == 1) {
                int value = at + 4;
                for (int f = 0; f < fields.length; f++) {
                    if (fields[f] == U32) {
                        if (value + 8 > at + 4 + size) {
                            throw new NpyFormatException("zip64 extra field of entry '" + name + "' is too short", at);
                        }
                        fields[f] = zip.getLong(value);
                        value += 8;
                    }
                }
            }
            at += 4 + size;
        }
        for (long field : fields) {
            if (field < 0 || field == U32) {
                throw new NpyFormatException("entry '" + name + "' has a size or offset of "
                        + Long.toUnsignedString(field) + " that the archive cannot hold", extra);
            }
        }
    }

    private void checkFlagsAndMethod(String name, int flags, int method, int at) {
        if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) != 0) {
            throw new NpyFormatException("entry '" + name + "' is encrypted", at);
        }
        if (method != STORED && method != DEFLATED) {
            throw new NpyFormatException("entry '" + name + "' uses compression method " + method
                    + "; numpy writes only stored (0) and deflated (8) entries", at + 2);
        }
    }

    /** The entry name, checked: a {@code .npy} file that np.load names, with no path a tool could escape through. */
    private String name(int at, int length, int flags) {
        byte[] raw = new byte[length];
        zip.get(at, raw);
        String name;
        try {
            name = ((flags & FLAG_UTF8) != 0 ? StandardCharsets.UTF_8 : cp437()).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException("entry name is not valid UTF-8", at);
        }
        String problem = Npz.nameProblem(name);
        if (problem != null) {
            throw new NpyFormatException("entry name '" + name + "' " + problem, at);
        }
        return name;
    }

    private static Charset cp437() {
        return Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;
    }

    /** Checks each local header against its central entry, the sizes against the limit, and the layout for overlaps. */
    private List<Entry> checked(List<Entry> central, int directoryOffset) {
        List<Entry> entries = new ArrayList<>(central.size());
        for (Entry e : central) {
            entries.add(local(e, directoryOffset));
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::headerOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            Entry before = byOffset.get(i - 1);
            Entry after = byOffset.get(i);
            if (before.dataOffset() + before.compressedSize() > after.headerOffset()) {
                throw new NpyFormatException("entries '" + before.name() + "' and '" + after.name() + "' overlap",
                        after.headerOffset());
            }
        }
        return entries;
    }

    private Entry local(Entry e, int directoryOffset) {
        String npy = e.name() + ".npy";
        if (e.headerOffset() + LOCAL_LENGTH > directoryOffset) {
            throw new NpyFormatException("local header of entry '" + npy + "' at " + e.headerOffset()
                    + " lies outside the entries' part of the archive", directoryOffset);
        }
        int at = (int) e.headerOffset();
        if (zip.getInt(at) != LOCAL) {
            throw new NpyFormatException("entry '" + npy + "' has no local file header where the central directory "
                    + "points", at);
        }
        int flags = u16(at + 6);
        int method = u16(at + 8);
        int nameLength = u16(at + 26);
        int extraLength = u16(at + 28);
        long dataOffset = (long) at + LOCAL_LENGTH + nameLength + extraLength;
        if (dataOffset > directoryOffset) {
            throw new NpyFormatException("local header of entry '" + npy + "' runs into the central directory", at);
        }
        checkFlagsAndMethod(npy, flags, method, at + 6);
        if (method != e.method()) {
            throw new NpyFormatException("local header of entry '" + npy + "' gives compression method " + method
                    + " but the central directory " + e.method(), at + 8);
        }
        if (!name(at + LOCAL_LENGTH, nameLength, flags).equals(npy)) {
            throw new NpyFormatException("local header names entry '" + npy + "' differently", at + LOCAL_LENGTH);
        }
        if ((flags & FLAG_DESCRIPTOR) == 0 || zip.getInt(at + 14) != 0 || zip.getInt(at + 18) != 0) {
            long[] sizes = {u32(at + 22), u32(at + 18)};
            zip64(sizes, at + LOCAL_LENGTH + nameLength, extraLength, npy);
            if (zip.getInt(at + 14) != e.crc() || sizes[0] != e.size() || sizes[1] != e.compressedSize()) {
                throw new NpyFormatException("local header of entry '" + npy + "' gives sizes " + sizes[1] + "/"
                        + sizes[0] + " and CRC that disagree with the central directory's " + e.compressedSize()
                        + "/" + e.size(), at + 14);
            }
        }
        if (e.compressedSize() > directoryOffset - dataOffset) {
            throw new NpyFormatException("data of entry '" + npy + "' (" + e.compressedSize()
                    + " bytes) runs past the entries' part of the archive", dataOffset);
        }
        if (method == STORED ? e.size() != e.compressedSize()
                : e.size() > MAX_RATIO * e.compressedSize() + 1024) {
            throw new NpyFormatException("entry '" + npy + "' claims " + e.size() + " bytes from "
                    + e.compressedSize() + (method == STORED ? " stored bytes" : ", more than deflate can produce"),
                    at + 18);
        }
        return new Entry(e.name(), method, e.crc(), e.compressedSize(), e.size(), at, dataOffset);
    }

    private int u16(int at) {
        return zip.getShort(at) & 0xffff;
    }

    private long u32(int at) {
        return zip.getInt(at) & U32;
    }
}
