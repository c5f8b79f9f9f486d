package io.github.kafkanpy.serde;

import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The broker suite against {@code apache/kafka:4.3.1} in Docker. Runs only where a Docker engine
 * answers; elsewhere (such as the machines this project is built on) it is skipped, and the
 * in-process broker of {@link EmbeddedBrokerRoundTripTest} carries the suite.
 */
@Testcontainers(disabledWithoutDocker = true)
@Tag("integration")
class ContainerBrokerRoundTripTest extends BrokerRoundTripSuite {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1");

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
