package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;

/**
 * Flowise's {@code advancedStructuredOutputParser}: the shape is the Zod schema written in
 * {@code exampleJson}, read (never run) by {@link ZodSchema}; a schema using more of Zod than it
 * reads fails the load naming what it uses. Answers are read by {@link JsonAnswer} and checked by
 * {@link ShapeCheck}.
 *
 * <p>Threading: immutable; safe to use concurrently.
 */
final class AdvancedStructuredOutputParserNode extends ParserNode {

    static final String NAME = "advancedStructuredOutputParser";

    private final Shape shape;

    private AdvancedStructuredOutputParserNode(ExportNode node, Shape shape) {
        super(node);
        this.shape = shape;
    }

    static AdvancedStructuredOutputParserNode load(ExportNode node, Wiring wiring) {
        String schema = node.inputs().text("exampleJson")
                .orElseThrow(() -> node.failure("input exampleJson must hold a Zod schema such as z.object({...})"));
        try {
            return new AdvancedStructuredOutputParserNode(node, ZodSchema.parse(schema));
        } catch (IllegalArgumentException e) {
            throw node.failure("input exampleJson " + e.getMessage());
        }
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
