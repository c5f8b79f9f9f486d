package io.github.kafkanpy.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.Float16;
import io.github.kafkanpy.npy.Shapes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * The {@code data} of a JSON envelope as nested lists, what numpy's {@code arr.tolist()} gives
 * and Python's {@code json} writes: lists nested exactly as the shape says (a bare value for a 0-d
 * array); {@code true}/{@code false} for bool; integers that fit the dtype exactly (int64 and
 * uint64 over their full range, never through a double); numbers, {@code NaN}, {@code Infinity}
 * and {@code -Infinity} for floats, converted as numpy's {@code np.array(json.loads(text), dtype)}
 * converts them (through a double). Complex and other dtypes have no list form and are refused.
 * The lists are the array's logical nesting whatever {@code order} says; the elements are written
 * in C order in the dtype's byte order.
 */
final class JsonLists {
    private final DType dtype;
    private final int[] shape;
    private final ByteBuffer out;

    private JsonLists(DType dtype, int[] shape, int bytes) {
        this.dtype = dtype;
        this.shape = shape;
        this.out = ByteBuffer.allocate(bytes).order(dtype.byteOrder());
    }

    /**
     * Reads the parser's current value as the nested lists of an array.
     *
     * @param bytes the array's byte count, already checked against the limit
     * @param inputLength the length of the whole envelope, which bounds how many elements it can hold
     */
    static ByteBuffer read(JsonParser p, DType dtype, int[] shape, int bytes, int inputLength) throws IOException {
        DType.Kind kind = dtype.kind();
        if (kind.isComplex()) {
            throw JsonEnvelope.refuse(p, dtype.descr() + " arrays have no JSON list form (tolist() gives Python "
                    + "complex numbers, which json cannot write): send \"data\" as base64");
        }
        if (kind != DType.Kind.BOOL && !kind.isInteger() && !kind.isFloatingPoint()) {
            throw JsonEnvelope.refuse(p, dtype.descr() + " arrays have no JSON list form: send \"data\" as base64");
        }
        long elements = Shapes.elementCount(shape);
        if (elements > 0 && 2 * elements - 1 > inputLength) {
            throw JsonEnvelope.refuse(p, "shape " + Shapes.toString(shape) + " promises " + elements
                    + " elements, more than a JSON value of " + inputLength + " bytes can list");
        }
        JsonLists lists = new JsonLists(dtype, shape, bytes);
        if (shape.length == 0) {
            lists.element(p);
        } else {
            lists.level(p, 0);
        }
        return lists.out.flip();
    }

    private void level(JsonParser p, int dim) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw JsonEnvelope.refuse(p, "\"data\" at depth " + dim + " is a list of " + shape[dim]
                    + " for shape " + Shapes.toString(shape) + ", not " + JsonEnvelope.describe(p));
        }
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (count == shape[dim]) {
                throw JsonEnvelope.refuse(p, "\"data\" at depth " + dim + " has more than " + shape[dim]
                        + " elements, which shape " + Shapes.toString(shape) + " says it has");
            }
            if (dim == shape.length - 1) {
                element(p);
            } else {
                level(p, dim + 1);
            }
            count++;
        }
        if (count != shape[dim]) {
            throw JsonEnvelope.refuse(p, "\"data\" at depth " + dim + " has " + count + " elements, but shape "
                    + Shapes.toString(shape) + " says " + shape[dim]);
        }
    }

    private void element(JsonParser p) throws IOException {
        switch (dtype.kind()) {
            case BOOL -> out.put((byte) (bool(p) ? 1 : 0));
            case INT8 -> out.put((byte) integer(p, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case INT16 -> out.putShort((short) integer(p, Short.MIN_VALUE, Short.MAX_VALUE));
            case INT32 -> out.putInt((int) integer(p, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case INT64 -> out.putLong(integer(p, Long.MIN_VALUE, Long.MAX_VALUE));
            case UINT8 -> out.put((byte) integer(p, 0, 0xff));
            case UINT16 -> out.putShort((short) integer(p, 0, 0xffff));
            case UINT32 -> out.putInt((int) integer(p, 0, 0xffff_ffffL));
            case UINT64 -> out.putLong(uint64(p));
            case FLOAT16 -> out.putShort(Float16.fromDouble(floating(p)));
            case FLOAT32 -> out.putFloat((float) floating(p));
            case FLOAT64 -> out.putDouble(floating(p));
            default -> throw JsonEnvelope.refuse(p, dtype.descr() + " arrays have no JSON list form");
        }
    }

    private boolean bool(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        throw JsonEnvelope.refuse(p, "an element of a bool array is true or false, not " + JsonEnvelope.describe(p));
    }

    private long integer(JsonParser p, long min, long max) throws IOException {
        requireInteger(p);
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < min || p.getLongValue() > max) {
            throw outOfRange(p);
        }
        return p.getLongValue();
    }

    private long uint64(JsonParser p) throws IOException {
        requireInteger(p);
        if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            if (p.getLongValue() < 0) {
                throw outOfRange(p);
            }
            return p.getLongValue();
        }
        BigInteger value = p.getBigIntegerValue();
        if (value.signum() < 0 || value.bitLength() > 64) {
            throw outOfRange(p);
        }
        return value.longValue();
    }

    private void requireInteger(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw JsonEnvelope.refuse(p, "an element of a " + dtype.kind().numpyName() + " array is an integer, not "
                    + JsonEnvelope.describe(p));
        }
    }

    private RuntimeException outOfRange(JsonParser p) throws IOException {
        return JsonEnvelope.refuse(p, "the element " + JsonEnvelope.describe(p) + " is out of "
                + dtype.kind().numpyName() + "'s range");
    }

    /** A number as Python's {@code float()} reads it, NaN and the infinities as Python's {@code json} writes them. */
    private double floating(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            String text = p.getText();
            if (!p.isNaN() || text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
                return Double.parseDouble(text);
            }
        }
        throw JsonEnvelope.refuse(p, "an element of a " + dtype.kind().numpyName() + " array is a number, NaN, "
                + "Infinity or -Infinity, not " + JsonEnvelope.describe(p));
    }
}
