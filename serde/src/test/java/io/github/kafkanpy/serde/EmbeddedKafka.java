package io.github.kafkanpy.serde;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real single-node KRaft cluster (broker and controller in one process) from Kafka's own
 * test kit, started once for the whole test run and shut down when it ends. Test classes
 * register it with {@code @ExtendWith(EmbeddedKafka.class)} and ask {@link #bootstrapServers()}.
 */
public final class EmbeddedKafka implements BeforeAllCallback {
    private static volatile Cluster cluster;

    /** The running cluster's bootstrap servers. */
    static String bootstrapServers() {
        if (cluster == null) {
            throw new IllegalStateException("register EmbeddedKafka with @ExtendWith first");
        }
        return cluster.kit.bootstrapServers();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (EmbeddedKafka.class) {
            if (cluster == null) {
                cluster = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .getOrComputeIfAbsent(Cluster.class, k -> Cluster.start(), Cluster.class);
            }
        }
    }

    /** The kit's cluster, closed by JUnit with the root context at the end of the run. */
    static final class Cluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final KafkaClusterTestKit kit;

        private Cluster(KafkaClusterTestKit kit) {
            this.kit = kit;
        }

        static Cluster start() {
            try {
                TestKitNodes nodes = new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBootstrapMetadataVersion(MetadataVersion.IBP_4_3_IV0)
                        .build();
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("message.max.bytes", "16777216")
                        .build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                return new Cluster(kit);
            } catch (Exception e) {
                throw new IllegalStateException("the embedded KRaft broker did not start", e);
            }
        }

        @Override
        public void close() throws Exception {
            kit.close();
            cluster = null;
        }
    }
}
