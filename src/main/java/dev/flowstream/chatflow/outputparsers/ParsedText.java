package dev.flowstream.chatflow.outputparsers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.json.Json;

/**
 * The text of a parsed answer: what Flowise keeps as the message of a {@code json} result, a
 * {@code ```json} line and the value indented by two spaces as JavaScript's
 * {@code JSON.stringify(value, null, 2)} writes it (no closing fence, as Flowise writes it).
 * Stateless and thread-safe.
 */
final class ParsedText {

    private static final DefaultIndenter TWO_SPACES = new DefaultIndenter("  ", "\n");
    private static final ObjectWriter WRITER = Json.writer().with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withObjectIndenter(TWO_SPACES).withArrayIndenter(TWO_SPACES));

    private ParsedText() {
    }

    static FlowResult result(JsonNode json) {
        try {
            return FlowResult.parsed(json, "```json\n" + WRITER.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always writes", e);
        }
    }
}
