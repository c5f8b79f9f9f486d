package io.github.kafkanpy.connect;

import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.Npy;
import io.github.kafkanpy.npy.Npz;
import io.github.kafkanpy.serde.AnyArrayDeserializer;
import io.github.kafkanpy.serde.ArrayValue;
import io.github.kafkanpy.serde.JsonArrayDeserializer;
import io.github.kafkanpy.serde.JsonArraySerializer;
import io.github.kafkanpy.serde.NpySerdeConfig;
import io.github.kafkanpy.serde.NpySerializer;
import io.github.kafkanpy.serde.NpzSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Kafka Connect converter for NumPy arrays: it reads every value kafka-npy writes (NPY in any
 * codec, the raw variant through its record headers, the JSON envelope, NPZ) and writes NPY,
 * plain or compressed by the same {@code npy.*} keys as {@link NpySerializer}.
 *
 * <pre>{@code
 * # worker or connector properties
 * value.converter=io.github.kafkanpy.connect.NpyConverter
 * value.converter.npy.compression.type=zstd
 * value.converter.npy.connect.representation=struct
 * }</pre>
 *
 * <p>{@code npy.connect.representation} chooses what sink connectors see:
 * <ul>
 *   <li>{@code struct} (the default): a {@link Struct} of schema {@code io.github.kafkanpy.NdArray},
 *       version 1, with the fields {@code dtype} (numpy's descr, {@code "<f4"}), {@code shape}
 *       (array of int32), {@code order} ({@code "C"} or {@code "F"}) and {@code data} (the raw
 *       element bytes in that order and byte order). It is lossless for every dtype: int64 and
 *       uint64, float16 (NaN payloads included), complex and fixed-width strings keep their exact
 *       bytes, and no value passes through a {@code double}. The shape is int32 because
 *       {@link io.github.kafkanpy.npy.NdArray#shape()} is an {@code int[]}; a struct built
 *       elsewhere with an int64 shape is read too. Its fields are the JSON envelope's
 *       ({@link io.github.kafkanpy.serde.JsonArraySerializer}), with the same names, order and
 *       values, so Kafka's {@code JsonConverter} with {@code schemas.enable=false} writes the
 *       envelope: {@code {"dtype":"<f4","shape":[2,3],"order":"C","data":"AACAPw..."}}, with
 *       {@code data} as padded standard base64. Only the whitespace differs ({@code JsonConverter}
 *       writes compact JSON, the serializer spaces it as Python's {@code json.dumps} does), and
 *       {@code JsonArrayDeserializer} and {@code kafka_npy.decode} read both. An NPZ archive is a
 *       map (schema {@code io.github.kafkanpy.NdArrays}, version 1) from entry names to such
 *       structs, in the archive's order.</li>
 *   <li>{@code bytes}: the bytes of an uncompressed {@code .npy} file ({@code .npz} for an archive),
 *       whatever variant arrived, for sinks that store values as files (an object-store sink with a
 *       byte-array format); {@code np.load} opens them.</li>
 *   <li>{@code json}: the JSON envelope as text, spaced as {@code JsonArraySerializer} writes it,
 *       for text sinks such as {@code FileStreamSink}. The envelope holds one array, so an NPZ
 *       archive is a {@link DataException} in this mode.</li>
 * </ul>
 *
 * <p>Going the other way, {@link #fromConnectData} takes any of these: the struct or the map of
 * structs, bytes in any format kafka-npy reads, or the JSON envelope as a string (as
 * {@code FileStreamSource} reads it from a file of envelopes, one per line). A null value stays
 * null, so tombstones pass through. Anything it cannot read is a {@link DataException} naming the
 * problem and, for malformed bytes, the byte offset, so that {@code errors.tolerance} and a dead
 * letter queue handle it.
 *
 * <p>Bytes handed to {@code fromConnectData} are read as {@code toConnectData} reads a record
 * (NPY in any codec, NPZ, the JSON envelope, or the raw variant when the record's headers
 * describe it) and written again as NPY (NPZ for an archive) by this converter's {@code npy.*}
 * keys, so a topic fed by a source connector holds one format whatever the source produced; the
 * raw variant's headers are then removed from the record. For a key converter
 * ({@code configure(configs, true)}) the raw variant's headers are the {@code key.npy.*} ones,
 * and {@code npy.raw.dtype} / {@code npy.raw.shape} describe headerless raw records as they do
 * for {@code RawArrayDeserializer}.
 *
 * <p>It is not a {@code HeaderConverter}: arrays never travel in headers, and the raw variant's
 * headers are UTF-8 text, which Connect's default {@code SimpleHeaderConverter} already handles.
 */
public class NpyConverter implements Converter {
    /** What {@code toConnectData} gives sink connectors: {@code struct}, {@code bytes} or {@code json}. */
    public static final String REPRESENTATION_CONFIG = "npy.connect.representation";
    /** The default representation. */
    public static final String REPRESENTATION_DEFAULT = "struct";
    /** Documentation of {@link #REPRESENTATION_CONFIG}. */
    public static final String REPRESENTATION_DOC = "What sink connectors get: struct (a lossless Struct of dtype, shape, "
            + "order and data, schema io.github.kafkanpy.NdArray), bytes (an uncompressed .npy file, .npz for archives) "
            + "or json (the JSON envelope as text).";

    private static final ConfigDef CONFIG = new ConfigDef(NpySerdeConfig.configDef())
            .define(REPRESENTATION_CONFIG, ConfigDef.Type.STRING, REPRESENTATION_DEFAULT,
                    ConfigDef.CaseInsensitiveValidString.in("struct", "bytes", "json"), ConfigDef.Importance.MEDIUM,
                    REPRESENTATION_DOC);

    private enum Representation { STRUCT, BYTES, JSON }

    private final AnyArrayDeserializer reader = new AnyArrayDeserializer();
    private final JsonArrayDeserializer envelopeReader = new JsonArrayDeserializer();
    private final JsonArraySerializer envelopeWriter = new JsonArraySerializer();
    private final NpySerializer npyWriter = new NpySerializer();
    private final NpzSerializer npzWriter = new NpzSerializer();
    private Representation representation = Representation.STRUCT;

    /** A converter with the defaults: struct representation, uncompressed NPY out, 256 MiB per array in. */
    public NpyConverter() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AbstractConfig config = new AbstractConfig(CONFIG, configs);
        representation = Representation.valueOf(config.getString(REPRESENTATION_CONFIG).toUpperCase(Locale.ROOT));
        reader.configure(configs, isKey);
        envelopeReader.configure(configs, isKey);
        envelopeWriter.configure(configs, isKey);
        npyWriter.configure(configs, isKey);
        npzWriter.configure(configs, isKey);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return fromConnectData(topic, new RecordHeaders(), schema, value);
    }

    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        try {
            if (value instanceof Struct struct) {
                return npyWriter.serialize(topic, headers, ArraySchemas.fromStruct(struct));
            }
            if (value instanceof Map<?, ?> map) {
                return npzWriter.serialize(topic, headers, ArraySchemas.fromMap(map));
            }
            if (value instanceof String envelope) {
                return npyWriter.serialize(topic, headers,
                        envelopeReader.deserialize(topic, envelope.getBytes(StandardCharsets.UTF_8)));
            }
            if (value instanceof byte[] || value instanceof ByteBuffer) {
                ByteBuffer bytes = value instanceof byte[] b ? ByteBuffer.wrap(b) : ((ByteBuffer) value).slice();
                ArrayValue read = reader.deserialize(topic, headers, bytes);
                return read.isArchive() ? npzWriter.serialize(topic, headers, read.arrays())
                        : npyWriter.serialize(topic, headers, read.array());
            }
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException("Cannot convert an array for topic " + topic + ": " + e.getMessage(), e);
        }
        throw new DataException("Cannot convert a " + value.getClass().getSimpleName() + " for topic " + topic
                + ": NpyConverter takes a " + ArraySchemas.ARRAY.name() + " struct, a map of them, bytes or a JSON envelope");
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return toConnectData(topic, new RecordHeaders(), value);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        ArrayValue read;
        try {
            read = reader.deserialize(topic, headers, value);
        } catch (RuntimeException e) {
            throw new DataException(e.getMessage(), e);
        }
        switch (representation) {
            case BYTES:
                return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA,
                        read.isArchive() ? Npz.toBytes(read.arrays()) : Npy.toBytes(read.array()));
            case JSON:
                if (read.isArchive()) {
                    throw new DataException("Cannot convert the NPZ archive on topic " + topic + " to JSON: the JSON "
                            + "envelope holds one array; use " + REPRESENTATION_CONFIG + "=struct or bytes");
                }
                return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA,
                        new String(envelopeWriter.serialize(topic, read.array()), StandardCharsets.UTF_8));
            default:
                return read.isArchive() ? new SchemaAndValue(ArraySchemas.ARCHIVE, ArraySchemas.toMap(read.arrays()))
                        : new SchemaAndValue(ArraySchemas.ARRAY, ArraySchemas.toStruct(read.array()));
        }
    }

    @Override
    public void close() {
        reader.close();
        envelopeReader.close();
        envelopeWriter.close();
        npyWriter.close();
        npzWriter.close();
    }
}
