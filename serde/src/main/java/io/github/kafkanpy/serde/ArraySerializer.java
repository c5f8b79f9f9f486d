package io.github.kafkanpy.serde;

import io.github.kafkanpy.compress.Compression;
import io.github.kafkanpy.compress.Filter;
import io.github.kafkanpy.npy.NdArray;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What both serializers share: the codec, level and filter (from the constructor, or from
 * {@code configure} where its map sets them), whether they write keys, and header edits that
 * survive a record being sent twice.
 */
abstract class ArraySerializer implements Serializer<NdArray> {
    private CodecChoice codec;
    private boolean isKey;

    ArraySerializer(Compression compression, int level, Filter filter, boolean isKey) {
        this.codec = new CodecChoice(compression, level, filter);
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.codec = codec.configuredBy(new NpySerdeConfig(configs), true);
        // a key role once given stays: generic code may configure NpySerdes.rawKey() instances with isKey=false
        this.isKey |= isKey;
    }

    Compression compression() {
        return codec.compression();
    }

    boolean isKey() {
        return isKey;
    }

    /**
     * Serializes the array and removes the raw variant's {@code npy.*} headers from the record: a
     * self-describing value (NPY, JSON) needs none, and headers left over from a raw input record
     * (as Kafka Streams forwards them) would describe it wrongly. The raw variant overrides this.
     */
    @Override
    public byte[] serialize(String topic, Headers headers, NdArray data) {
        byte[] value = serialize(topic, data);
        ArrayHeaders.removeAll(headers, isKey);
        return value;
    }

    /** The codec, level and filter chosen, which write the value. */
    CodecChoice codec() {
        return codec;
    }

    /**
     * Sets a header of the raw variant ({@code key.}-prefixed for keys) to {@code value}, or
     * removes it for {@code null}, touching the headers only when they differ: a record sent a
     * second time has read-only headers that already say the same.
     */
    void setHeader(Headers headers, String name, String value) {
        String key = ArrayHeaders.name(name, isKey);
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        if (sameValues(headers, key, bytes)) {
            return;
        }
        try {
            headers.remove(key);
            if (bytes != null) {
                headers.add(key, bytes);
            }
        } catch (IllegalStateException e) {
            throw new SerializationException("Cannot set header " + key + " of a record whose headers are read-only "
                    + "(a record already sent, re-sent with other array metadata): " + e.getMessage(), e);
        }
    }

    /** Whether the headers named {@code key} are exactly one with these bytes, or none when {@code bytes} is null. */
    private static boolean sameValues(Headers headers, String key, byte[] bytes) {
        int count = 0;
        boolean same = true;
        for (Header h : headers.headers(key)) {
            count++;
            same = Arrays.equals(h.value(), bytes);
        }
        return bytes == null ? count == 0 : count == 1 && same;
    }
}
