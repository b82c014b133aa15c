package dev.flowstream.chatflow.outputparsers;

/**
 * The format instructions of the structured parsers: the facts LangChain's
 * {@code StructuredOutputParser} tells the model (answer JSON that fits this JSON Schema, an
 * example of fitting and not fitting, no trailing commas, the schema in a fenced block), in our
 * words. Stateless.
 */
final class StructuredInstructions {

    private StructuredInstructions() {
    }

    static String forShape(Shape shape) {
        return "Format your answer as a JSON value that conforms to the JSON Schema given below.\n\n"
                + "JSON Schema describes JSON documents declaratively. For example, the schema "
                + "{\"properties\": {\"foo\": {\"description\": \"a list of test words\", \"type\": \"array\", "
                + "\"items\": {\"type\": \"string\"}}}, \"required\": [\"foo\"]} describes an object with one required "
                + "property, \"foo\", an array of strings described as \"a list of test words\". "
                + "The object {\"foo\": [\"bar\", \"baz\"]} conforms to it; the object "
                + "{\"properties\": {\"foo\": [\"bar\", \"baz\"]}} does not.\n\n"
                + "Your answer will be parsed and checked against the schema, so every field must match it exactly, "
                + "and there must be no trailing commas.\n\n"
                + "The JSON Schema your answer must conform to (answer inside a markdown code block like it):\n"
                + "```json\n" + shape.jsonSchema() + "\n```\n";
    }
}
