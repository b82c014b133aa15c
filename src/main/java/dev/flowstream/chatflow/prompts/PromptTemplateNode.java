package dev.flowstream.chatflow.prompts;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.support.FString;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.chatflow.node.PromptNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flowise's {@code promptTemplate} node. The template uses single braces for variables
 * ({@code "Answer: {question}"}, {@code {{ }}} for a literal brace); {@code promptValues} maps
 * variables to values (see {@link PromptValues}). A request may override {@code template} and
 * {@code promptValues}. Immutable and thread-safe.
 */
final class PromptTemplateNode implements PromptNode {

    static final String NAME = "promptTemplate";
    private static final Set<String> OVERRIDABLE = Set.of("template", "promptValues");

    private final ExportNode node;
    private final FString template;
    private final PromptValues values;

    private PromptTemplateNode(ExportNode node, FString template, PromptValues values) {
        this.node = node;
        this.template = template;
        this.values = values;
    }

    static PromptTemplateNode load(ExportNode node) {
        FString template = FString.parse(node.inputs().text("template")
                .orElseThrow(() -> node.failure("has no template")));
        if (template.variables().isEmpty()) {
            throw node.failure("template has no {variable} for the question; add one, e.g. {question}");
        }
        return new PromptTemplateNode(node, template, PromptValues.of(node, template.variables()));
    }

    /** The prompt for one question. */
    String format(String question, List<ChatTurn> history) {
        return template.format(values.fill(question, history));
    }

    @Override
    public PromptText format(String question, List<ChatTurn> history, Map<String, Object> overrideConfig) {
        PromptTemplateNode prompt = Overrides.reload(node, overrideConfig, OVERRIDABLE, PromptTemplateNode::load, this);
        return new PromptText(Optional.empty(), prompt.format(question, history));
    }
}
