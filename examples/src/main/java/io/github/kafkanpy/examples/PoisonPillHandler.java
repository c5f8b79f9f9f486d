package io.github.kafkanpy.examples;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips records whose key or value cannot be deserialized, so one malformed array never stops
 * the application: logs topic, partition, offset and reason, counts it, and, when
 * {@code errors.dead.letter.queue.topic.name} is set, forwards the untouched record there with
 * the reason in an {@code error} header, so nothing is lost.
 */
public class PoisonPillHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonPillHandler.class);
    private static final AtomicLong SKIPPED = new AtomicLong();

    private String deadLetterTopic;

    /** @return poison pills skipped by every handler in this JVM since it started */
    public static long skipped() {
        return SKIPPED.get();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null ? null : topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        SKIPPED.incrementAndGet();
        LOG.warn("Skipping a poison pill from {}-{} at offset {}: {}", context.topic(), context.partition(),
                context.offset(), exception.getMessage());
        if (deadLetterTopic == null) {
            return Response.resume();
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("error", String.valueOf(exception.getMessage()).getBytes(StandardCharsets.UTF_8));
        headers.add("error.source", (context.topic() + "-" + context.partition() + "@" + context.offset())
                .getBytes(StandardCharsets.UTF_8));
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, record.timestamp(),
                record.key(), record.value(), headers)));
    }
}
