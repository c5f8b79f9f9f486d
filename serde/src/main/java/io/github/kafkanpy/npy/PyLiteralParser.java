package io.github.kafkanpy.npy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the small subset of Python literal syntax that {@code ast.literal_eval} accepts and an
 * NPY header can hold: dicts, tuples, lists, strings, integers, floats, {@code True},
 * {@code False} and {@code None}. Anything else, names and calls above all, is refused: the
 * header is data, never code. Like {@code literal_eval}, a number takes at most one sign
 * ({@code -6}, {@code -(6)}, never {@code - -6}).
 *
 * <p>Values come back as {@link String}, {@link Bytes}, {@link Boolean}, {@link BigInteger},
 * {@link Double}, {@link Tuple}, {@link List}, {@link Map} (in source order) or {@link #NONE}.
 * Errors carry the character index, which the caller maps to a byte offset.
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
    /** Python's floatnumber: a point or an exponent is what tells it from an integer. */
    private static final Pattern FLOAT = Pattern.compile("(\\d(_?\\d)*\\.(\\d(_?\\d)*)?|\\.\\d(_?\\d)*)([eE][+-]?\\d(_?\\d)*)?"
            + "|\\d(_?\\d)*[eE][+-]?\\d(_?\\d)*");
    private static final Pattern IMAGINARY = Pattern.compile("(\\d(_?\\d)*|" + FLOAT.pattern() + ")[jJ]");
    /** Python 3's string prefixes, in lower case: {@code ur''} is a syntax error there. */
    private static final Set<String> STRING_PREFIXES = Set.of("", "r", "u", "b", "br", "rb", "f", "fr", "rf");

    /** A Python tuple, kept apart from a list because numpy requires the shape to be a tuple. */
    record Tuple(List<Object> items) {
    }

    /** A Python bytes literal, kept apart from a str because numpy refuses bytes where it needs a str. */
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
        if (quoteAt() >= 0) {
            return strings();
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return dict(depth);
            case '(':
                return parenthesised(depth);
            case '[':
                return list(depth);
            case '+':
            case '-':
                return signed(depth);
            default:
                break;
        }
        if (c == '.' || isDigit(c)) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            String name = identifier();
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
            String prefix = text.substring(pos, quoteAt()).toLowerCase(Locale.ROOT);
            if (!STRING_PREFIXES.contains(prefix)) {
                throw new SyntaxError("header holds the name '" + prefix + "', which is code, not a literal", start);
            }
            if (prefix.contains("f")) {
                throw new SyntaxError("header holds an f-string, which is code, not a literal", start);
            }
            boolean isBytes = prefix.contains("b");
            if (bytes != null && bytes != isBytes) {
                throw new SyntaxError("header concatenates bytes and str literals, which Python refuses", start);
            }
            bytes = isBytes;
            pos += prefix.length();
            string(out, prefix.contains("r"), isBytes, start);
            if (isBytes && text.substring(start, pos).chars().anyMatch(c -> c >= 0x80)) {
                throw new SyntaxError("header bytes literal holds a character that is not ASCII", start);
            }
            skipSpace();
        } while (quoteAt() >= 0);
        return bytes ? new Bytes(out.toString()) : out.toString();
    }

    /** Where the quote of a string literal starting here is, after a prefix such as {@code r}; -1 if none. */
    private int quoteAt() {
        int p = pos;
        while (p < text.length() && p - pos < 2 && isAsciiLetter(text.charAt(p))) {
            p++;
        }
        return p < text.length() && (text.charAt(p) == '\'' || text.charAt(p) == '"') ? p : -1;
    }

    /** One literal, short or triple-quoted, with Python's escapes unless it is raw. */
    private void string(StringBuilder out, boolean raw, boolean bytes, int start) throws SyntaxError {
        char quote = text.charAt(pos);
        String closing = String.valueOf(quote).repeat(text.startsWith(String.valueOf(quote).repeat(3), pos) ? 3 : 1);
        boolean triple = closing.length() == 3;
        pos += closing.length();
        while (!text.startsWith(closing, pos)) {
            if (pos >= text.length()) {
                throw new SyntaxError("header string is not closed", start);
            }
            char c = next();
            if (c == '\n' && !triple) {
                throw new SyntaxError("header string is not closed before the line ends", start);
            }
            if (c != '\\') {
                out.append(c);
            } else if (pos >= text.length()) {
                throw new SyntaxError("header string is not closed", start);
            } else if (raw) {
                // in a raw string a backslash keeps itself and the next character, a quote or a line end too
                out.append(c).append(next());
            } else {
                escape(out, bytes, start);
            }
        }
        pos += closing.length();
    }

    private void escape(StringBuilder out, boolean bytes, int start) throws SyntaxError {
        char e = next();
        if (bytes && (e == 'u' || e == 'U' || e == 'N')) {
            // no escapes in bytes: the backslash stays
            out.append('\\').append(e);
            return;
        }
        switch (e) {
            case '\n': break;
            case '\\': out.append('\\'); break;
            case '\'': out.append('\''); break;
            case '"': out.append('"'); break;
            case 'a': out.append('\007'); break;
            case 'b': out.append('\b'); break;
            case 'f': out.append('\f'); break;
            case 'n': out.append('\n'); break;
            case 'r': out.append('\r'); break;
            case 't': out.append('\t'); break;
            case 'v': out.append('\013'); break;
            case 'x': out.append((char) hex(2, start)); break;
            case 'u': out.append((char) hex(4, start)); break;
            case 'U': out.appendCodePoint(codePoint(hex(8, start), start)); break;
            case 'N':
                throw new SyntaxError("header string holds a \\N{...} escape, which kafka-npy refuses "
                        + "(numpy never writes one)", pos - 2);
            default:
                if (e >= '0' && e <= '7') {
                    throw new SyntaxError("header string holds an octal escape, which kafka-npy refuses "
                            + "(numpy never writes one)", pos - 2);
                }
                out.append('\\').append(e);
                break;
        }
    }

    /** The next character, with a {@code \r\n} or {@code \r} line end read as {@code \n}, as Python reads source. */
    private char next() {
        char c = text.charAt(pos++);
        if (c != '\r') {
            return c;
        }
        if (peek('\n')) {
            pos++;
        }
        return '\n';
    }

    private int hex(int digits, int start) throws SyntaxError {
        if (pos + digits > text.length()) {
            throw new SyntaxError("truncated escape in a header string", start);
        }
        int v = 0;
        for (int i = 0; i < digits; i++) {
            char c = text.charAt(pos + i);
            int digit = c <= 'f' ? Character.digit(c, 16) : -1;
            if (digit < 0) {
                throw new SyntaxError("bad escape in a header string", start);
            }
            v = v << 4 | digit;
        }
        pos += digits;
        return v;
    }

    private static int codePoint(int v, int start) throws SyntaxError {
        if (v < 0 || v > Character.MAX_CODE_POINT) {
            throw new SyntaxError("escape beyond the last Unicode character in a header string", start);
        }
        return v;
    }

    /**
     * A number with one sign, which {@code literal_eval} lets parentheses separate from it:
     * {@code -6}, {@code +6}, {@code -(6)}; not {@code - -6} or {@code -(-6)}.
     */
    private Object signed(int depth) throws SyntaxError {
        boolean negative = text.charAt(pos++) == '-';
        Object v = signedOperand(depth);
        if (!negative) {
            return v;
        }
        return v instanceof BigInteger ? ((BigInteger) v).negate() : -(Double) v;
    }

    private Object signedOperand(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("header nests deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (peek('(')) {
            pos++;
            Object v = signedOperand(depth + 1);
            skipSpace();
            if (!peek(')')) {
                throw error("a sign applied to a tuple or an expression, which ast.literal_eval refuses");
            }
            pos++;
            return v;
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || isDigit(text.charAt(pos)))) {
            return number();
        }
        if (peek('+') || peek('-')) {
            throw error("a sign applied to a signed number, which ast.literal_eval refuses");
        }
        throw error("a sign applied to something other than a number, which ast.literal_eval refuses");
    }

    /** An unsigned int or float, which in a format 1.0 or 2.0 header may carry Python 2's {@code L}. */
    private Object number() throws SyntaxError {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos))
                || text.charAt(pos) == '_' || text.charAt(pos) == '.'
                || (text.charAt(pos) == '+' || text.charAt(pos) == '-')
                        && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')
                        && !text.startsWith("0x", start) && !text.startsWith("0X", start))) {
            pos++;
        }
        String token = text.substring(start, pos);
        if (token.length() > MAX_NUMBER_CHARS) {
            // no dimension has more than 10 digits; a longer token is hostile, and would only cost time
            throw new SyntaxError("a number of " + token.length() + " characters in the header", start);
        }
        String literal = token;
        if (allowLongSuffix) {
            if (token.length() > 1 && token.endsWith("L")) {
                literal = token.substring(0, token.length() - 1);
            }
            skipLongSuffixes();
        }
        if (isInteger(literal)) {
            return integer(literal);
        }
        if (FLOAT.matcher(literal).matches()) {
            return Double.parseDouble(literal.replace("_", ""));
        }
        if (IMAGINARY.matcher(literal).matches()) {
            throw new SyntaxError("'" + token + "' is an imaginary number, which no header field holds", start);
        }
        throw new SyntaxError("'" + truncate(token) + "' is not a number", start);
    }

    /**
     * numpy's {@code _filter_header} drops every {@code L} token that follows a number, also one
     * that spaces or a backslash-newline separate from it ({@code 6 L}, {@code 6L L}).
     */
    private void skipLongSuffixes() {
        while (true) {
            int p = pos;
            while (p < text.length() && (" \t\f".indexOf(text.charAt(p)) >= 0 || lineContinuation(p) > 0)) {
                p += Math.max(1, lineContinuation(p));
            }
            if (p >= text.length() || text.charAt(p) != 'L' || p + 1 < text.length()
                    && (Character.isLetterOrDigit(text.charAt(p + 1)) || text.charAt(p + 1) == '_')) {
                return;
            }
            pos = p + 1;
        }
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
            } else if (lineContinuation(pos) > 0) {
                pos += lineContinuation(pos);
            } else {
                return;
            }
        }
    }

    /** The length of a backslash and the line end after it at {@code p}, else 0. */
    private int lineContinuation(int p) {
        if (p + 1 >= text.length() || text.charAt(p) != '\\') {
            return 0;
        }
        if (text.charAt(p + 1) == '\n') {
            return 2;
        }
        if (text.charAt(p + 1) != '\r') {
            return 0;
        }
        return text.startsWith("\n", p + 2) ? 3 : 2;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
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
