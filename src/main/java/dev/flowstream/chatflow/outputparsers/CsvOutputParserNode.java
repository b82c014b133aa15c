package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Wiring;

/**
 * Flowise's {@code csvOutputParser} (LangChain's {@code CommaSeparatedListOutputParser}): the
 * answer split at commas, each value trimmed. Any text splits, so its autofix never runs.
 *
 * <p>Threading: immutable; safe to use concurrently.
 */
final class CsvOutputParserNode extends ParserNode {

    static final String NAME = "csvOutputParser";

    private CsvOutputParserNode(ExportNode node) {
        super(node);
    }

    static CsvOutputParserNode load(ExportNode node, Wiring wiring) {
        return new CsvOutputParserNode(node);
    }

    @Override
    public String formatInstructions() {
        return "Answer with a list of values separated by commas, like: `foo, bar, baz`";
    }

    @Override
    JsonNode parse(String completion) {
        return split(completion, ",");
    }

    /** The values of {@code completion} between each {@code separator}, trimmed, as LangChain's list parsers split. */
    static ArrayNode split(String completion, String separator) {
        ArrayNode values = JsonNodeFactory.instance.arrayNode();
        String text = completion.trim();
        int from = 0;
        for (int at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, from)) {
            values.add(text.substring(from, at).trim());
            from = at + separator.length();
        }
        values.add(text.substring(from).trim());
        return values;
    }
}
