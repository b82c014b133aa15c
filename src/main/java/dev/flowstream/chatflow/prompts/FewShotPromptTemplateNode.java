package dev.flowstream.chatflow.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.PromptNode;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.FString;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code fewShotPromptTemplate} node, as LangChain's few-shot prompt builds it: each of
 * {@code examples} (a JSON array of objects) filled into the {@code examplePrompt} (a
 * {@code promptTemplate}), then {@code prefix}, the examples and {@code suffix} joined by
 * {@code exampleSeparator} (a blank line when unset) and read as one f-string template, whose one
 * variable (the suffix's {@code {input}}) receives the question. Built once at load; only the
 * {@code f-string} template format is supported.
 *
 * <p>Threading: immutable and thread-safe.
 */
final class FewShotPromptTemplateNode implements PromptNode {

    static final String NAME = "fewShotPromptTemplate";
    private static final String DEFAULT_SEPARATOR = "\n\n";

    private final FString template;
    private final Optional<String> questionVariable;

    private FewShotPromptTemplateNode(FString template, Optional<String> questionVariable) {
        this.template = template;
        this.questionVariable = questionVariable;
    }

    static FewShotPromptTemplateNode load(ExportNode node, Wiring wiring) {
        String format = node.inputs().text("templateFormat").orElse("f-string");
        if (!format.equals("f-string")) {
            throw node.failure("input templateFormat is " + format + ", but Flowstream supports only f-string");
        }
        PromptNode examplePrompt = wiring.required(node, "examplePrompt", Role.PROMPT);
        if (!(examplePrompt instanceof PromptTemplateNode example)) {
            throw node.failure("input examplePrompt must be connected to a promptTemplate");
        }
        List<String> pieces = new ArrayList<>();
        node.inputs().verbatim("prefix").ifPresent(pieces::add);
        pieces.addAll(examples(node, example.template()));
        node.inputs().verbatim("suffix").ifPresent(pieces::add);
        FString template = FString.parse(String.join(node.inputs().verbatim("exampleSeparator").orElse(DEFAULT_SEPARATOR), pieces));
        if (template.variables().size() > 1) {
            throw node.failure("prefix and suffix use " + String.join(", ", template.variables())
                    + ", but only one variable (for the question) can be filled");
        }
        return new FewShotPromptTemplateNode(template, template.variables().stream().findFirst());
    }

    @Override
    public CompletionStage<PromptText> format(FlowRequest request, List<ChatTurn> history) {
        Map<String, String> values = questionVariable.map(variable -> Map.of(variable, request.question())).orElse(Map.of());
        return CompletableFuture.completedFuture(new PromptText(Optional.empty(), template.format(values)));
    }

    private static List<String> examples(ExportNode node, FString examplePrompt) {
        Optional<JsonNode> json = node.inputs().json("examples");
        if (json.isEmpty()) return List.of();
        if (!json.get().isArray()) throw node.failure("input examples must be a JSON array of objects");
        List<String> examples = new ArrayList<>();
        for (JsonNode example : json.get()) {
            if (!example.isObject()) throw node.failure("input examples must be a JSON array of objects");
            Map<String, String> values = new LinkedHashMap<>();
            example.fields().forEachRemaining(field -> values.put(field.getKey(),
                    field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString()));
            for (String variable : examplePrompt.variables()) {
                if (!values.containsKey(variable)) {
                    throw node.failure("input examples: example " + (examples.size() + 1) + " has no value for {"
                            + variable + "} of the examplePrompt");
                }
            }
            examples.add(examplePrompt.format(values));
        }
        return examples;
    }
}
