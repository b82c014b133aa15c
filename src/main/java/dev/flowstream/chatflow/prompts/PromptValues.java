package dev.flowstream.chatflow.prompts;

import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.node.ExportNode;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A prompt node's {@code promptValues}: template variables mapped to values, where
 * {@code {{question}}} is the user's question and {@code {{chat_history}}} the conversation so far.
 * Also Flowise's fallback: the one template variable left without a value receives the question.
 * Immutable and thread-safe.
 */
final class PromptValues {

    private static final Pattern MUSTACHE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    private final Map<String, String> values;
    private final Optional<String> questionVariable;

    private PromptValues(Map<String, String> values, Optional<String> questionVariable) {
        this.values = Map.copyOf(values);
        this.questionVariable = questionVariable;
    }

    /** Reads the node's promptValues and decides which variable of {@code variables} takes the question. */
    static PromptValues of(ExportNode node, Set<String> variables) {
        Map<String, String> values = parse(node);
        Set<String> missing = new LinkedHashSet<>(variables);
        missing.removeAll(values.keySet());
        if (missing.size() > 1) {
            throw node.failure("needs promptValues for " + String.join(", ", missing)
                    + " (only one variable may be left for the question)");
        }
        return new PromptValues(values, missing.stream().findFirst());
    }

    /** Every variable's value for one question. */
    Map<String, String> fill(String question, List<ChatTurn> history) {
        Map<String, String> filled = new LinkedHashMap<>();
        values.forEach((variable, value) -> filled.put(variable, substitute(value, question, history)));
        questionVariable.ifPresent(variable -> filled.put(variable, question));
        return filled;
    }

    static String historyText(List<ChatTurn> history) {
        return history.stream()
                .map(turn -> (turn.role() == ChatTurn.Role.USER ? "Human: " : "AI: ") + turn.message())
                .collect(Collectors.joining("\n"));
    }

    private static Map<String, String> parse(ExportNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        Optional<JsonNode> json = node.inputs().json("promptValues");
        if (json.isEmpty()) return values;
        if (!json.get().isObject()) throw node.failure("input promptValues must be a JSON object");
        json.get().fields().forEachRemaining(field -> {
            String value = field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString();
            checkVariables(node, value);
            if (!value.isEmpty()) values.put(field.getKey(), value);
        });
        return values;
    }

    private static void checkVariables(ExportNode node, String value) {
        Matcher matcher = MUSTACHE.matcher(value);
        while (matcher.find()) {
            String variable = matcher.group(1);
            if (!variable.equals("question") && !variable.equals("chat_history")) {
                throw node.failure("promptValues uses {{" + variable
                        + "}}, which Flowstream does not support yet (only {{question}} and {{chat_history}})");
            }
        }
    }

    private static String substitute(String value, String question, List<ChatTurn> history) {
        return MUSTACHE.matcher(value).replaceAll(match -> Matcher.quoteReplacement(
                match.group(1).equals("question") ? question : historyText(history)));
    }
}
