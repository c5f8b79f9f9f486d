package io.github.kafkanpy.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service that keeps its files in a temporary directory of its own, torn down in order: {@link #close()}
 * stops the service, then deletes the directory.
 *
 * <p>A signal must not leave the directory behind either. One JVM shutdown hook (SIGTERM, Ctrl-C,
 * {@code System.exit}) closes every service still open, newest first, so a Streams app stops before the
 * broker it talks to. Closing is done once, by whichever of the program and the hook comes first; the
 * other waits for it to finish. Starting holds the same lock, so a signal that arrives while a service
 * starts stops it once it has started rather than deleting files under it.
 *
 * @param <S> the service
 */
final class TempDirService<S> implements AutoCloseable {
    /**
     * Starts a service whose files go in a given directory.
     *
     * @param <S> the service
     */
    @FunctionalInterface
    interface Starter<S> {
        /**
         * @param dir the service's own empty directory
         * @return the started service
         * @throws Exception if it does not start; it has then stopped whatever it had started
         */
        S start(Path dir) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TempDirService.class);
    /** The services not yet closed, oldest first. */
    private static final Deque<TempDirService<?>> OPEN = new ArrayDeque<>();
    /** Guarded by {@link #OPEN}, as is {@link #shuttingDown}. */
    private static boolean hookAdded;
    private static boolean shuttingDown;

    private final Path dir;
    private final Consumer<S> stop;
    /** Guarded by this, as is {@link #closed}. */
    private S service;
    private boolean closed;

    private TempDirService(Path dir, Consumer<S> stop) {
        this.dir = dir;
        this.stop = stop;
    }

    /**
     * Creates a temporary directory and starts a service in it.
     *
     * @param <S> the service
     * @param prefix the start of the directory's name
     * @param starter starts the service in the directory
     * @param stop stops the service; called once, before the directory is deleted
     * @return the running service and its directory
     * @throws Exception if the service does not start (its directory is then deleted) or the JVM is shutting down
     */
    static <S> TempDirService<S> start(String prefix, Starter<S> starter, Consumer<S> stop) throws Exception {
        TempDirService<S> owned = open(prefix, stop);
        try {
            owned.startService(starter);
            return owned;
        } catch (Exception | Error e) {
            owned.close();
            throw e;
        }
    }

    /** Creates the directory and registers it in one step, so that a shutdown either finds it open or comes first and refuses it. */
    private static <S> TempDirService<S> open(String prefix, Consumer<S> stop) throws IOException {
        synchronized (OPEN) {
            if (shuttingDown) {
                throw new IllegalStateException("the JVM is shutting down");
            }
            if (!hookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(TempDirService::closeAllOpen, "kafka-npy-temp-dir-cleanup"));
                hookAdded = true;
            }
            TempDirService<S> owned = new TempDirService<>(Files.createTempDirectory(prefix), stop);
            OPEN.addLast(owned);
            return owned;
        }
    }

    private static void closeAllOpen() {
        while (true) {
            TempDirService<?> newest;
            synchronized (OPEN) {
                shuttingDown = true;
                newest = OPEN.peekLast();
            }
            if (newest == null) {
                return;
            }
            try {
                newest.close();
            } catch (RuntimeException e) {
                LOG.warn("Stopping a service at JVM shutdown failed; its directory is deleted all the same", e);
            }
        }
    }

    private synchronized void startService(Starter<S> starter) throws Exception {
        if (closed) {
            throw new IllegalStateException("the JVM is shutting down");
        }
        service = starter.start(dir);
    }

    /** @return the service's directory, which exists until {@link #close()} */
    Path directory() {
        return dir;
    }

    /** @return the service, waiting if it is being closed */
    synchronized S service() {
        return service;
    }

    /** Stops the service, then deletes its directory; does nothing the second time. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (service != null) {
                stop.accept(service);
            }
        } finally {
            delete(dir);
            synchronized (OPEN) {
                OPEN.remove(this);
            }
        }
    }

    private static void delete(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete {}", dir, e);
        }
    }
}
