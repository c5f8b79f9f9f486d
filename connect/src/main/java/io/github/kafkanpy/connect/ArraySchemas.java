package io.github.kafkanpy.connect;

import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The Connect form of arrays: one {@link Struct} per array, whose fields are the JSON envelope's,
 * and a map of them for an NPZ archive. Lossless by construction: the element bytes travel as
 * they are, so no value ever passes through a {@code double}.
 */
final class ArraySchemas {
    /** One array: {@code dtype}, {@code shape}, {@code order} and {@code data}, in the JSON envelope's order. */
    static final Schema ARRAY = SchemaBuilder.struct()
            .name("io.github.kafkanpy.NdArray")
            .version(1)
            .doc("A NumPy array: numpy's dtype descr, the shape, the memory order (C or F) and the raw element bytes")
            .optional()
            .field("dtype", Schema.STRING_SCHEMA)
            .field("shape", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
            .field("order", Schema.STRING_SCHEMA)
            .field("data", Schema.BYTES_SCHEMA)
            .build();

    /** Named arrays, in the archive's order. */
    static final Schema ARCHIVE = SchemaBuilder.map(Schema.STRING_SCHEMA, ARRAY)
            .name("io.github.kafkanpy.NdArrays")
            .version(1)
            .doc("The named arrays of an NPZ archive, in the archive's order")
            .optional()
            .build();

    private ArraySchemas() {
    }

    static Struct toStruct(NdArray array) {
        ByteBuffer data = array.data();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        List<Integer> shape = java.util.Arrays.stream(array.shape()).boxed().toList();
        return new Struct(ARRAY)
                .put("dtype", array.dtype().descr())
                .put("shape", shape)
                .put("order", array.fortranOrder() ? "F" : "C")
                .put("data", bytes);
    }

    static Map<String, Struct> toMap(Map<String, NdArray> arrays) {
        Map<String, Struct> out = new LinkedHashMap<>();
        arrays.forEach((name, array) -> out.put(name, toStruct(array)));
        return out;
    }

    /** The array a struct describes, as a view of its data bytes; refuses a struct that is not one. */
    static NdArray fromStruct(Struct struct) {
        if (struct.schema().field("dtype") == null || struct.schema().field("data") == null) {
            throw new DataException("a struct of schema " + struct.schema().name()
                    + " is not an array: it needs the fields dtype, shape, order and data of " + ARRAY.name());
        }
        String order = struct.getString("order");
        if (!"C".equals(order) && !"F".equals(order)) {
            throw new DataException("an array's order is C or F, not " + order);
        }
        List<Integer> dims = struct.getArray("shape");
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        Object data = struct.get("data");
        ByteBuffer bytes = data instanceof ByteBuffer b ? b.slice() : ByteBuffer.wrap((byte[]) data);
        try {
            return NdArray.wrap(DType.parse(struct.getString("dtype")), bytes, "F".equals(order), shape);
        } catch (RuntimeException e) {
            throw new DataException("the struct is not a valid array: " + e.getMessage(), e);
        }
    }

    static Map<String, NdArray> fromMap(Map<?, ?> map) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        map.forEach((name, value) -> {
            if (!(name instanceof String key) || !(value instanceof Struct struct)) {
                throw new DataException("an archive maps names to " + ARRAY.name() + " structs, not "
                        + (name == null ? "null" : name.getClass().getSimpleName()) + " to "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            out.put(key, fromStruct(struct));
        });
        return out;
    }
}
