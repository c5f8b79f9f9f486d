package io.github.kafkanpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
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

    @Test
    void asAProgramWithThreeBrokersItAnnouncesEveryBrokerAndStopsCleanly(@TempDir Path work) throws Exception {
        try (ChildJvm program = ChildJvm.start(work, LocalKafka.class, "--brokers", "3")) {
            String line = program.readLine();
            assertTrue(line != null && line.matches("bootstrap\\.servers=(127\\.0\\.0\\.1:\\d+,){2}127\\.0\\.0\\.1:\\d+"),
                    line + "\n" + program.stderr());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", line.substring("bootstrap.servers=".length())))) {
                assertEquals(3, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            }
            program.closeStdin();
            assertEquals(0, program.awaitExit(), "exit status once stdin closed");
            assertEquals(List.of(), program.leftovers(), "left in the temp folder");
        }
    }

    @Test
    void threeBrokersReplicateNewAndInternalTopicsThreeTimesWithTwoInSyncAndSurviveAStoppedBroker() throws Exception {
        try (LocalKafka kafka = LocalKafka.start(3);
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertEquals(3, kafka.brokers());
            Topics.create(kafka.bootstrapServers(), 2, "replicated");
            TopicDescription topic = admin.describeTopics(List.of("replicated")).allTopicNames().get(30, TimeUnit.SECONDS).get("replicated");
            topic.partitions().forEach(p -> assertEquals(3, p.replicas().size(), "replicas of " + p));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "replicated");
            assertEquals("2", admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get("min.insync.replicas").value());

            kafka.stopBroker(3);
            assertThrows(IllegalStateException.class, () -> kafka.stopBroker(3), "already stopped");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size() != 2 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            assertEquals(2, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size(), "broker 3 fenced");
            kafka.restartBroker(3);
            assertEquals(3, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size(), "broker 3 back");
            assertThrows(IllegalArgumentException.class, () -> LocalKafka.start(2), "two brokers cannot survive a failure");
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
