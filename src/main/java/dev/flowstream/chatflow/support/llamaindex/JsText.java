package dev.flowstream.chatflow.support.llamaindex;

/**
 * Whitespace as JavaScript sees it ({@code \s} in a regular expression, {@code String.trim()}),
 * which is wider than Java's: LlamaIndex TS splits and trims text with it, and the passages a model
 * is sent must come out the same. Stateless.
 */
public final class JsText {

    /** JavaScript's {@code \s}, for a regular expression. */
    static final String SPACE = "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]";

    private JsText() {
    }

    /** {@code text.trim()} as JavaScript does it. */
    public static String trim(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isSpace(text.charAt(from))) from++;
        while (to > from && isSpace(text.charAt(to - 1))) to--;
        return text.substring(from, to);
    }

    private static boolean isSpace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F', '\u205F',
                 '\u3000', '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }
}
