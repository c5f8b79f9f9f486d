package io.github.kafkanpy.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka cluster in KRaft mode running in this JVM: one node by default (broker and
 * controller in one process), or N brokers whose first three are also the controller quorum. These
 * are the same servers the {@code kafka-server-start} script runs, on loopback ports picked at
 * start, with their logs in a temporary directory that {@link #close()} deletes, as does the JVM's
 * shutdown (SIGTERM, Ctrl-C) when it comes first.
 *
 * <p>Replication is set for the cluster's size: replication factor 1 on one node (so transactions
 * and exactly-once Streams work), and with three or more brokers replication factor 3 and
 * {@code min.insync.replicas=2} for the internal topics and as the default for new topics, so
 * one broker can fail with nothing lost.
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.start(3)) {
 *     props.put("bootstrap.servers", kafka.bootstrapServers());    // all three brokers
 *     ...
 *     kafka.stopBroker(2);       // hard: no leadership handoff, the controller fences it
 *     kafka.restartBroker(2);    // same node id and logs; it catches up and rejoins the ISR
 * }
 * }</pre>
 *
 * <p>As a program it prints one line, {@code bootstrap.servers=127.0.0.1:PORT[,...]}, once clients
 * can connect, and runs until it is killed or its standard input closes:
 * {@code mvn -q -pl examples -am compile exec:java -Dexec.mainClass=io.github.kafkanpy.examples.LocalKafka
 * -Dexec.args="--brokers 3"}.
 */
