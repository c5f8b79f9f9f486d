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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker, KRaft mode (broker and controller in one process), running in
 * this JVM: the same server the {@code kafka-server-start} script runs, on loopback ports picked
 * at start, with its logs in a temporary directory that {@link #close()} deletes, as does the JVM's
 * shutdown (SIGTERM, Ctrl-C) when it comes first. Single-node
 * settings (replication factor 1 for the internal topics, so transactions and exactly-once
 * Streams work) are built in.
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.start()) {
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>As a program it prints one line, {@code bootstrap.servers=127.0.0.1:PORT}, once clients can
 * connect, and runs until it is killed or its standard input closes:
 * {@code mvn -q -pl examples -am compile exec:java -Dexec.mainClass=io.github.kafkanpy.examples.LocalKafka}.
 */
public final class LocalKafka implements AutoCloseable {
    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER = "CONTROLLER";
    private static final int START_ATTEMPTS = 3;
    private static final String DIR_PREFIX = "kafka-npy-local-kafka-";

    private final TempDirService<KafkaRaftServer> broker;
    private final String bootstrapServers;

    private LocalKafka(TempDirService<KafkaRaftServer> broker, String bootstrapServers) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats a temporary log directory and starts the broker; returns once clients can connect.
     *
     * @return the running broker
     * @throws Exception if it does not start
     */
    public static LocalKafka start() throws Exception {
        return start(Map.of());
    }

    /**
     * Starts the broker with extra broker settings on top of the single-node defaults.
     *
     * @param overrides broker configuration keys and values, such as {@code num.partitions}
     * @return the running broker
     * @throws Exception if it does not start
     */
    public static LocalKafka start(Map<String, String> overrides) throws Exception {
        Exception last = null;
        // ports are chosen before the server binds them; another process may take one in between
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int[] ports = freePorts(2);
            try {
                return new LocalKafka(TempDirService.start(DIR_PREFIX, dir -> startIn(dir, ports, overrides), LocalKafka::shutdown),
                        HOST + ":" + ports[0]);
            } catch (Exception e) {
                last = e;
                if (!isBindFailure(e)) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private static KafkaRaftServer startIn(Path dir, int[] ports, Map<String, String> overrides) throws Exception {
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        String logDir = dir.resolve("data").toString();
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("message.max.bytes", "16777216");
        props.put("server.max.startup.time.ms", Long.toString(TimeUnit.SECONDS.toMillis(60)));
        props.putAll(overrides);
        KafkaConfig config = new KafkaConfig(props, false);

        Files.createDirectories(Path.of(logDir));
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setControllerListenerName(CONTROLLER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setHasDynamicQuorum(false)
                .run();

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
            String bootstrap = HOST + ":" + brokerPort;
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", 30_000))) {
                admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            }
            return server;
        } catch (Exception | Error e) {
            shutdown(server);
            throw e;
        }
    }

    /** @return the temporary directory holding the broker's logs, deleted by {@link #close()} */
    Path directory() {
        return broker.directory();
    }

    /** @return {@code 127.0.0.1:PORT}, for {@code bootstrap.servers} */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public void close() {
        broker.close();
    }

    /**
     * Runs a broker as a program: prints {@code bootstrap.servers=127.0.0.1:PORT} once clients can
     * connect, then runs until killed or until standard input closes.
     *
     * @param args ignored
     * @throws Exception if the broker does not start
     */
    public static void main(String[] args) throws Exception {
        serveUntilClosed(System.in, System.out);
        System.exit(0);
    }

    /** Starts a broker, announces it on {@code out}, and stops it when {@code in} ends or the JVM shuts down. */
    static void serveUntilClosed(InputStream in, PrintStream out) throws Exception {
        try (LocalKafka kafka = start()) {
            out.println("bootstrap.servers=" + kafka.bootstrapServers());
            out.flush();
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void shutdown(KafkaRaftServer server) {
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
