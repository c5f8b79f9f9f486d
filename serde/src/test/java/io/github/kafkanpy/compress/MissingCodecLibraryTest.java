package io.github.kafkanpy.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * kafka-npy on a classpath that lacks one codec library, as an application that excludes it has:
 * the library and every other codec load, and only the missing codec fails, naming its artifact.
 */
class MissingCodecLibraryTest {

    @ParameterizedTest(name = "without {1}")
    @CsvSource({"LZ4, at.yawk.lz4:lz4-java, net.jpountz.lz4.LZ4Factory",
        "ZSTD, com.github.luben:zstd-jni, com.github.luben.zstd.Zstd",
        "SNAPPY, org.xerial.snappy:snappy-java, org.xerial.snappy.Snappy"})
    void onlyTheCodecWhoseLibraryIsMissingFailsAndItNamesTheArtifact(String missing, String artifact, String libraryClass)
            throws Exception {
        try (URLClassLoader loader = classpathWithout(Class.forName(libraryClass))) {
            Class<?> compression = loader.loadClass(Compression.class.getName());
            Class<?> serializer = loader.loadClass("io.github.kafkanpy.serde.NpySerializer");
            Object plain = serializer.getConstructor().newInstance();
            byte[] npy = (byte[]) serializer.getMethod("serialize", String.class, Object.class)
                    .invoke(plain, "t", ndArray(loader));
            assertEquals((byte) 0x93, npy[0], "NPY magic");
            Method compress = compression.getMethod("compress", byte[].class, int.class);
            for (Object codec : compression.getEnumConstants()) {
                if (!codec.toString().equals(missing)) {
                    compress.invoke(codec, new byte[100], compression.getMethod("defaultLevel").invoke(codec));
                }
            }

            Object absent = enumConstant(compression, missing);
            assertNamesArtifact(artifact, IllegalStateException.class,
                    () -> compress.invoke(absent, new byte[100], compression.getMethod("defaultLevel").invoke(absent)));
            assertNamesArtifact(artifact, IllegalStateException.class, () -> compression.getMethod("requireAvailable")
                    .invoke(absent));
            byte[] frame = frameOf(missing);
            assertNamesArtifact(artifact, IllegalStateException.class, () -> compression
                    .getMethod("decompress", ByteBuffer.class, long.class).invoke(absent, ByteBuffer.wrap(frame), 100L));

            Object configured = serializer.getConstructor().newInstance();
            assertNamesArtifact(artifact, loader.loadClass("org.apache.kafka.common.config.ConfigException"),
                    () -> serializer.getMethod("configure", Map.class, boolean.class).invoke(configured,
                            Map.of("npy.compression.type", missing.toLowerCase()), false));
            Object deserializer = loader.loadClass("io.github.kafkanpy.serde.NpyDeserializer").getConstructor().newInstance();
            assertNamesArtifact(artifact, loader.loadClass("org.apache.kafka.common.errors.SerializationException"),
                    () -> deserializer.getClass().getMethod("deserialize", String.class, byte[].class)
                            .invoke(deserializer, "t", frame));
        }
    }

    private static void assertNamesArtifact(String artifact, Class<?> type, Invocation call) {
        InvocationTargetException e = assertThrows(InvocationTargetException.class, call::run);
        Throwable thrown = e.getCause();
        assertEquals(type, thrown.getClass(), () -> "threw " + thrown);
        assertTrue(thrown.getMessage().contains(artifact), thrown.getMessage());
    }

    /** Every entry of this JVM's classpath but the jar that holds {@code library}, with no parent to fall back on. */
    private static URLClassLoader classpathWithout(Class<?> library) throws Exception {
        URL excluded = library.getProtectionDomain().getCodeSource().getLocation();
        List<URL> urls = new ArrayList<>();
        for (Class<?> needed : new Class<?>[] {Compression.class, org.apache.kafka.common.serialization.Serializer.class,
            org.slf4j.LoggerFactory.class, com.github.luben.zstd.Zstd.class, net.jpountz.lz4.LZ4Factory.class,
            org.xerial.snappy.Snappy.class}) {
            URL url = needed.getProtectionDomain().getCodeSource().getLocation();
            if (!url.equals(excluded) && !urls.contains(url)) {
                urls.add(url);
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static Object ndArray(ClassLoader loader) throws Exception {
        return loader.loadClass("io.github.kafkanpy.npy.NdArray").getMethod("of", float[].class, int[].class)
                .invoke(null, new float[] {1, 2, 3}, new int[0]);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    /** A frame of the codec, made where its library is present, so that detection picks the codec. */
    private static byte[] frameOf(String codec) {
        Compression c = Compression.valueOf(codec);
        return c.compress(new byte[16], c.defaultLevel());
    }

    @FunctionalInterface
    private interface Invocation {
        void run() throws Exception;
    }
}
