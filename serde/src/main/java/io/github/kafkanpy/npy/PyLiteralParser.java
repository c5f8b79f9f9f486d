package io.github.kafkanpy.npy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the small subset of Python literal syntax that {@code ast.literal_eval} accepts and an
 * NPY header can hold: dicts, tuples, lists, strings, integers, floats, {@code True},
 * {@code False} and {@code None}. Anything else, names and calls above all, is refused: the
 * header is data, never code.
 *
 * <p>Values come back as {@link String}, {@link Bytes}, {@link Boolean}, {@link BigInteger},
 * {@link Double}, {@link Tuple}, {@link List}, {@link Map} (in source order) or {@link #NONE}. Errors carry the
 * character index, which the caller maps to a byte offset.
 */
final class PyLiteralParser {
    /** Python's {@code None}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private static final int MAX_DEPTH = 16;
    private static final int MAX_NUMBER_CHARS = 40;
    private static final Pattern INTEGER =
            Pattern.compile("0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|[1-9](_?\\d)*|0+(_?0)*");
    private static final Pattern FLOAT =
            Pattern.compile("(?=\\.?\\d)(\\d(_?\\d)*)?\\.?(\\d(_?\\d)*)?([eE][+-]?\\d(_?\\d)*)?");
    /** The string prefixes of Python 3: {@code ur''} is a syntax error there. */
    private static final Pattern STRING_PREFIX = Pattern.compile("[ubrUBR]|[bB][rR]|[rR][bB]");

    /** A Python tuple, kept apart from a list because numpy requires the shape to be a tuple. */
    record Tuple(List<Object> items) {
    }

    /** A Python bytes literal, kept apart from a string because numpy refuses bytes where it needs a str. */
    record Bytes(String ascii) {
        @Override
        public String toString() {
            return "b'" + ascii + "'";
        }
    }

    /** A refusal at a character index of the header text. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int index;

        SyntaxError(String message, int index) {
            super(message, null, false, false);
            this.index = index;
        }
    }

    private final String text;
    private final boolean allowLongSuffix;
    private int pos;

    private PyLiteralParser(String text, boolean allowLongSuffix) {
        this.text = text;
        this.allowLongSuffix = allowLongSuffix;
    }

    /**
     * Parses one literal that fills the whole text apart from surrounding whitespace.
     *
     * @param text the header text
     * @param allowLongSuffix accept Python 2 {@code 3L} integers, as numpy does for format 1.0 and 2.0
     */
    static Object parse(String text, boolean allowLongSuffix) throws SyntaxError {
        PyLiteralParser p = new PyLiteralParser(text, allowLongSuffix);
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the header dict");
        }
        return value;
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("header nests deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (pos >= text.length()) {
            throw error("header ends where a value was expected");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return dict(depth);
            case '(':
                return parenthesised(depth);
            case '[':
                return list(depth);
            case '\'':
            case '"':
                return strings();
            default:
                break;
        }
        if (c == '+' || c == '-' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            String name = identifier();
            if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')
                    && STRING_PREFIX.matcher(name).matches()) {
                pos = start;
                return strings();
            }
            switch (name) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return NONE;
                default:
                    throw new SyntaxError("header holds the name '" + truncate(name)
                            + "', which is code, not a literal", start);
            }
        }
        throw error("unexpected character " + describe(c) + " in the header");
    }

    private Map<Object, Object> dict(int depth) throws SyntaxError {
        pos++;
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek('}')) {
                pos++;
                return map;
            }
            int keyStart = pos;
            Object key = value(depth + 1);
            if (key instanceof Map || key instanceof List || key instanceof Tuple) {
                throw new SyntaxError("header dict key is not hashable", keyStart);
            }
            skipSpace();
            expect(':');
            Object v = value(depth + 1);
            if (map.put(key, v) != null) {
                throw new SyntaxError("header repeats the key " + render(key), keyStart);
            }
            skipSpace();
            if (peek(',')) {
                pos++;
            } else if (!peek('}')) {
                throw error("expected ',' or '}' in the header dict");
            }
        }
    }

    private Object parenthesised(int depth) throws SyntaxError {
        pos++;
        List<Object> items = new ArrayList<>();
        boolean sawComma = false;
        while (true) {
            skipSpace();
            if (peek(')')) {
                pos++;
                if (items.size() == 1 && !sawComma) {
                    return items.get(0);
                }
                return new Tuple(List.copyOf(items));
            }
            items.add(value(depth + 1));
            skipSpace();
            if (peek(',')) {
                pos++;
                sawComma = true;
            } else if (!peek(')')) {
                throw error("expected ',' or ')' in a tuple");
            }
        }
    }

    private List<Object> list(int depth) throws SyntaxError {
        pos++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek(']')) {
                pos++;
                return List.copyOf(items);
            }
            items.add(value(depth + 1));
            skipSpace();
            if (peek(',')) {
                pos++;
            } else if (!peek(']')) {
                throw error("expected ',' or ']' in a list");
            }
        }
    }

    /** Adjacent string literals concatenate, as in Python, which refuses to mix bytes and str. */
    private Object strings() throws SyntaxError {
        StringBuilder out = new StringBuilder();
        Boolean bytes = null;
        do {
            int start = pos;
            boolean raw = false;
            boolean isBytes = false;
            while (Character.isLetter(text.charAt(pos))) {
                raw |= Character.toLowerCase(text.charAt(pos)) == 'r';
                isBytes |= Character.toLowerCase(text.charAt(pos)) == 'b';
                pos++;
            }
            if (bytes != null && bytes != isBytes) {
                throw new SyntaxError("header concatenates bytes and str literals, which Python refuses", start);
            }
            bytes = isBytes;
            int from = out.length();
            string(out, raw);
            if (isBytes && !out.substring(from).chars().allMatch(c -> c < 0x80)) {
                throw new SyntaxError("header bytes literal holds a character that is not ASCII", start);
            }
            skipSpace();
        } while (pos < text.length() && startsString());
        return bytes ? new Bytes(out.toString()) : out.toString();
    }

    private boolean startsString() {
        int p = pos;
        while (p < text.length() && p - pos < 2 && "uUbBrR".indexOf(text.charAt(p)) >= 0) {
            p++;
        }
        return p < text.length() && (text.charAt(p) == '\'' || text.charAt(p) == '"');
    }

    private void string(StringBuilder out, boolean raw) throws SyntaxError {
        int start = pos;
        char quote = text.charAt(pos++);
        while (true) {
            if (pos >= text.length()) {
                throw new SyntaxError("header string is not closed", start);
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return;
            }
            if (c == '\n') {
                throw new SyntaxError("header string is not closed before the line ends", start);
            }
            if (c != '\\' || raw) {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new SyntaxError("header string is not closed", start);
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '\\': out.append('\\'); break;
                case '\'': out.append('\''); break;
                case '"': out.append('"'); break;
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case '0': out.append('\0'); break;
                case '\n': break;
                case 'x': out.append((char) hex(2, start)); break;
                case 'u': out.append((char) hex(4, start)); break;
                default: out.append('\\').append(e); break;
            }
        }
    }

    private int hex(int digits, int start) throws SyntaxError {
        if (pos + digits > text.length()) {
            throw new SyntaxError("truncated escape in a header string", start);
        }
        try {
            int v = Integer.parseInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw new SyntaxError("bad escape in a header string", start);
        }
    }

    private Object number() throws SyntaxError {
        int start = pos;
        int sign = 1;
        if (text.charAt(pos) == '+' || text.charAt(pos) == '-') {
            sign = text.charAt(pos) == '-' ? -1 : 1;
            pos++;
            skipSpace();
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                throw new SyntaxError("a sign applied to a signed number, which ast.literal_eval refuses", pos);
            }
        }
        int digitsStart = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos))
                || text.charAt(pos) == '_' || text.charAt(pos) == '.'
                || (text.charAt(pos) == '+' || text.charAt(pos) == '-')
                        && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')
                        && !text.startsWith("0x", digitsStart) && !text.startsWith("0X", digitsStart))) {
            pos++;
        }
        String token = text.substring(digitsStart, pos);
        if (token.isEmpty()) {
            throw new SyntaxError("a sign without a number in the header", start);
        }
        if (token.length() > MAX_NUMBER_CHARS) {
            // no dimension has more than 10 digits; a longer token is hostile, and would only cost time
            throw new SyntaxError("a number of " + token.length() + " characters in the header", digitsStart);
        }
        if (allowLongSuffix && token.length() > 1 && (token.endsWith("L") || token.endsWith("l"))
                && isInteger(token.substring(0, token.length() - 1))) {
            token = token.substring(0, token.length() - 1);
        }
        if (isInteger(token)) {
            BigInteger v = integer(token);
            return sign < 0 ? v.negate() : v;
        }
        if (FLOAT.matcher(token).matches()) {
            double d = Double.parseDouble(token.replace("_", ""));
            return sign < 0 ? -d : d;
        }
        throw new SyntaxError("'" + truncate(token) + "' is not a number", digitsStart);
    }

    private static boolean isInteger(String t) {
        return INTEGER.matcher(t).matches();
    }

    private static BigInteger integer(String t) {
        String digits = t.replace("_", "");
        if (digits.length() > 2 && Character.isLetter(digits.charAt(1))) {
            char base = Character.toLowerCase(digits.charAt(1));
            return new BigInteger(digits.substring(2), base == 'x' ? 16 : base == 'o' ? 8 : 2);
        }
        return new BigInteger(digits);
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
                pos += 2;
            } else {
                return;
            }
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) throws SyntaxError {
        if (!peek(c)) {
            throw error("expected '" + c + "' in the header");
        }
        pos++;
    }

    private SyntaxError error(String message) {
        return new SyntaxError(message, pos);
    }

    static String render(Object v) {
        return v instanceof String ? "'" + truncate((String) v) + "'" : truncate(String.valueOf(v));
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
