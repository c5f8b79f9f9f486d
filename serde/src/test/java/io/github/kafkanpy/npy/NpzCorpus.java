package io.github.kafkanpy.npy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The numpy side of the NPZ interop tests: runs the committed {@code npz_corpus.py} once per
 * interpreter (see {@link NumpyCorpus} for which, and for skipping without numpy) and reads back
 * the archives it wrote and what {@code np.load} reported about each entry.
 */
final class NpzCorpus {
    private static final Map<String, NpzCorpus> CACHE = new ConcurrentHashMap<>();

    final String python;
    final String numpyVersion;
    final Path dir;
    final List<Archive> archives;

    /** One entry as np.load reported it: key, descr, shape, layout and the SHA-256 of its data bytes. */
    record Entry(String key, String descr, int[] shape, boolean fortran, String sha256) {
    }

    /** One archive numpy (or zipfile) wrote, its entries in np.load's order, and whether any is a string array. */
    record Archive(String name, List<Entry> entries, boolean hasStrings) {
        @Override
        public String toString() {
            return name;
        }
    }

    private NpzCorpus(String python, String numpyVersion, Path dir, List<Archive> archives) {
        this.python = python;
        this.numpyVersion = numpyVersion;
        this.dir = dir;
        this.archives = archives;
    }

    /** The corpus written by {@code python}'s numpy, or a skipped (or, when required, failed) test. */
    static NpzCorpus of(String python) {
        return CACHE.computeIfAbsent(python, NpzCorpus::create);
    }

    /** The archives with or without string entries. */
    List<Archive> archives(boolean withStrings) {
        return archives.stream().filter(a -> a.hasStrings() == withStrings).toList();
    }

    /** Runs {@code npz_corpus.py verify} on a directory and returns its output. */
    String verify(Path javaDir) {
        return NumpyCorpus.runScript(python, "npz_corpus.py", "verify", javaDir);
    }

    private static NpzCorpus create(String python) {
        String version = NumpyCorpus.numpyVersion(python);
        try {
            Path dir = Files.createTempDirectory("kafkanpy-npz-corpus");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> NumpyCorpus.deleteTree(dir)));
            NumpyCorpus.runScript(python, "npz_corpus.py", "write", dir);
            Map<String, List<Entry>> entries = new LinkedHashMap<>();
            for (String line : Files.readAllLines(dir.resolve("entries.tsv"))) {
                String[] f = line.split("\t", -1);
                int[] shape = f[3].isEmpty() ? new int[0]
                        : java.util.Arrays.stream(f[3].split(",")).mapToInt(Integer::parseInt).toArray();
                entries.computeIfAbsent(f[0], k -> new ArrayList<>())
                        .add(new Entry(f[1], f[2], shape, f[4].equals("1"), f[5]));
            }
            List<Archive> archives = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("archives.tsv"))) {
                String[] f = line.split("\t", -1);
                List<Entry> of = entries.getOrDefault(f[0], List.of());
                if (of.size() != Integer.parseInt(f[1])) {
                    throw new IllegalStateException(f[0] + ": entries.tsv lists " + of.size() + " entries, not " + f[1]);
                }
                archives.add(new Archive(f[0], of, f[2].equals("1")));
            }
            return new NpzCorpus(python, version, dir, archives);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
