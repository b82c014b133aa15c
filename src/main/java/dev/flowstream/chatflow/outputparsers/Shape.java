package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The shape a structured parser wants, the part of Zod that Flowise's parsers use: objects,
 * strings, numbers (maybe whole), booleans, arrays and string enums, each maybe optional, described
 * and bounded. It writes itself as JSON Schema (as {@code zod-to-json-schema} does, for the
 * prompt) and checks an answer (as Zod does: unknown keys of an object are dropped). Immutable.
 */
record Shape(Kind kind, Map<String, Shape> properties, Optional<Shape> items, List<String> values,
             boolean optional, Optional<String> description, boolean whole, OptionalDouble min, OptionalDouble max) {

    enum Kind { OBJECT, STRING, NUMBER, BOOLEAN, ARRAY, ENUM }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    Shape {
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        values = List.copyOf(values);
    }

    static Shape of(Kind kind) {
        return new Shape(kind, Map.of(), Optional.empty(), List.of(), false, Optional.empty(), false,
                OptionalDouble.empty(), OptionalDouble.empty());
    }

    static Shape object(Map<String, Shape> properties) {
        return new Shape(Kind.OBJECT, properties, Optional.empty(), List.of(), false, Optional.empty(), false,
                OptionalDouble.empty(), OptionalDouble.empty());
    }

    static Shape array(Shape items) {
        return new Shape(Kind.ARRAY, Map.of(), Optional.of(items), List.of(), false, Optional.empty(), false,
                OptionalDouble.empty(), OptionalDouble.empty());
    }

    static Shape oneOf(List<String> values) {
        return new Shape(Kind.ENUM, Map.of(), Optional.empty(), values, false, Optional.empty(), false,
                OptionalDouble.empty(), OptionalDouble.empty());
    }

    Shape asOptional() {
        return new Shape(kind, properties, items, values, true, description, whole, min, max);
    }

    Shape describedAs(String text) {
        return new Shape(kind, properties, items, values, optional, Optional.of(text), whole, min, max);
    }

    Shape asWhole() {
        return new Shape(kind, properties, items, values, optional, description, true, min, max);
    }

    Shape atLeast(double bound) {
        return new Shape(kind, properties, items, values, optional, description, whole, OptionalDouble.of(bound), max);
    }

    Shape atMost(double bound) {
        return new Shape(kind, properties, items, values, optional, description, whole, min, OptionalDouble.of(bound));
    }

    /** The JSON Schema document the model is shown. */
    ObjectNode jsonSchema() {
        ObjectNode schema = schema();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        return schema;
    }

    private ObjectNode schema() {
        ObjectNode schema = NODES.objectNode();
        switch (kind) {
            case OBJECT -> {
                schema.put("type", "object");
                ObjectNode props = schema.putObject("properties");
                properties.forEach((name, shape) -> props.set(name, shape.schema()));
                ArrayNode required = schema.putArray("required");
                properties.forEach((name, shape) -> { if (!shape.optional) required.add(name); });
                schema.put("additionalProperties", false);
            }
            case STRING -> bounded(schema.put("type", "string"), "minLength", "maxLength");
            case NUMBER -> bounded(schema.put("type", whole ? "integer" : "number"), "minimum", "maximum");
            case BOOLEAN -> schema.put("type", "boolean");
            case ARRAY -> {
                schema.put("type", "array");
                schema.set("items", items.orElseThrow().schema());
                bounded(schema, "minItems", "maxItems");
            }
            case ENUM -> {
                schema.put("type", "string");
                values.forEach(schema.putArray("enum")::add);
            }
        }
        description.ifPresent(text -> schema.put("description", text));
        return schema;
    }

    private void bounded(ObjectNode schema, String low, String high) {
        min.ifPresent(bound -> schema.set(low, number(bound)));
        max.ifPresent(bound -> schema.set(high, number(bound)));
    }

    private static JsonNode number(double value) {
        if (value != Math.rint(value)) return NODES.numberNode(value);
        return Math.abs(value) <= Integer.MAX_VALUE ? NODES.numberNode((int) value) : NODES.numberNode((long) value);
    }
}
