package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Flowise's {@code structuredOutputParser}: an object whose properties are the rows of
 * {@code jsonStructure} ({@code property}, {@code type} string, number or boolean,
 * {@code description}; optional unless the row says {@code required}, as Flowise builds its Zod
 * object), read from the answer by {@link JsonAnswer} and checked by {@link ShapeCheck}.
 *
 * <p>Threading: immutable; safe to use concurrently.
 */
final class StructuredOutputParserNode extends ParserNode {

    static final String NAME = "structuredOutputParser";
    private static final Map<String, Shape.Kind> TYPES = Map.of("string", Shape.Kind.STRING,
            "number", Shape.Kind.NUMBER, "boolean", Shape.Kind.BOOLEAN);

    private final Shape shape;

    private StructuredOutputParserNode(ExportNode node, Shape shape) {
        super(node);
        this.shape = shape;
    }

    static StructuredOutputParserNode load(ExportNode node, Wiring wiring) {
        JsonNode rows = node.inputs().json("jsonStructure")
                .orElseThrow(() -> node.failure("input jsonStructure must list at least one property"));
        if (!rows.isArray()) throw node.failure("input jsonStructure must be a list of {property, type, description} rows");
        Map<String, Shape> properties = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            String property = row.path("property").asText("").trim();
            String type = row.path("type").asText("").trim();
            if (property.isEmpty()) throw node.failure("input jsonStructure has a row without a property name");
            if (!TYPES.containsKey(type)) {
                throw node.failure("input jsonStructure gives " + property + " the type \"" + type
                        + "\"; Flowstream supports " + Set.copyOf(TYPES.keySet()).stream().sorted().toList());
            }
            if (properties.containsKey(property)) throw node.failure("input jsonStructure lists " + property + " twice");
            Shape shape = Shape.of(TYPES.get(type)).describedAs(row.path("description").asText(""));
            properties.put(property, required(row) ? shape : shape.asOptional());
        }
        if (properties.isEmpty()) throw node.failure("input jsonStructure must list at least one property");
        return new StructuredOutputParserNode(node, Shape.object(properties));
    }

    private static boolean required(JsonNode row) {
        JsonNode required = row.path("required");
        return required.asBoolean(false) || required.asText("").equalsIgnoreCase("true");
    }

    @Override
    public String formatInstructions() {
        return StructuredInstructions.forShape(shape);
    }

    @Override
    JsonNode parse(String completion) throws ParseFailure {
        return ShapeCheck.checked(shape, JsonAnswer.read(completion), "");
    }
}
