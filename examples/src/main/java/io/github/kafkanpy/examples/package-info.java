/**
 * Runnable examples on a real Kafka: {@link io.github.kafkanpy.examples.LocalKafka} (an in-process
 * KRaft broker), a producer of sensor arrays, {@link io.github.kafkanpy.examples.FeatureStreamsApp}
 * (a Kafka Streams application that transforms arrays and keeps them in a window store) and the
 * {@link io.github.kafkanpy.examples.Demo} that ties them to a Python consumer. Not published.
 */
package io.github.kafkanpy.examples;
