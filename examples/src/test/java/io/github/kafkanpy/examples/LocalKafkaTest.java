package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
class LocalKafkaTest {

    @Test
    void asAProgramItAnnouncesItselfAndStopsWhenStdinCloses() throws Exception {
        PipedOutputStream stdin = new PipedOutputStream();
        PipedInputStream programIn = new PipedInputStream(stdin);
        PipedInputStream stdout = new PipedInputStream();
        PrintStream programOut = new PrintStream(new PipedOutputStream(stdout), true, StandardCharsets.UTF_8);
        Thread program = new Thread(() -> {
            try {
                LocalKafka.serveUntilClosed(programIn, programOut);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                // a broker that failed to start ends the test's readLine instead of leaving it waiting
                programOut.close();
            }
        });
        program.start();
        String line = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null && line.matches("bootstrap\\.servers=127\\.0\\.0\\.1:\\d+"), line);
        String bootstrap = line.substring("bootstrap.servers=".length());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }
        stdin.close();
        program.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(program.isAlive(), "stopped once stdin closed");
        String[] hostPort = bootstrap.split(":");
        assertFalse(accepts(hostPort[0], Integer.parseInt(hostPort[1])), "the broker's port is closed");
    }

    @Test
    void closingDeletesItsDirectoryAndLeavesNoThreadThatKeepsAJvmAlive() throws Exception {
        Set<String> before = nonDaemonThreads();
        Path dir;
        try (LocalKafka kafka = LocalKafka.start()) {
            dir = kafka.directory();
            assertTrue(Files.isDirectory(dir));
        }
        assertFalse(Files.exists(dir), "temporary directory removed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<String> left;
        do {
            TimeUnit.MILLISECONDS.sleep(50);
            left = nonDaemonThreads();
            left.removeAll(before);
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertEquals(Set.of(), left, "non-daemon threads left behind");
    }

    private static Set<String> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon())
                .map(Thread::getName).collect(Collectors.toSet());
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
