package io.github.kafkanpy.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * NPZ against real numpy: numpy 2.x and Debian's numpy 1.24 write archives with
 * {@code np.savez}, {@code np.savez_compressed} and {@code zipfile}; Java must read every entry as
 * {@code np.load} reports it, and rewrite every archive, stored and deflated, so that
 * {@code np.load} finds the same names in the same order, dtypes, shapes and bytes.
 */
@Tag("integration")
class NpzInteropTest {

    @TestFactory
    Stream<DynamicNode> javaReadsEveryNumericArchiveNumpy2Wrote() {
        return readTests(NpzCorpus.of(NumpyCorpus.DEFAULT_PYTHON), false);
    }

    @TestFactory
    Stream<DynamicNode> javaReadsEveryNumericArchiveDebianNumpy124Wrote() {
        return readTests(NpzCorpus.of(NumpyCorpus.DEBIAN_PYTHON), false);
    }

    @Test
    void npLoadOfNumpy2OpensEveryNumericArchiveJavaRewrites() throws IOException {
        assertNpLoadAgrees(NpzCorpus.of(NumpyCorpus.DEFAULT_PYTHON), false);
    }

    @Test
    void npLoadOfDebianNumpy124OpensEveryNumericArchiveJavaRewrites() throws IOException {
        assertNpLoadAgrees(NpzCorpus.of(NumpyCorpus.DEBIAN_PYTHON), false);
    }

    @Test
    void corpusCoversWhatTheIssueAsksFor() {
        for (String python : List.of(NumpyCorpus.DEFAULT_PYTHON, NumpyCorpus.DEBIAN_PYTHON)) {
            NpzCorpus corpus = NpzCorpus.of(python);
            List<String> names = corpus.archives.stream().map(NpzCorpus.Archive::name).toList();
            for (String expected : List.of("dtypes_stored", "dtypes_deflated", "metadata_deflated", "strings_stored",
                    "empty_stored", "empty_deflated", "unicode_names_deflated", "slashes_stored", "many_deflated",
                    "zipfile_force_zip64_deflated", "zip64_end_record_stored", "comment_deflated")) {
                assertTrue(names.contains(expected), expected + " in numpy " + corpus.numpyVersion + "'s corpus");
            }
            assertTrue(corpus.archives(false).size() >= 18, "numeric archives: " + corpus.archives(false).size());
        }
    }

    /**
     * The archives with S and U entries ({@code np.savez(f, author='Emma', age=1.5)} among them),
     * read and rewritten under both numpy versions. They need the fixed-width string dtypes.
     */
    @TestFactory
    Stream<DynamicNode> archivesWithStringEntriesReadAndRewriteUnderBothNumpyVersions() {
        return Stream.of(NumpyCorpus.DEFAULT_PYTHON, NumpyCorpus.DEBIAN_PYTHON).map(NpzCorpus::of).flatMap(corpus ->
                Stream.concat(readTests(corpus, true), Stream.of(dynamicTest("np.load " + corpus.numpyVersion
                        + " opens every string archive Java rewrites", () -> assertNpLoadAgrees(corpus, true)))));
    }

    private static Stream<DynamicNode> readTests(NpzCorpus corpus, boolean withStrings) {
        return corpus.archives(withStrings).stream().map(a -> dynamicTest(a.name() + " (numpy " + corpus.numpyVersion
                + ")", () -> assertReadsWhatNpLoadReports(corpus, a)));
    }

    private static void assertReadsWhatNpLoadReports(NpzCorpus corpus, NpzCorpus.Archive archive) throws IOException {
        byte[] bytes = Files.readAllBytes(corpus.dir.resolve(archive.name() + ".npz"));
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        for (Map<String, NdArray> read : List.of(Npz.read(bytes), Npz.read(direct))) {
            assertEquals(archive.entries().stream().map(NpzCorpus.Entry::key).toList(), new ArrayList<>(read.keySet()),
                    "names in archive order");
            for (NpzCorpus.Entry e : archive.entries()) {
                NdArray a = read.get(e.key());
                assertEquals(e.descr(), a.dtype().descr(), e.key() + " descr");
                assertArrayEquals(e.shape(), a.shape(), e.key() + " shape");
                assertEquals(e.fortran(), a.fortranOrder(), e.key() + " fortran order");
                assertEquals(e.sha256(), sha256(a), e.key() + " data bytes");
            }
        }
    }

    private static void assertNpLoadAgrees(NpzCorpus corpus, boolean withStrings) throws IOException {
        Path dir = Files.createTempDirectory("kafkanpy-npz-java");
        try {
            List<NpzCorpus.Archive> archives = corpus.archives(withStrings);
            for (NpzCorpus.Archive a : archives) {
                byte[] numpy = Files.readAllBytes(corpus.dir.resolve(a.name() + ".npz"));
                Map<String, NdArray> arrays = Npz.read(numpy);
                Files.write(dir.resolve(a.name() + ".npz"), numpy);
                byte[] stored = Npz.toBytes(arrays);
                byte[] deflated = Npz.toBytes(arrays, true);
                assertEquals(arrays, Npz.read(stored), a.name() + " stored, read back by Java");
                assertEquals(arrays, Npz.read(deflated), a.name() + " deflated, read back by Java");
                Files.write(dir.resolve(a.name() + ".java-stored.npz"), stored);
                Files.write(dir.resolve(a.name() + ".java-deflated.npz"), deflated);
            }
            String out = corpus.verify(dir);
            assertTrue(out.contains("checked " + 2 * archives.size() + " archives written by Java, 0 differ"), out);
        } finally {
            NumpyCorpus.deleteTree(dir);
        }
    }

    private static String sha256(NdArray a) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(a.data());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
