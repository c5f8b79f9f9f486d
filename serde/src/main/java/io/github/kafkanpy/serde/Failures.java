package io.github.kafkanpy.serde;

import org.apache.kafka.common.errors.SerializationException;

/** Turns any refusal of a payload into Kafka's {@link SerializationException}, naming the topic. */
final class Failures {
    private Failures() {
    }

    static SerializationException of(String what, String topic, RuntimeException cause) {
        return new SerializationException("Cannot " + what + " on topic " + topic + ": " + cause.getMessage(), cause);
    }
}
