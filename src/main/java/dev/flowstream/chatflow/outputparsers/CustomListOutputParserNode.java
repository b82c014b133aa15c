package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;

import java.util.Optional;

/**
 * Flowise's {@code customListOutputParser} (LangChain's {@code CustomListOutputParser}): the
 * answer split at {@code separator} (default {@code ,}, taken as written, spaces too), each value
 * trimmed; with {@code length}, an answer of another number of values does not parse.
 *
 * <p>Threading: immutable; safe to use concurrently.
 */
final class CustomListOutputParserNode extends ParserNode {

    static final String NAME = "customListOutputParser";

    private final String separator;
    private final Optional<Integer> length;

    private CustomListOutputParserNode(ExportNode node, String separator, Optional<Integer> length) {
        super(node);
        this.separator = separator;
        this.length = length;
    }

    static CustomListOutputParserNode load(ExportNode node, Wiring wiring) {
        Optional<Integer> length = node.inputs().integer("length");
        if (length.isPresent() && length.get() < 1) throw node.failure("input length must be at least 1");
        return new CustomListOutputParserNode(node, node.inputs().verbatim("separator").orElse(","), length);
    }

    @Override
    public String formatInstructions() {
        String count = length.map(n -> n + " ").orElse("");
        return "Answer with a list of " + count + "values separated by \"" + separator + "\", like: `foo" + separator
                + " bar" + separator + " baz`";
    }

    @Override
    JsonNode parse(String completion) throws ParseFailure {
        ArrayNode values = CsvOutputParserNode.split(completion, separator);
        if (length.isPresent() && values.size() != length.get()) {
            throw new ParseFailure("expected " + length.get() + " values separated by \"" + separator + "\", got " + values.size());
        }
        return values;
    }
}
