package dev.flowstream.chatflow.outputparsers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Zod schema text of an {@code advancedStructuredOutputParser} into a {@link Shape}
 * without running it: {@code z.object}, {@code z.string}, {@code z.number}, {@code z.boolean},
 * {@code z.array}, {@code z.enum}, and {@code .optional()}, {@code .describe(text)},
 * {@code .array()}, {@code .int()}, {@code .min(n)}, {@code .max(n)} after them, with JavaScript
 * comments. Anything else is refused by name, so a schema never half-applies.
 *
 * <p>Threading: one instance reads one text on one thread.
 */
final class ZodSchema {

    static final String SUPPORTED = "z.object, z.string, z.number, z.boolean, z.array, z.enum and "
            + ".optional(), .describe(), .array(), .int(), .min(), .max()";
    private static final Pattern TOKEN = Pattern.compile(
            "\\s+|//[^\\n]*|/\\*.*?\\*/|([A-Za-z_$][\\w$]*)|(-?\\d+(?:\\.\\d+)?)|(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')|([(){}\\[\\],.:])",
            Pattern.DOTALL);

    private final List<String> tokens;
    private int next;

    private ZodSchema(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The shape of {@code text}; an {@link IllegalArgumentException} saying what is not understood. */
    static Shape parse(String text) {
        ZodSchema schema = new ZodSchema(tokenize(text));
        Shape shape = schema.shape();
        if (schema.next < schema.tokens.size()) throw schema.unexpected();
        return shape;
    }

    private static List<String> tokenize(String schema) {
        List<String> tokens = new ArrayList<>();
        String text = schema.trim().replaceFirst(";$", "");
        Matcher matcher = TOKEN.matcher(text);
        int at = 0;
        while (at < matcher.regionEnd()) {
            if (!matcher.find(at) || matcher.start() != at) {
                throw new IllegalArgumentException("cannot be read near \"" + near(text, at) + "\"");
            }
            for (int group = 1; group <= 4; group++) {
                if (matcher.group(group) != null) tokens.add(matcher.group(group));
            }
            at = matcher.end();
        }
        return tokens;
    }

    private Shape shape() {
        expect("z");
        expect(".");
        String base = word();
        Shape shape = switch (base) {
            case "object" -> Shape.object(inParens(this::properties));
            case "string" -> noArguments(Shape.of(Shape.Kind.STRING));
            case "number" -> noArguments(Shape.of(Shape.Kind.NUMBER));
            case "boolean" -> noArguments(Shape.of(Shape.Kind.BOOLEAN));
            case "array" -> Shape.array(inParens(this::shape));
            case "enum" -> Shape.oneOf(inParens(this::strings));
            default -> throw unsupported("z." + base);
        };
        while (peek(".")) {
            next++;
            shape = method(shape, word());
        }
        return shape;
    }

    private Shape method(Shape shape, String method) {
        return switch (method) {
            case "optional" -> noArguments(shape.asOptional());
            case "describe" -> shape.describedAs(inParens(this::string));
            case "array" -> noArguments(Shape.array(shape));
            case "int" -> noArguments(only(shape, method, Shape.Kind.NUMBER).asWhole());
            case "min" -> only(shape, method, Shape.Kind.NUMBER, Shape.Kind.STRING, Shape.Kind.ARRAY).atLeast(inParens(this::number));
            case "max" -> only(shape, method, Shape.Kind.NUMBER, Shape.Kind.STRING, Shape.Kind.ARRAY).atMost(inParens(this::number));
            default -> throw unsupported("." + method + "()");
        };
    }

    private Shape only(Shape shape, String method, Shape.Kind... kinds) {
        if (!List.of(kinds).contains(shape.kind())) {
            throw unsupported("." + method + "() on z." + shape.kind().name().toLowerCase());
        }
        return shape;
    }

    private Shape noArguments(Shape shape) {
        expect("(");
        expect(")");
        return shape;
    }

    private Map<String, Shape> properties() {
        expect("{");
        Map<String, Shape> properties = new LinkedHashMap<>();
        while (!peek("}")) {
            String key = peekQuoted() ? string() : word();
            expect(":");
            properties.put(key, shape());
            if (!peek("}")) expect(",");
        }
        expect("}");
        return properties;
    }

    private List<String> strings() {
        expect("[");
        List<String> values = new ArrayList<>();
        while (!peek("]")) {
            values.add(string());
            if (!peek("]")) expect(",");
        }
        expect("]");
        if (values.isEmpty()) throw new IllegalArgumentException("has a z.enum without values");
        return values;
    }

    private <T> T inParens(Supplier<T> inside) {
        expect("(");
        T value = inside.get();
        expect(")");
        return value;
    }

    private String string() {
        String token = take();
        if (!isQuoted(token)) throw unexpected(token);
        return token.substring(1, token.length() - 1).replaceAll("\\\\(.)", "$1");
    }

    private double number() {
        String token = take();
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw unexpected(token);
        }
    }

    private String word() {
        String token = take();
        if (!Character.isJavaIdentifierStart(token.charAt(0))) throw unexpected(token);
        return token;
    }

    private void expect(String token) {
        String found = take();
        if (!found.equals(token)) throw new IllegalArgumentException("has \"" + found + "\" where \"" + token + "\" belongs");
    }

    private boolean peek(String token) {
        return next < tokens.size() && tokens.get(next).equals(token);
    }

    private boolean peekQuoted() {
        return next < tokens.size() && isQuoted(tokens.get(next));
    }

    private String take() {
        if (next >= tokens.size()) throw new IllegalArgumentException("ends too early");
        return tokens.get(next++);
    }

    private static boolean isQuoted(String token) {
        return token.length() >= 2 && (token.charAt(0) == '"' || token.charAt(0) == '\'');
    }

    private IllegalArgumentException unsupported(String what) {
        return new IllegalArgumentException("uses " + what + ", which Flowstream does not support (it reads " + SUPPORTED + ")");
    }

    private IllegalArgumentException unexpected() {
        return unexpected(tokens.get(next));
    }

    private static IllegalArgumentException unexpected(String token) {
        return new IllegalArgumentException("has an unexpected \"" + token + "\"");
    }

    private static String near(String text, int at) {
        return text.substring(at, Math.min(text.length(), at + 20));
    }
}
