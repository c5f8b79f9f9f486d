package io.github.kafkanpy.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.github.kafkanpy.npy.DType;
import io.github.kafkanpy.npy.NdArray;
import io.github.kafkanpy.npy.NpyFormatException;
import io.github.kafkanpy.npy.Shapes;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the JSON envelope of one array with Jackson's streaming parser, in either form:
 * {@code {"dtype": .., "shape": [..], "order": "C", "data": ..}} (keys in any order, {@code order}
 * optional, unknown keys skipped, duplicate keys refused) or the list {@code [dtype, base64, shape]}.
 *
 * <p>Nothing is allocated for the data before dtype and shape are known and checked against the
 * limit: where {@code data} comes first (always so in the list form), the first pass skips it and
 * a second pass over the same bytes reads it. Jackson's {@link StreamReadConstraints} bound
 * strings by the base64 of the largest allowed array, nesting by {@link Shapes#MAX_DIMS}, and
 * numbers to {@value #MAX_NUMBER_LENGTH} characters.
 */
final class JsonEnvelope {
    private static final int MAX_NUMBER_LENGTH = 1000;
    /** The longest dtype spelling looked at; numpy's own are far shorter. */
    private static final int MAX_DTYPE_LENGTH = 64;

    private final JsonFactory factory;
    private final long maxArrayBytes;

    JsonEnvelope(long maxArrayBytes) {
        this.maxArrayBytes = maxArrayBytes;
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, JsonBase64.maxWrappedLength(maxArrayBytes)))
                .maxNestingDepth(Shapes.MAX_DIMS + 2)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(1024)
                .build();
        this.factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    /** What the first pass learnt; {@code data} is null when it must be read in a second pass. */
    private static final class Header {
        DType dtype;
        int[] shape;
        boolean fortran;
        boolean hasData;
        ByteBuffer data;
    }

    /** Reads the envelope in {@code value}'s remaining bytes, leaving its position and limit alone. */
    NdArray read(ByteBuffer value) {
        byte[] bytes;
        int offset;
        int length = value.remaining();
        if (value.hasArray()) {
            bytes = value.array();
            offset = value.arrayOffset() + value.position();
        } else {
            bytes = new byte[length];
            value.duplicate().get(bytes);
            offset = 0;
        }
        try {
            Header header = firstPass(bytes, offset, length);
            ByteBuffer data = header.data != null ? header.data : secondPass(bytes, offset, length, header);
            return NdArray.wrap(header.dtype, data, header.fortran, header.shape);
        } catch (JsonProcessingException e) {
            throw new NpyFormatException("malformed JSON envelope: " + e.getOriginalMessage(), offset(e.getLocation()), e);
        } catch (IOException e) {
            throw new NpyFormatException("unreadable JSON envelope: " + e.getMessage(), 0, e);
        }
    }

    private Header firstPass(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser p = factory.createParser(bytes, offset, length)) {
            JsonToken root = p.nextToken();
            Header header = new Header();
            if (root == JsonToken.START_OBJECT) {
                readObject(p, header, length);
            } else if (root == JsonToken.START_ARRAY) {
                readList(p, header);
            } else {
                throw refuse(p, "a JSON envelope is an object {\"dtype\", \"shape\", \"data\"} or a list "
                        + "[dtype, base64, shape], not " + describe(p));
            }
            if (p.nextToken() != null) {
                throw refuse(p, "content follows the JSON envelope");
            }
            return header;
        }
    }

    private void readObject(JsonParser p, Header header, int length) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "dtype" -> header.dtype = dtype(p);
                case "shape" -> header.shape = shape(p);
                case "order" -> header.fortran = order(p);
                case "data" -> {
                    header.hasData = true;
                    if (header.dtype != null && header.shape != null) {
                        header.data = data(p, header, length);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        requireAll(p, header);
    }

    private void readList(JsonParser p, Header header) throws IOException {
        p.nextToken();
        header.dtype = dtype(p);
        if (p.nextToken() != JsonToken.VALUE_STRING) {
            throw refuse(p, "the second element of the list form [dtype, base64, shape] is a base64 string, not "
                    + describe(p));
        }
        header.hasData = true;
        p.nextToken();
        header.shape = shape(p);
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw refuse(p, "the list form [dtype, base64, shape] has more than three elements");
        }
    }

    /** Reads {@code data} in a second pass, now that dtype and shape are known. */
    private ByteBuffer secondPass(byte[] bytes, int offset, int length, Header header) throws IOException {
        try (JsonParser p = factory.createParser(bytes, offset, length)) {
            if (p.nextToken() == JsonToken.START_ARRAY) {
                p.nextToken();
                p.nextToken();
                return data(p, header, length);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean isData = p.currentName().equals("data");
                p.nextToken();
                if (isData) {
                    return data(p, header, length);
                }
                p.skipChildren();
            }
            throw refuse(p, "the envelope changed between two readings");
        }
    }

    private static void requireAll(JsonParser p, Header header) {
        String missing = header.dtype == null ? "dtype" : header.shape == null ? "shape" : header.hasData ? null : "data";
        if (missing != null) {
            throw refuse(p, "the JSON envelope has no \"" + missing + "\"");
        }
    }

    private ByteBuffer data(JsonParser p, Header header, int length) throws IOException {
        long bytes;
        try {
            bytes = Shapes.byteCount(header.dtype, header.shape);
        } catch (IllegalArgumentException e) {
            throw refuse(p, e.getMessage());
        }
        if (bytes > maxArrayBytes) {
            throw refuse(p, header.dtype.descr() + " of shape " + Shapes.toString(header.shape) + " needs " + bytes
                    + " bytes, over " + NpySerdeConfig.MAX_ARRAY_BYTES_CONFIG + "=" + maxArrayBytes);
        }
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return ByteBuffer.wrap(JsonBase64.decode(p, (int) bytes));
        }
        return JsonLists.read(p, header.dtype, header.shape, (int) bytes, length);
    }

    private static DType dtype(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw refuse(p, "\"dtype\" is a string such as \"<f4\" or \"float32\", not " + describe(p));
        }
        if (p.getTextLength() > MAX_DTYPE_LENGTH) {
            throw refuse(p, "\"dtype\" of " + p.getTextLength() + " characters is no numpy dtype");
        }
        try {
            return DType.parse(p.getText());
        } catch (IllegalArgumentException e) {
            throw refuse(p, e.getMessage());
        }
    }

    private static int[] shape(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw refuse(p, "\"shape\" is a list of dimensions such as [2, 3], not " + describe(p));
        }
        int[] dims = new int[Shapes.MAX_DIMS];
        int ndim = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE) {
                throw refuse(p, "a dimension of \"shape\" is an integer from 0 to " + Integer.MAX_VALUE + ", not "
                        + describe(p));
            }
            if (ndim == Shapes.MAX_DIMS) {
                throw refuse(p, "\"shape\" has more than " + Shapes.MAX_DIMS + " dimensions");
            }
            dims[ndim++] = p.getIntValue();
        }
        return java.util.Arrays.copyOf(dims, ndim);
    }

    private static boolean order(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING && p.getText().equals("F")) {
            return true;
        }
        if (p.currentToken() == JsonToken.VALUE_STRING && p.getText().equals("C")) {
            return false;
        }
        throw refuse(p, "\"order\" is \"C\" or \"F\", not " + describe(p));
    }

    /** The current token in words, for messages: its JSON text, shortened. */
    static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end of the input";
        }
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            return t == JsonToken.START_ARRAY ? "a list" : "an object";
        }
        String text = p.getText();
        text = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return t == JsonToken.VALUE_STRING ? "the string \"" + text + "\"" : text;
    }

    /** A refusal at the parser's current token. */
    static NpyFormatException refuse(JsonParser p, String problem) {
        return new NpyFormatException(problem, offset(p.currentTokenLocation()));
    }

    private static long offset(JsonLocation location) {
        if (location == null) {
            return 0;
        }
        return location.getByteOffset() >= 0 ? location.getByteOffset() : Math.max(0, location.getCharOffset());
    }
}
