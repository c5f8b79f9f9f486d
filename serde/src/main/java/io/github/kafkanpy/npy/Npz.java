package io.github.kafkanpy.npy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;

/**
 * Reads and writes NPZ archives, the named arrays of numpy's {@code np.savez} and
 * {@code np.savez_compressed}: a ZIP file with one NPY file per array.
 *
 * <pre>{@code
 * Map<String, NdArray> record = new LinkedHashMap<>();
 * record.put("embedding", NdArray.of(new float[] {0.1f, 0.2f, 0.3f}));
 * record.put("ids", NdArray.of(new long[] {101, 2023, 102}));
 * byte[] npz = Npz.toBytes(record, true);       // like np.savez_compressed
 * // Python: np.load(io.BytesIO(npz))["ids"] -> array([ 101, 2023,  102])
 *
 * Map<String, NdArray> back = Npz.read(npz);    // names in archive order, without ".npy"
 * }</pre>
 *
 * <p><b>Reading</b> takes what {@code np.savez} and {@code np.savez_compressed} write under numpy
 * 1.24 and 2.x, zip64 records and extra fields included. The map's keys are the entry names
 * without {@code .npy}, as {@code np.load} gives them, in archive order. Stored entries are
 * read-only views over the input, nothing copied; deflated entries are inflated with the JDK's
 * {@link Inflater} into arrays of exactly their declared size, never more than the limit in all.
 * Every CRC is checked. Hostile or broken archives are refused with an {@link NpyFormatException}
 * naming the problem and its byte offset: encrypted entries, methods other than stored and
 * deflated, entries that are not {@code .npy} files or whose names climb out of a directory
 * ({@code ..}, absolute paths, backslashes, drive letters), duplicate names, local headers that
 * disagree with the central directory, overlapping entries, sizes a deflate stream cannot reach or
 * that it overruns, more than {@link #MAX_ENTRIES} entries and a total over the limit; each entry
 * then passes {@link Npy#read}, which refuses object arrays and pickles.
 *
 * <p><b>Writing</b> gives an archive {@code np.load} opens with the same names, in map order,
 * dtypes, shapes and bytes: stored like {@code np.savez}, or deflated like
 * {@code np.savez_compressed}.
 */
public final class Npz {
    /** The default bound on the bytes of all entries once inflated: 256 MiB, as {@code npy.max.array.bytes}. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 256L << 20;
    /** The most entries an archive may hold, the count a ZIP end record can give without zip64. */
    public static final int MAX_ENTRIES = 65535;

    private static final int LARGEST_ARRAY = Integer.MAX_VALUE - 8;
    private static final int STORED_LEVEL = Integer.MIN_VALUE;
    private static final int MADE_BY_UNIX_2_0 = (3 << 8) | 20;
    private static final int NEEDS_2_0 = 20;
    private static final int DOS_DATE_1980_01_01 = (1 << 5) | 1;

    private Npz() {
    }

