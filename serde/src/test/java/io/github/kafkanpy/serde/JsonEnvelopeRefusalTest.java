package io.github.kafkanpy.serde;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkanpy.AllocationBudget;
import io.github.kafkanpy.npy.NpyFormatException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON envelope the deserializer refuses: a {@link SerializationException} naming the topic,
 * wrapping an {@link NpyFormatException} whose message names the problem and the byte offset where
 * it was found; and promised sizes refused before anything of that size is allocated.
 */
class JsonEnvelopeRefusalTest {
    private static final String TOPIC = "arrays";
    private static final long LIMIT = 1 << 20;
    private static final String F4 = "\"dtype\": \"<f4\"";
    private static final String DATA_2X3 = "\"data\": \"AACAPwAAAEAAAEBAAACAQAAAoEAAAMBA\"";

    private final JsonArrayDeserializer deserializer = new JsonArrayDeserializer(LIMIT);

    /** The refusal, after checking that it names the topic and wraps an {@link NpyFormatException} with an offset. */
    static NpyFormatException refusal(Executable deserialize) {
        SerializationException e = assertThrows(SerializationException.class, deserialize);
        assertTrue(e.getMessage().contains(TOPIC), e.getMessage());
        NpyFormatException cause = assertInstanceOf(NpyFormatException.class, e.getCause(), e.getMessage());
        assertTrue(cause.getMessage().endsWith("(at byte " + cause.offset() + ")"), cause.getMessage());
        return cause;
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
            Arguments.of("not JSON", "dtype=<f4", "malformed JSON"),
            Arguments.of("empty", "", "not the end of the input"),
            Arguments.of("truncated object", "{" + F4 + ", \"shape\": [2, 3], \"data\": \"AACA", "malformed JSON"),
            Arguments.of("truncated lists", "{" + F4 + ", \"shape\": [2], \"data\": [1, 2", "malformed JSON"),
            Arguments.of("missing colon", "{\"dtype\" \"<f4\"}", "malformed JSON"),
            Arguments.of("content after the envelope", "{" + F4 + ", \"shape\": [2, 3], " + DATA_2X3 + "} {}",
                    "content follows"),
            Arguments.of("a number", "42", "not 42"),
            Arguments.of("duplicate key", "{" + F4 + ", " + F4 + ", \"shape\": [2, 3], " + DATA_2X3 + "}",
                    "Duplicate field 'dtype'"),
            Arguments.of("duplicate nested key", "{\"x\": {\"a\": 1, \"a\": 2}, " + F4 + ", \"shape\": [2, 3], "
                    + DATA_2X3 + "}", "Duplicate field 'a'"),
            Arguments.of("no dtype", "{\"shape\": [2, 3], " + DATA_2X3 + "}", "no \"dtype\""),
            Arguments.of("no shape", "{" + F4 + ", " + DATA_2X3 + "}", "no \"shape\""),
            Arguments.of("no data", "{" + F4 + ", \"shape\": [2, 3]}", "no \"data\""),
            Arguments.of("unknown dtype", "{\"dtype\": \"float128\", \"shape\": [1], \"data\": \"\"}", "float128"),
            Arguments.of("object dtype", "{\"dtype\": \"O\", \"shape\": [1], \"data\": \"AAAAAAAAAAA=\"}", "pickle"),
            Arguments.of("object dtype by name", "[\"object\", \"AAAAAAAAAAA=\", [1]]", "pickle"),
            Arguments.of("dtype not a string", "{\"dtype\": 4, \"shape\": [1], \"data\": \"\"}", "not 4"),
            Arguments.of("huge dtype string", "{\"dtype\": \"" + "f".repeat(500) + "\", \"shape\": [1], \"data\": \"\"}",
                    "500 characters"),
            Arguments.of("order X", "{" + F4 + ", \"shape\": [2, 3], \"order\": \"X\", " + DATA_2X3 + "}", "\"C\" or \"F\""),
            Arguments.of("shape not a list", "{" + F4 + ", \"shape\": 6, " + DATA_2X3 + "}", "list of dimensions"),
            Arguments.of("negative dimension", "{" + F4 + ", \"shape\": [-1], \"data\": \"\"}", "not -1"),
            Arguments.of("fractional dimension", "{" + F4 + ", \"shape\": [2.0], \"data\": \"\"}", "not 2.0"),
            Arguments.of("dimension past int", "{" + F4 + ", \"shape\": [2147483648], \"data\": \"\"}", "not 2147483648"),
            Arguments.of("dimension past long", "{" + F4 + ", \"shape\": [99999999999999999999999], \"data\": \"\"}",
                    "not 99999999999999999999999"),
            Arguments.of("65 dimensions", "{" + F4 + ", \"shape\": [" + "1, ".repeat(64) + "1], \"data\": \"AAAAAA==\"}",
                    "more than 64 dimensions"),
            Arguments.of("terabytes promised", "{" + F4 + ", \"shape\": [1000000, 1000000], \"data\": \"\"}",
                    "4000000000000 bytes, over npy.max.array.bytes=1048576"),
            Arguments.of("terabytes promised, data first", "{\"data\": [], " + F4
                    + ", \"shape\": [1000000, 1000000]}", "over npy.max.array.bytes=1048576"),
            Arguments.of("count past long", "{\"dtype\": \"<c16\", \"shape\": [2147483647, 2147483647, 2147483647, "
                    + "2147483647], \"data\": \"\"}", "more than 9223372036854775807"),
            Arguments.of("over the limit", "{\"dtype\": \"<f8\", \"shape\": [131073], \"data\": \"\"}",
                    "1048584 bytes, over npy.max.array.bytes"),
            Arguments.of("lists promising more than the value holds", "{\"dtype\": \"u1\", \"shape\": [1000000], "
                    + "\"data\": []}", "promises 1000000 elements"),
            Arguments.of("base64 not base64", "{" + F4 + ", \"shape\": [2], \"data\": \"AAAA*AAA====\"}", "not base64"),
            Arguments.of("base64 with non-ASCII", "{" + F4 + ", \"shape\": [2], \"data\": \"AAAA\u0141AAA====\"}",
                    "U+0141"),
            Arguments.of("base64 too short for the shape", "{" + F4 + ", \"shape\": [3, 3], " + DATA_2X3 + "}",
                    "32 base64 characters, but dtype and shape need 36 bytes"),
            Arguments.of("base64 too long for the shape", "{" + F4 + ", \"shape\": [2], " + DATA_2X3 + "}",
                    "need 8 bytes"),
            Arguments.of("base64 with wrong padding", "{\"dtype\": \"u1\", \"shape\": [2], \"data\": \"AAAA\"}",
                    "not base64 of 2 bytes"),
            Arguments.of("base64 without padding", "{\"dtype\": \"u1\", \"shape\": [2], \"data\": \"AAA\"}",
                    "3 base64 characters"),
            Arguments.of("data neither string nor list", "{" + F4 + ", \"shape\": [2], \"data\": {}}", "not an object"),
            Arguments.of("lists shorter than the shape", "{" + F4 + ", \"shape\": [2, 3], \"data\": [[1, 2], [3, 4]]}",
                    "has 2 elements, but shape (2, 3) says 3"),
            Arguments.of("lists longer than the shape", "{" + F4 + ", \"shape\": [2], \"data\": [1, 2, 3]}",
                    "more than 2 elements"),
            Arguments.of("ragged lists", "{" + F4 + ", \"shape\": [2, 3], \"data\": [[1, 2, 3], [4, 5]]}",
                    "has 2 elements, but shape (2, 3) says 3"),
            Arguments.of("lists shallower than the shape", "{" + F4 + ", \"shape\": [2, 1], \"data\": [1, 2]}",
                    "depth 1 is a list of 1"),
            Arguments.of("lists deeper than the shape", "{" + F4 + ", \"shape\": [2], \"data\": [[1], [2]]}",
                    "is a number, NaN, Infinity or -Infinity, not a list"),
            Arguments.of("list for a 0-d array", "{" + F4 + ", \"shape\": [], \"data\": [1]}", "not a list"),
            Arguments.of("int8 out of range", "{\"dtype\": \"int8\", \"shape\": [2], \"data\": [1, 128]}",
                    "128 is out of int8's range"),
            Arguments.of("uint8 negative", "{\"dtype\": \"uint8\", \"shape\": [1], \"data\": [-1]}",
                    "-1 is out of uint8's range"),
            Arguments.of("uint32 out of range", "{\"dtype\": \"uint32\", \"shape\": [1], \"data\": [4294967296]}",
                    "out of uint32's range"),
            Arguments.of("int64 out of range", "{\"dtype\": \"int64\", \"shape\": [1], \"data\": [9223372036854775808]}",
                    "out of int64's range"),
            Arguments.of("uint64 out of range", "{\"dtype\": \"uint64\", \"shape\": [1], "
                    + "\"data\": [18446744073709551616]}", "out of uint64's range"),
            Arguments.of("uint64 negative", "{\"dtype\": \"uint64\", \"shape\": [1], \"data\": [-1]}",
                    "out of uint64's range"),
            Arguments.of("a float in an int array", "{\"dtype\": \"int32\", \"shape\": [1], \"data\": [1.5]}",
                    "is an integer, not 1.5"),
            Arguments.of("a bool in an int array", "{\"dtype\": \"int32\", \"shape\": [1], \"data\": [true]}",
                    "is an integer, not true"),
            Arguments.of("a number in a bool array", "{\"dtype\": \"bool\", \"shape\": [1], \"data\": [1]}",
                    "true or false, not 1"),
            Arguments.of("a string in a float array", "{" + F4 + ", \"shape\": [1], \"data\": [\"1.5\"]}",
                    "not the string \"1.5\""),
            Arguments.of("INF spelling Python never writes", "{" + F4 + ", \"shape\": [1], \"data\": [-INF]}",
                    "not -INF"),
            Arguments.of("complex lists", "{\"dtype\": \"complex64\", \"shape\": [1], \"data\": [[1, 2]]}",
                    "no JSON list form"),
            Arguments.of("zero-width strings in more elements than a Java array holds",
                    "{\"dtype\": \"U\", \"shape\": [65536, 65536], \"data\": \"\"}", "more than a Java array holds"),
            Arguments.of("list form with four elements", "[\"<f4\", \"AAAAAA==\", [1], 4]", "more than three elements"),
            Arguments.of("list form with two elements", "[\"<f4\", \"AAAAAA==\"]", "list of dimensions"),
            Arguments.of("list form with lists as data", "[\"<f4\", [1.5], [1]]", "base64 string"),
            Arguments.of("nesting deeper than any shape", "{\"x\": " + "[".repeat(100) + "]".repeat(100) + ", " + F4
                    + ", \"shape\": [2, 3], " + DATA_2X3 + "}", "nesting depth"),
            Arguments.of("lists nested past 64 dimensions", "{" + F4 + ", \"shape\": [1], \"data\": "
                    + "[".repeat(70) + "]".repeat(70) + "}", "not a list"),
            Arguments.of("a number of 2000 digits", "{" + F4 + ", \"shape\": [1], \"data\": [" + "9".repeat(2000) + "]}",
                    "Number value length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void malformedEnvelopesAreRefusedNamingTheProblemAndItsOffset(String what, String json, String problem) {
        NpyFormatException e = refusal(() -> deserializer.deserialize(TOPIC, json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(problem), what + ": " + e.getMessage());
    }

    @Test
    void theOffsetIsWhereTheProblemIs() {
        String json = "{" + F4 + ", \"shape\": [2], \"data\": [1, \"x\"]}";
        NpyFormatException e = refusal(() -> deserializer.deserialize(TOPIC, json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.offset() == json.indexOf("\"x\""), e.getMessage());
    }

    @Test
    void promisedSizesAreRefusedBeforeTheyAreAllocated() {
        JsonArrayDeserializer large = new JsonArrayDeserializer(200 << 20);
        for (String json : new String[] {
            "{\"dtype\": \"<f8\", \"shape\": [26214400], \"data\": []}",
            "{\"dtype\": \"<f8\", \"shape\": [26214400], \"data\": \"AAAA\"}",
            "[\"<f8\", \"AAAA\", [26214400]]",
        }) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            AllocationBudget.assertWithin(AllocationBudget.INSTRUMENTATION + (1 << 20), json,
                    () -> refusal(() -> large.deserialize(TOPIC, bytes)));
        }
    }
}
