package dev.flowstream.chatflow.prompts;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.TextOutput;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A prompt node's {@code promptValues}: template variables mapped to values, in which
 * {@code {{question}}} is the user's question, {@code {{chat_history}}} the conversation so far,
 * {@code {{$flow.sessionId}}} / {@code {{$flow.chatId}}} the request's chat id,
 * {@code {{$flow.chatflowId}}} the flow's id, {@code {{$flow.input}}} the question,
 * {@code {{$vars.<name>}}} a variable ({@link FlowVariables}) and {@code {{<nodeId>.data.instance}}}
 * another node's text output ({@link TextOutput}), asked once per request. Also Flowise's
 * fallback: the one template variable left without a value receives the question. Anything else in
 * double braces fails the load. Immutable and thread-safe.
 */
final class PromptValues {

    private static final Pattern MUSTACHE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Pattern NODE_OUTPUT = Pattern.compile("([^.{}\\s]+)\\.data\\.instance");

    private final Map<String, String> values;
    private final Optional<String> questionVariable;
    private final List<String> missing;
    /** What a mustache names that is known at load ($vars, the flow id), by its text. */
    private final Map<String, String> fixed;
    /** The nodes whose text a mustache names, by its text. */
    private final Map<String, TextOutput> nodes;

    private PromptValues(Map<String, String> values, Set<String> missing, Map<String, String> fixed,
                         Map<String, TextOutput> nodes) {
        this.values = Map.copyOf(values);
        this.missing = List.copyOf(missing);
        this.questionVariable = missing.size() == 1 ? missing.stream().findFirst() : Optional.empty();
        this.fixed = Map.copyOf(fixed);
        this.nodes = Map.copyOf(nodes);
    }

    /** Reads the node's promptValues and decides which variable of {@code variables} takes the question. */
    static PromptValues of(ExportNode node, Set<String> variables, PromptSources sources) {
        Map<String, String> values = parse(node);
        Set<String> missing = new LinkedHashSet<>(variables);
        missing.removeAll(values.keySet());
        Map<String, String> fixed = new LinkedHashMap<>();
        Map<String, TextOutput> nodes = new LinkedHashMap<>();
        for (String value : values.values()) {
            Matcher matcher = MUSTACHE.matcher(value);
            while (matcher.find()) resolve(node, matcher.group(1), sources, fixed, nodes);
        }
        return new PromptValues(values, missing, fixed, nodes);
    }

    /**
     * Why a question alone cannot fill the template: more than one variable has no value. Not a load
     * failure by itself, since a prompt used as a {@code fewShotPromptTemplate}'s example prompt is
     * filled by the examples; the chain that sends the prompt fails the load with it.
     */
    Optional<String> unfilled() {
        if (missing.size() <= 1) return Optional.empty();
        return Optional.of("needs promptValues for " + String.join(", ", missing)
                + " (only one variable may be left for the question)");
    }

    /** Every variable's value for one request; the stage fails as a referenced node's output does. */
    CompletionStage<Map<String, String>> fill(FlowRequest request, List<ChatTurn> history) {
        Map<String, CompletableFuture<String>> texts = new LinkedHashMap<>();
        nodes.forEach((name, output) -> texts.put(name, output.text(request).toCompletableFuture()));
        return CompletableFuture.allOf(texts.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, String> filled = new LinkedHashMap<>();
            values.forEach((variable, value) -> filled.put(variable, MUSTACHE.matcher(value).replaceAll(match ->
                    Matcher.quoteReplacement(valueOf(match.group(1), request, history, texts)))));
            questionVariable.ifPresent(variable -> filled.put(variable, request.question()));
            return filled;
        });
    }

    static String historyText(List<ChatTurn> history) {
        return history.stream()
                .map(turn -> (turn.role() == ChatTurn.Role.USER ? "Human: " : "AI: ") + turn.message())
                .collect(Collectors.joining("\n"));
    }

    private String valueOf(String name, FlowRequest request, List<ChatTurn> history,
                           Map<String, CompletableFuture<String>> texts) {
        return switch (name) {
            case "question", "$flow.input" -> request.question();
            case "chat_history" -> historyText(history);
            case "$flow.sessionId", "$flow.chatId" -> request.chatId();
            default -> fixed.containsKey(name) ? fixed.get(name) : texts.get(name).join();
        };
    }

    private static void resolve(ExportNode node, String name, PromptSources sources, Map<String, String> fixed,
                                Map<String, TextOutput> nodes) {
        if (Set.of("question", "chat_history", "$flow.input", "$flow.sessionId", "$flow.chatId").contains(name)) return;
        if (name.equals("$flow.chatflowId")) {
            fixed.put(name, sources.flowId());
        } else if (name.startsWith("$vars.")) {
            fixed.put(name, sources.variable(node, name.substring("$vars.".length())));
        } else if (NODE_OUTPUT.matcher(name).matches()) {
            Matcher id = NODE_OUTPUT.matcher(name);
            id.matches();
            nodes.put(name, sources.node(node, id.group(1)));
        } else {
            throw node.failure("input promptValues uses {{" + name + "}}, which Flowstream does not support (only "
                    + "{{question}}, {{chat_history}}, {{$flow.sessionId|chatId|chatflowId|input}}, {{$vars.<name>}} "
                    + "and {{<nodeId>.data.instance}})");
        }
    }

    private static Map<String, String> parse(ExportNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        Optional<JsonNode> json = node.inputs().json("promptValues");
        if (json.isEmpty()) return values;
        if (!json.get().isObject()) throw node.failure("input promptValues must be a JSON object");
        json.get().fields().forEachRemaining(field -> {
            String value = field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString();
            if (!value.isEmpty()) values.put(field.getKey(), value);
        });
        return values;
    }
}
