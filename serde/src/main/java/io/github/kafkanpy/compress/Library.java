package io.github.kafkanpy.compress;

/**
 * The one place that says which Maven artifact each codec needs and how to tell that it is
 * there: a class of the library, loaded and initialised (which loads a native library too).
 */
enum Library {
    ZSTD_JNI("com.github.luben:zstd-jni", "com.github.luben.zstd.Zstd"),
    LZ4_JAVA("at.yawk.lz4:lz4-java", "net.jpountz.lz4.LZ4Factory"),
    SNAPPY_JAVA("org.xerial.snappy:snappy-java", "org.xerial.snappy.Snappy");

    private final String artifact;
    private final String probe;

    Library(String artifact, String probe) {
        this.artifact = artifact;
        this.probe = probe;
    }

    /** Loads the library's probe class, or says which artifact the codec needs. */
    void require(String codec) {
        try {
            Class.forName(probe, true, Library.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw missing(codec, e);
        }
    }

    IllegalStateException missing(String codec, Throwable cause) {
        return new IllegalStateException(codec + " compression needs " + artifact + " on the classpath, which "
                + "failed to load: " + cause, cause);
    }
}