public final class LocalKafka implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER = "CONTROLLER";
    private static final int START_ATTEMPTS = 3;
    private static final int MAX_VOTERS = 3;
    private static final int MAX_BROKERS = 9;
    private static final String DIR_PREFIX = "kafka-npy-local-kafka-";

    private final TempDirService<Cluster> cluster;

    private LocalKafka(TempDirService<Cluster> cluster) {
        this.cluster = cluster;
    }

    /**
     * Formats a temporary log directory and starts one broker; returns once clients can connect.
     *
     * @return the running broker
     * @throws Exception if it does not start
     */
    public static LocalKafka start() throws Exception {
        return start(1, Map.of());
    }

    /**
     * Starts one broker with extra broker settings on top of the single-node defaults.
     *
     * @param overrides broker configuration keys and values, such as {@code num.partitions}
     * @return the running broker
     * @throws Exception if it does not start
     */
    public static LocalKafka start(Map<String, String> overrides) throws Exception {
        return start(1, overrides);
    }

    /**
     * Starts a cluster of {@code brokers} brokers; returns once clients can reach every one.
     *
     * @param brokers 1, or 3 to 9
     * @return the running cluster
     * @throws Exception if it does not start
     */
    public static LocalKafka start(int brokers) throws Exception {
        return start(brokers, Map.of());
    }

    /**
     * Starts a cluster of {@code brokers} brokers with extra settings on every broker.
     *
     * @param brokers 1, or 3 to 9 (two brokers cannot both keep a quorum and survive a failure)
     * @param overrides broker configuration keys and values
     * @return the running cluster
     * @throws Exception if it does not start
     */
    public static LocalKafka start(int brokers, Map<String, String> overrides) throws Exception {
        if (brokers != 1 && (brokers < MAX_VOTERS || brokers > MAX_BROKERS)) {
            throw new IllegalArgumentException("LocalKafka runs 1 broker or 3 to " + MAX_BROKERS + ", not " + brokers);
        }
        Exception last = null;
        // ports are chosen before the servers bind them; another process may take one in between
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int[] ports = freePorts(2 * brokers);
            try {
                return new LocalKafka(TempDirService.start(DIR_PREFIX,
                        dir -> Cluster.start(dir, brokers, ports, overrides), Cluster::shutdown));
            } catch (Exception e) {
                last = e;
                if (!isBindFailure(e)) {
                    throw e;
                }
            }
        }
        throw last;
    }

    /** The brokers of one cluster: their configurations, fixed at start, and the servers now running. */
    private static final class Cluster {
        private final KafkaConfig[] configs;
        private final KafkaRaftServer[] servers;
        private final String bootstrapServers;

        private Cluster(KafkaConfig[] configs, String bootstrapServers) {
            this.configs = configs;
            this.servers = new KafkaRaftServer[configs.length];
            this.bootstrapServers = bootstrapServers;
        }

        static Cluster start(Path dir, int brokers, int[] ports, Map<String, String> overrides) throws Exception {
            int voters = Math.min(brokers, MAX_VOTERS);
            StringBuilder quorum = new StringBuilder();
            StringBuilder bootstrap = new StringBuilder();
            for (int i = 0; i < brokers; i++) {
                if (i < voters) {
                    quorum.append(i == 0 ? "" : ",").append(i + 1).append('@').append(HOST).append(':').append(ports[brokers + i]);
                }
                bootstrap.append(i == 0 ? "" : ",").append(HOST).append(':').append(ports[i]);
            }
            String clusterId = Uuid.randomUuid().toString();
            KafkaConfig[] configs = new KafkaConfig[brokers];
            for (int i = 0; i < brokers; i++) {
                configs[i] = config(dir, i + 1, i < voters, brokers, ports[i], ports[brokers + i], quorum.toString(), overrides);
                format(configs[i], clusterId);
            }
            Cluster cluster = new Cluster(configs, bootstrap.toString());
            try {
                cluster.startAll();
                return cluster;
            } catch (Exception | Error e) {
                cluster.shutdown();
                throw e;
            }
        }

        private static KafkaConfig config(Path dir, int nodeId, boolean voter, int brokers, int brokerPort, int controllerPort,
                String quorum, Map<String, String> overrides) {
            String replicas = Integer.toString(Math.min(brokers, MAX_VOTERS));
            String minInSync = brokers >= MAX_VOTERS ? "2" : "1";
            Map<String, Object> props = new HashMap<>();
            props.put("process.roles", voter ? "broker,controller" : "broker");
            props.put("node.id", Integer.toString(nodeId));
            props.put("controller.quorum.voters", quorum);
            props.put("controller.listener.names", CONTROLLER);
            props.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort
                    + (voter ? "," + CONTROLLER + "://" + HOST + ":" + controllerPort : ""));
            props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", dir.resolve("node-" + nodeId).toString());
            props.put("offsets.topic.replication.factor", replicas);
            props.put("offsets.topic.num.partitions", "1");
            props.put("transaction.state.log.replication.factor", replicas);
            props.put("transaction.state.log.min.isr", minInSync);
            props.put("transaction.state.log.num.partitions", "1");
            props.put("share.coordinator.state.topic.replication.factor", replicas);
            props.put("share.coordinator.state.topic.min.isr", minInSync);
            props.put("default.replication.factor", replicas);
            props.put("min.insync.replicas", minInSync);
            props.put("num.partitions", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            // stopBroker is a hard stop: no leadership handoff; the controller fences the broker when its
            // session lapses, within seconds, and leaders move to the in-sync replicas
            props.put("controlled.shutdown.enable", "false");
            props.put("broker.session.timeout.ms", "6000");
            props.put("broker.heartbeat.interval.ms", "1000");
            props.put("log.cleaner.dedupe.buffer.size", "2097152");
            props.put("num.network.threads", "2");
            props.put("num.io.threads", "2");
            props.put("background.threads", "2");
            props.put("num.recovery.threads.per.data.dir", "1");
            props.put("message.max.bytes", "16777216");
            props.put("server.max.startup.time.ms", Long.toString(TimeUnit.SECONDS.toMillis(60)));
            props.putAll(overrides);
            return new KafkaConfig(props, false);
        }

        private static void format(KafkaConfig config, String clusterId) throws Exception {
            Files.createDirectories(Path.of(config.logDirs().get(0)));
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setDirectories(config.logDirs())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName(CONTROLLER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setHasDynamicQuorum(false)
                    .run();
        }

        /** Starts every server at once: each waits for a controller quorum that needs the others. */
        private void startAll() throws Exception {
            ExecutorService starters = Executors.newFixedThreadPool(servers.length);
            try {
                List<Future<?>> started = new ArrayList<>();
                for (int i = 0; i < servers.length; i++) {
                    int node = i;
                    started.add(starters.submit(() -> {
                        startNode(node);
                        return null;
                    }));
                }
                for (Future<?> f : started) {
                    f.get();
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } finally {
                starters.shutdownNow();
            }
            awaitBrokers(servers.length);
        }

        /** Starts one server; not under the cluster's lock, as its startup waits for the other servers. */
        private void startNode(int index) {
            KafkaRaftServer server = new KafkaRaftServer(configs[index], Time.SYSTEM);
            synchronized (this) {
                servers[index] = server;
            }
            server.startup();
        }

        /** Returns once the cluster reports this many live brokers. */
        private void awaitBrokers(int count) throws Exception {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "default.api.timeout.ms", 30_000))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size() < count) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the cluster did not report " + count + " live brokers within 60 s");
                    }
                    Thread.sleep(100);
                }
            }
        }

        synchronized void stop(int nodeId) {
            KafkaRaftServer server = servers[index(nodeId)];
            if (server == null) {
                throw new IllegalStateException("broker " + nodeId + " is not running");
            }
            servers[index(nodeId)] = null;
            stopServer(server);
        }

        void restart(int nodeId) throws Exception {
            int running;
            synchronized (this) {
                if (servers[index(nodeId)] != null) {
                    throw new IllegalStateException("broker " + nodeId + " is running");
                }
                running = 1 + (int) Arrays.stream(servers).filter(Objects::nonNull).count();
            }
            startNode(index(nodeId));
            awaitBrokers(running);
        }

        private int index(int nodeId) {
            if (nodeId < 1 || nodeId > servers.length) {
                throw new IllegalArgumentException("brokers are numbered 1 to " + servers.length + ", not " + nodeId);
            }
            return nodeId - 1;
        }

        /** Stops every server at once, so that no controller waits out its quorum's departure. */
        synchronized void shutdown() {
            List<Thread> stopping = new ArrayList<>();
            for (int i = 0; i < servers.length; i++) {
                if (servers[i] != null) {
                    KafkaRaftServer server = servers[i];
                    servers[i] = null;
                    Thread t = new Thread(() -> stopServer(server), "local-kafka-stop-" + (i + 1));
                    t.start();
                    stopping.add(t);
                }
            }
            for (Thread t : stopping) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** @return the temporary directory holding the brokers' logs, deleted by {@link #close()} */
    Path directory() {
        return cluster.directory();
    }

    /** @return {@code 127.0.0.1:PORT} for each broker, comma-separated, for {@code bootstrap.servers} */
    public String bootstrapServers() {
        return cluster.service().bootstrapServers;
    }

    /** @return how many brokers the cluster has, running or stopped */
    public int brokers() {
        return cluster.service().configs.length;
    }

    /**
     * Stops one broker hard: its partitions get no leadership handoff first; the controller
     * fences it once its session lapses (6 s), and leaders move to the in-sync replicas.
     *
     * @param nodeId the broker's node id, 1 to {@link #brokers()}
     * @throws IllegalStateException if it is not running
     */
    public void stopBroker(int nodeId) {
        cluster.service().stop(nodeId);
    }

    /**
     * Starts a stopped broker again with its node id, ports and logs; returns once the cluster
     * reports it live. It then catches up as a follower.
     *
     * @param nodeId the broker's node id
     * @throws Exception if it does not start
     */
    public void restartBroker(int nodeId) throws Exception {
        cluster.service().restart(nodeId);
    }

    /** Stops every broker and deletes their log directory. */
    @Override
    public void close() {
        cluster.close();
    }

    /**
     * Runs a cluster as a program: prints {@code bootstrap.servers=...} once clients can connect,
     * then runs until killed or until standard input closes.
     *
     * @param args {@code [--brokers N]}, 1 by default
     * @throws Exception if the cluster does not start
     */
    public static void main(String[] args) throws Exception {
        int brokers = 1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--brokers") && i + 1 < args.length) {
                brokers = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: LocalKafka [--brokers N]");
                System.exit(2);
            }
        }
        serveUntilClosed(brokers, System.in, System.out);
        System.exit(0);
    }

    /** Starts a cluster, announces it on {@code out}, and stops it when {@code in} ends or the JVM shuts down. */
    static void serveUntilClosed(int brokers, InputStream in, PrintStream out) throws Exception {
        try (LocalKafka kafka = start(brokers)) {
            out.println("bootstrap.servers=" + kafka.bootstrapServers());
            out.flush();
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** Shuts one server down; {@code controlled.shutdown.enable=false} makes it hand nothing over first. */
    private static void stopServer(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            // the broker is going away either way; its own log has the details
        }
    }

    /** Distinct free ports: each socket stays open until all are chosen, so none is handed out twice. */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || message.contains("Address already in use") || message.contains("failed to bind")) {
                return true;
            }
        }
        return false;
    }
}
