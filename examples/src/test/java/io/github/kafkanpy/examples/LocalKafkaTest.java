package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
@Tag("integration")
class LocalKafkaTest {

    @Test
    void asAProgramItAnnouncesItselfAndStopsWhenStdinClosesLeavingNothingInTheTempFolder(@TempDir Path work) throws Exception {
        try (ChildJvm program = ChildJvm.start(work, LocalKafka.class)) {
            String bootstrap = announcedBootstrap(program);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            }
            program.closeStdin();
            assertEquals(0, program.awaitExit(), "exit status once stdin closed");
            String[] hostPort = bootstrap.split(":");
            assertFalse(accepts(hostPort[0], Integer.parseInt(hostPort[1])), "the broker's port is closed");
            assertEquals(List.of(), program.leftovers(), "left in the temp folder");
        }
    }

    @Test
    void asAProgramStoppedBySigtermItLeavesNothingInTheTempFolder(@TempDir Path work) throws Exception {
        try (ChildJvm program = ChildJvm.start(work, LocalKafka.class)) {
            announcedBootstrap(program);
            program.terminate();
            assertEquals(ChildJvm.SIGTERM_EXIT, program.awaitExit(), "ended by the signal");
            assertEquals(List.of(), program.leftovers(), "left in the temp folder; standard error:\n" + program.stderr());
        }
    }

    @Test
    void sigtermWhileStdinClosesLeavesNothingInTheTempFolder(@TempDir Path work) throws Exception {
        try (ChildJvm program = ChildJvm.start(work, LocalKafka.class)) {
            announcedBootstrap(program);
            program.terminateAndCloseStdin();
            program.awaitExit();
            assertEquals(List.of(), program.leftovers(), "left in the temp folder; standard error:\n" + program.stderr());
        }
    }

    @Test
    void sigtermWhileTheBrokerIsStillStartingLeavesNothingInTheTempFolder(@TempDir Path work) throws Exception {
        try (ChildJvm program = ChildJvm.start(work, LocalKafka.class)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (program.leftovers().isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertFalse(program.leftovers().isEmpty(), "the log directory was created");
            program.terminate();
            assertEquals(ChildJvm.SIGTERM_EXIT, program.awaitExit(), "ended by the signal");
            assertEquals(List.of(), program.leftovers(), "left in the temp folder; standard error:\n" + program.stderr());
        }
    }

    private static String announcedBootstrap(ChildJvm program) throws Exception {
        String line = program.readLine();
        assertTrue(line != null && line.matches("bootstrap\\.servers=127\\.0\\.0\\.1:\\d+"), line + "\n" + program.stderr());
        return line.substring("bootstrap.servers=".length());
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
