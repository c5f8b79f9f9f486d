package io.github.kafkanpy.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.RetriableException;

/** Creates topics and waits until every partition's leader serves requests. */
public final class Topics {
    private Topics() {
    }

    /**
     * Creates the topics that do not exist yet, then waits until the broker describes them and a
     * ListOffsets request succeeds for each partition, which it does only once the broker leads it:
     * producing earlier can meet NOT_LEADER_OR_FOLLOWER.
     *
     * @param bootstrapServers the cluster
     * @param partitions partitions of each new topic
     * @param names the topics
     * @throws Exception if the cluster does not answer within a minute
     */
    public static void create(String bootstrapServers, int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    // the cluster's default replication factor: 1 on LocalKafka, 3 on the compose cluster
                    missing.add(new NewTopic(name, Optional.of(partitions), Optional.empty()));
                }
            }
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    admin.describeTopics(List.of(names)).allTopicNames().get(60, TimeUnit.SECONDS).forEach((name, d) ->
                            d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                    admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    // createTopics returns once the controller has the topic; the broker's metadata
                    // cache and partition manager learn of it a moment later, and until then both
                    // DescribeTopics and ListOffsets answer UNKNOWN_TOPIC_OR_PARTITION
                    if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
        }
    }
}
