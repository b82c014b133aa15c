package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Checks a parsed answer against a {@link Shape} as Zod's {@code parse} does: types are not
 * coerced, an optional property may be missing (not null), unknown keys are dropped. Stateless.
 */
final class ShapeCheck {

    private ShapeCheck() {
    }

    /** The answer with unknown keys dropped; a {@link ParseFailure} naming the first path that does not fit. */
    static JsonNode checked(Shape shape, JsonNode value, String path) throws ParseFailure {
        switch (shape.kind()) {
            case OBJECT -> {
                if (!value.isObject()) throw mismatch(path, "an object", value);
                ObjectNode kept = JsonNodeFactory.instance.objectNode();
                for (Map.Entry<String, Shape> property : shape.properties().entrySet()) {
                    String at = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                    JsonNode given = value.get(property.getKey());
                    if (given == null) {
                        if (!property.getValue().optional()) throw new ParseFailure(at + " is missing");
                        continue;
                    }
                    kept.set(property.getKey(), checked(property.getValue(), given, at));
                }
                return kept;
            }
            case ARRAY -> {
                if (!value.isArray()) throw mismatch(path, "an array", value);
                bounds(shape, value.size(), path, "items");
                ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                for (int i = 0; i < value.size(); i++) kept.add(checked(shape.items().orElseThrow(), value.get(i), path + "[" + i + "]"));
                return kept;
            }
            case STRING -> {
                if (!value.isTextual()) throw mismatch(path, "a string", value);
                bounds(shape, value.asText().length(), path, "characters");
                return value;
            }
            case NUMBER -> {
                if (!value.isNumber()) throw mismatch(path, "a number", value);
                if (shape.whole() && value.asDouble() != Math.rint(value.asDouble())) throw mismatch(path, "a whole number", value);
                bounds(shape, value.asDouble(), path, "");
                return value;
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) throw mismatch(path, "true or false", value);
                return value;
            }
            case ENUM -> {
                if (!value.isTextual() || !shape.values().contains(value.asText())) {
                    throw mismatch(path, "one of " + shape.values(), value);
                }
                return value;
            }
        }
        throw new IllegalStateException("unknown shape " + shape.kind());
    }

    private static void bounds(Shape shape, double size, String path, String unit) throws ParseFailure {
        String verb = unit.isEmpty() ? " must be" : " must have";
        String what = unit.isEmpty() ? "" : " " + unit;
        if (shape.min().isPresent() && size < shape.min().getAsDouble()) {
            throw new ParseFailure(where(path) + verb + " at least " + format(shape.min().getAsDouble()) + what);
        }
        if (shape.max().isPresent() && size > shape.max().getAsDouble()) {
            throw new ParseFailure(where(path) + verb + " at most " + format(shape.max().getAsDouble()) + what);
        }
    }

    private static ParseFailure mismatch(String path, String expected, JsonNode value) {
        return new ParseFailure(where(path) + " must be " + expected + ", not " + value.getNodeType().name().toLowerCase()
                + (value.isValueNode() && !value.isNull() ? " " + abbreviated(value.toString()) : ""));
    }

    private static String where(String path) {
        return path.isEmpty() ? "the answer" : path;
    }

    private static String format(double number) {
        return number == Math.rint(number) ? String.valueOf((long) number) : String.valueOf(number);
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
