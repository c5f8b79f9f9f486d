package io.github.kafkanpy.connect;

import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import java.nio.ByteBuffer;
import java.util.Arrays;
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

    private static final List<String> FIELDS = List.of("dtype", "shape", "order", "data");

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
        List<Integer> shape = Arrays.stream(array.shape()).boxed().toList();
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

    /**
     * The array a struct describes, as a view of its data bytes; refuses a struct that is not one.
     * Any struct with these four fields is taken, so a struct whose {@code shape} is an array of
     * int64 (as another tool may build it) reads too, each dimension checked against int range.
     */
    static NdArray fromStruct(Struct struct) {
        Schema schema = struct.schema();
        for (String field : FIELDS) {
            if (schema.field(field) == null || struct.get(field) == null) {
                throw new DataException("a struct of schema " + schema.name() + " is not an array: it needs the fields "
                        + String.join(", ", FIELDS) + " of " + ARRAY.name() + ", and " + field + " is missing or null");
            }
        }
        String order = String.valueOf(struct.get("order"));
        if (!"C".equals(order) && !"F".equals(order)) {
            throw new DataException("an array's order is C or F, not " + order);
        }
        Object data = struct.get("data");
        if (!(data instanceof byte[]) && !(data instanceof ByteBuffer)) {
            throw new DataException("an array's data is bytes, not " + data.getClass().getSimpleName());
        }
        ByteBuffer bytes = data instanceof ByteBuffer b ? b.slice() : ByteBuffer.wrap((byte[]) data);
        try {
            return NdArray.wrap(DType.parse(String.valueOf(struct.get("dtype"))), bytes, "F".equals(order),
                    shape(struct.get("shape")));
        } catch (RuntimeException e) {
            throw new DataException("the struct is not a valid array: " + e.getMessage(), e);
        }
    }

    private static int[] shape(Object shape) {
        if (!(shape instanceof List<?> dims)) {
            throw new DataException("an array's shape is a list of dimensions, not " + shape.getClass().getSimpleName());
        }
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            Object dim = dims.get(i);
            boolean integral = dim instanceof Integer || dim instanceof Long || dim instanceof Short || dim instanceof Byte;
            if (!integral || ((Number) dim).longValue() < 0 || ((Number) dim).longValue() > Integer.MAX_VALUE) {
                throw new DataException("an array's dimension is an integer from 0 to " + Integer.MAX_VALUE
                        + ", not " + dim + " (dimension " + i + " of " + dims + ")");
            }
            out[i] = ((Number) dim).intValue();
        }
        return out;
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
