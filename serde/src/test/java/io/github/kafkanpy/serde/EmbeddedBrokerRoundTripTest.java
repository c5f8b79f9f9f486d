package io.github.kafkanpy.serde;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker suite against a real KRaft broker running in this JVM. */
@ExtendWith(EmbeddedKafka.class)
@Tag("integration")
class EmbeddedBrokerRoundTripTest extends BrokerRoundTripSuite {
    @Override
    String bootstrapServers() {
        return EmbeddedKafka.bootstrapServers();
    }
}
