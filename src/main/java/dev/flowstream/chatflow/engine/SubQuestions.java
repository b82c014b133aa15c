package dev.flowstream.chatflow.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sub-questions a model wrote, read as LlamaIndex reads them ({@code parseJsonMarkdown}): the
 * JSON between the first {@code [} and the last {@code ]} (or, when a {@code {} comes first, the
 * single object between the first {@code {} and the last {@code }}), anything around it (a Markdown
 * fence, a sentence) ignored. An entry without a text {@code subQuestion} and {@code toolName} is
 * left out, as LlamaIndex skips what it cannot ask. Stateless.
 */
final class SubQuestions {

    /** One sub-question and the tool to ask it of. */
    record SubQuestion(String question, String toolName) {
    }

    private SubQuestions() {
    }

    /**
     * @param who how the failure names the engine and its model
     * @throws ChatflowException when the output holds no JSON list (or object) of sub-questions
     */
    static List<SubQuestion> parse(String output, String who) {
        JsonNode parsed = json(output.strip()).orElseThrow(() -> notExpected(who));
        List<SubQuestion> questions = new ArrayList<>();
        for (JsonNode entry : parsed) {
            JsonNode question = entry.path("subQuestion");
            JsonNode tool = entry.path("toolName");
            if (question.isTextual() && tool.isTextual()) questions.add(new SubQuestion(question.asText(), tool.asText()));
        }
        return questions;
    }

    private static Optional<JsonNode> json(String text) {
        int square = text.indexOf('[');
        int brace = text.indexOf('{');
        boolean list = square != -1 && square < brace || square != -1 && brace == -1;
        int from = list ? square : brace;
        int to = (list ? text.lastIndexOf(']') : text.lastIndexOf('}')) + 1;
        if (from < 0 || to <= from) return Optional.empty();
        try {
            JsonNode parsed = Json.reader().readTree(text.substring(from, to));
            if (parsed == null) return Optional.empty();
            if (parsed.isObject() && square == -1) return Optional.of(JsonNodeFactory.instance.arrayNode().add(parsed));
            return parsed.isArray() ? Optional.of(parsed) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static ChatflowException notExpected(String who) {
        return new ChatflowException(Kind.CHAIN, who + " did not answer with the JSON list of sub-questions LlamaIndex "
                + "asks for ([{\"subQuestion\": \"...\", \"toolName\": \"...\"}])");
    }
}