    /**
     * Reads the arrays of an NPZ archive, stored entries as views over {@code npz}, with at most
     * {@link #DEFAULT_MAX_TOTAL_BYTES} in all.
     *
     * @param npz the complete archive
     * @return the arrays by name, in archive order, unmodifiable
     * @throws NpyFormatException if the bytes are not an NPZ archive kafka-npy accepts
     */
    public static Map<String, NdArray> read(byte[] npz) {
        return read(npz, DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * Reads the arrays of an NPZ archive, stored entries as views over {@code npz}.
     *
     * @param npz the complete archive
     * @param maxTotalBytes the most bytes all entries may hold once inflated
     * @return the arrays by name, in archive order, unmodifiable
     * @throws NpyFormatException if the bytes are not an NPZ archive kafka-npy accepts
     */
    public static Map<String, NdArray> read(byte[] npz, long maxTotalBytes) {
        return read(ByteBuffer.wrap(Objects.requireNonNull(npz, "npz")), maxTotalBytes);
    }

    /**
     * Reads the arrays of the NPZ archive in a buffer's remaining bytes, heap or direct, without
     * moving its position or limit, with at most {@link #DEFAULT_MAX_TOTAL_BYTES} in all.
     *
     * @param npz the complete archive, from position to limit
     * @return the arrays by name, in archive order, unmodifiable; stored ones are views over {@code npz}
     * @throws NpyFormatException if the bytes are not an NPZ archive kafka-npy accepts
     */
    public static Map<String, NdArray> read(ByteBuffer npz) {
        return read(npz, DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * Reads the arrays of the NPZ archive in a buffer's remaining bytes, heap or direct, without
     * moving its position or limit. Offsets in refusals count from the buffer's position.
     *
     * @param npz the complete archive, from position to limit
     * @param maxTotalBytes the most bytes all entries may hold once inflated
     * @return the arrays by name, in archive order, unmodifiable; stored ones are views over {@code npz}
     * @throws NpyFormatException if the bytes are not an NPZ archive kafka-npy accepts
     */
    public static Map<String, NdArray> read(ByteBuffer npz, long maxTotalBytes) {
        Objects.requireNonNull(npz, "npz");
        if (maxTotalBytes < 0) {
            throw new IllegalArgumentException("maxTotalBytes must not be negative: " + maxTotalBytes);
        }
        ByteBuffer zip = npz.slice(npz.position(), npz.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        for (ZipDirectory.Entry e : ZipDirectory.read(zip, MAX_ENTRIES, maxTotalBytes)) {
            ByteBuffer data = e.method() == ZipDirectory.STORED
                    ? zip.slice((int) e.dataOffset(), (int) e.size())
                    : inflate(zip.slice((int) e.dataOffset(), (int) e.compressedSize()), e);
            CRC32 crc = new CRC32();
            crc.update(data.duplicate());
            if ((int) crc.getValue() != e.crc()) {
                throw new NpyFormatException("entry '" + e.name() + ".npy' fails its CRC check: "
                        + Long.toHexString(crc.getValue()) + " instead of " + Integer.toHexString(e.crc()),
                        e.dataOffset());
            }
            arrays.put(e.name(), entry(data, e));
        }
        return Collections.unmodifiableMap(arrays);
    }

    /** The array of one entry; a refusal names the entry and, for stored entries, the offset in the archive. */
    private static NdArray entry(ByteBuffer data, ZipDirectory.Entry e) {
        try {
            return Npy.read(data);
        } catch (NpyFormatException refused) {
            String message = refused.getMessage();
            String problem = message.substring(0, message.lastIndexOf(" (at byte "));
            boolean stored = e.method() == ZipDirectory.STORED;
            throw new NpyFormatException("entry '" + e.name() + ".npy': " + problem
                    + (stored ? "" : " (at byte " + refused.offset() + " of its inflated data)"),
                    e.dataOffset() + (stored ? refused.offset() : 0), refused);
        }
    }

    /**
     * Inflates a deflated entry into exactly its declared size, growing the output only as bytes
     * arrive, and refuses a stream that ends short of that size or would go past it.
     */
    private static ByteBuffer inflate(ByteBuffer deflated, ZipDirectory.Entry e) {
        if (e.size() > LARGEST_ARRAY) {
            throw new NpyFormatException("entry '" + e.name() + ".npy' of " + e.size()
                    + " bytes does not fit in a Java array", e.headerOffset());
        }
        int size = (int) e.size();
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            byte[] out = new byte[(int) Math.min(size, Math.max(64 * 1024, 4 * e.compressedSize()))];
            int filled = 0;
            while (filled < size) {
                if (filled == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(size, 2L * out.length));
                }
                int n = inflater.inflate(out, filled, out.length - filled);
                filled += n;
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    throw new NpyFormatException("entry '" + e.name() + ".npy' inflates to " + filled
                            + " bytes, fewer than the " + size + " its headers declare", e.dataOffset());
                }
            }
            if (!inflater.finished() && inflater.inflate(new byte[1]) > 0) {
                throw new NpyFormatException("entry '" + e.name() + ".npy' inflates to more than the " + size
                        + " bytes its headers declare", e.dataOffset());
            }
            if (!inflater.finished()) {
                throw new NpyFormatException("deflate stream of entry '" + e.name() + ".npy' is truncated",
                        e.dataOffset() + e.compressedSize());
            }
            return ByteBuffer.wrap(out);
        } catch (DataFormatException bad) {
            throw new NpyFormatException("entry '" + e.name() + ".npy' is not valid deflate data: "
                    + bad.getMessage(), e.dataOffset(), bad);
        } finally {
            inflater.end();
        }
    }

    /**
     * Returns the NPZ bytes of named arrays, stored like {@code np.savez} writes them.
     *
     * @param arrays the arrays by name (without {@code .npy}), written in iteration order
     * @return the archive
     * @throws IllegalArgumentException if a name is one {@link #read} would refuse, or the archive would not fit in a byte array
     */
    public static byte[] toBytes(Map<String, ? extends NdArray> arrays) {
        return write(arrays, STORED_LEVEL);
    }

    /**
     * Returns the NPZ bytes of named arrays, deflated at zlib's default level like
     * {@code np.savez_compressed} writes them, or stored like {@code np.savez}.
     *
     * @param arrays the arrays by name (without {@code .npy}), written in iteration order
     * @param compress whether to deflate the entries
     * @return the archive
     * @throws IllegalArgumentException if a name is one {@link #read} would refuse, or the archive would not fit in a byte array
     */
    public static byte[] toBytes(Map<String, ? extends NdArray> arrays, boolean compress) {
        return write(arrays, compress ? Deflater.DEFAULT_COMPRESSION : STORED_LEVEL);
    }

    /**
     * Returns the NPZ bytes of named arrays, deflated at a given level; {@code np.load} reads it
     * as it reads {@code np.savez_compressed}'s archives.
     *
     * @param arrays the arrays by name (without {@code .npy}), written in iteration order
     * @param level the {@link Deflater} level, 1 (fastest) to 9 (smallest)
     * @return the archive
     * @throws IllegalArgumentException if the level is not 1 to 9, a name is one {@link #read} would refuse, or the archive would not fit in a byte array
     */
    public static byte[] compressed(Map<String, ? extends NdArray> arrays, int level) {
        if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("deflate level must be 1 to 9, not " + level);
        }
        return write(arrays, level);
    }

    /** One entry ready to write: its name's bytes, method, the bytes as they go in the archive (npy then data), its NPY size and CRC. */
    private record Prepared(byte[] name, boolean utf8, int method, byte[] npy, ByteBuffer data, long size, int crc) {
    }

    private static byte[] write(Map<String, ? extends NdArray> arrays, int level) {
        Objects.requireNonNull(arrays, "arrays");
        if (arrays.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("an NPZ archive holds at most " + MAX_ENTRIES + " arrays, not " + arrays.size());
        }
        List<Prepared> entries = new ArrayList<>(arrays.size());
        long total = 22;
        for (Map.Entry<String, ? extends NdArray> named : arrays.entrySet()) {
            Prepared p = prepare(named.getKey(), Objects.requireNonNull(named.getValue(), "array"), level);
            entries.add(p);
            total += 30 + 46 + 2L * p.name().length + p.npy().length + p.data().remaining();
            if (total > LARGEST_ARRAY) {
                throw new IllegalArgumentException("an NPZ archive of more than " + LARGEST_ARRAY
                        + " bytes does not fit in a byte array");
            }
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        int[] offsets = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Prepared p = entries.get(i);
            offsets[i] = out.position();
            out.putInt(0x04034b50).putShort((short) NEEDS_2_0);
            fileFields(out, p);
            out.putShort((short) 0).put(p.name()).put(p.npy()).put(p.data().duplicate());
        }
        int directory = out.position();
        for (int i = 0; i < entries.size(); i++) {
            Prepared p = entries.get(i);
            out.putInt(0x02014b50).putShort((short) MADE_BY_UNIX_2_0).putShort((short) NEEDS_2_0);
            fileFields(out, p);
            out.putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putInt(0600 << 16).putInt(offsets[i]).put(p.name());
        }
        int directorySize = out.position() - directory;
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(directorySize).putInt(directory).putShort((short) 0);
        return out.array();
    }

    /** The fields local and central headers share, from the flags to the name length and extra length. */
    private static void fileFields(ByteBuffer out, Prepared p) {
        int compressedSize = p.npy().length + p.data().remaining();
        out.putShort((short) (p.utf8() ? 0x800 : 0))
                .putShort((short) p.method())
                .putShort((short) 0).putShort((short) DOS_DATE_1980_01_01)
                .putInt(p.crc()).putInt(compressedSize).putInt((int) p.size())
                .putShort((short) p.name().length);
    }

    private static Prepared prepare(String name, NdArray array, int level) {
        String entryName = Objects.requireNonNull(name, "name") + ".npy";
        String problem = nameProblem(entryName);
        if (problem != null) {
            throw new IllegalArgumentException("array name '" + name + "' " + problem.replace(" before .npy", ""));
        }
        byte[] nameBytes = entryName.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 0xffff) {
            throw new IllegalArgumentException("array name of " + nameBytes.length + " bytes is longer than a ZIP entry name can be");
        }
        boolean utf8 = nameBytes.length != entryName.length();
        byte[] header = Npy.header(array);
        long size = header.length + array.nbytes();
        CRC32 crc = new CRC32();
        crc.update(header);
        crc.update(array.data());
        if (level == STORED_LEVEL) {
            return new Prepared(nameBytes, utf8, ZipDirectory.STORED, header, array.data(), size, (int) crc.getValue());
        }
        Deflater deflater = new Deflater(level, true);
        try {
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            try (DeflaterOutputStream stream = new DeflaterOutputStream(deflated, deflater, 64 * 1024)) {
                Npy.write(array, stream);
            }
            return new Prepared(nameBytes, utf8, ZipDirectory.DEFLATED, new byte[0], ByteBuffer.wrap(deflated.toByteArray()), size,
                    (int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
    }

    /**
     * What is wrong with a ZIP entry name as an NPZ entry, or null: it must be a {@code .npy}
     * file with a name before the suffix, a relative path without {@code ..} segments,
     * backslashes, a drive letter or NUL characters. A {@code /} inside is fine: numpy writes it
     * for keys that hold one.
     */
    static String nameProblem(String entryName) {
        if (!entryName.endsWith(".npy")) {
            return "is not an .npy file";
        }
        if (entryName.length() == 4) {
            return "is empty before .npy";
        }
        if (entryName.startsWith("/")) {
            return "is an absolute path";
        }
        if (entryName.indexOf('\\') >= 0) {
            return "holds a backslash";
        }
        if (entryName.indexOf('\0') >= 0) {
            return "holds a NUL character";
        }
        if (entryName.length() >= 2 && entryName.charAt(1) == ':' && Character.isLetter(entryName.charAt(0))) {
            return "starts with a drive letter";
        }
        for (String segment : entryName.split("/", -1)) {
            if (segment.equals("..")) {
                return "has a '..' segment";
            }
        }
        return null;
    }
}
