package io.github.kafkanpy.examples;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One {@link LocalKafka} for every test class that registers this extension, closed when the run ends. */
public final class SharedLocalKafka implements BeforeAllCallback {
    private static volatile Holder holder;

    static String bootstrapServers() {
        return holder.kafka.bootstrapServers();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedLocalKafka.class) {
            if (holder == null) {
                holder = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .getOrComputeIfAbsent(Holder.class, k -> Holder.start(), Holder.class);
            }
        }
    }

    static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final LocalKafka kafka;

        private Holder(LocalKafka kafka) {
            this.kafka = kafka;
        }

        static Holder start() {
            try {
                return new Holder(LocalKafka.start());
            } catch (Exception e) {
                throw new IllegalStateException("LocalKafka did not start", e);
            }
        }

        @Override
        public void close() {
            kafka.close();
            holder = null;
        }
    }
}
