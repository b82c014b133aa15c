package dev.flowstream.chatflow.prompts;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.support.FString;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.chatflow.node.PromptNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
    private final PromptSources sources;

    private PromptTemplateNode(ExportNode node, FString template, PromptValues values, PromptSources sources) {
        this.node = node;
        this.template = template;
        this.values = values;
        this.sources = sources;
    }

    static PromptTemplateNode load(ExportNode node, PromptSources sources) {
        FString template = FString.parse(node.inputs().text("template")
                .orElseThrow(() -> node.failure("has no template")));
        if (template.variables().isEmpty()) {
            throw node.failure("template has no {variable} for the question; add one, e.g. {question}");
        }
        PromptValues values = PromptValues.of(node, template.variables(), sources);
        return new PromptTemplateNode(node, template, values, sources.loaded());
    }

    /** The template alone, for a prompt that fills it with values of its own ({@link FewShotPromptTemplateNode}). */
    FString template() {
        return template;
    }

    /** The prompt for one request. */
    CompletionStage<String> text(FlowRequest request, List<ChatTurn> history) {
        return values.fill(request, history).thenApply(template::format);
    }

    @Override
    public Optional<FlowLoadException> unfillable() {
        return values.unfilled().map(node::failure);
    }

    @Override
    public CompletionStage<PromptText> format(FlowRequest request, List<ChatTurn> history) {
        PromptTemplateNode prompt;
        try {
            prompt = Overrides.reload(node, request.overrideConfig(), OVERRIDABLE, n -> load(n, sources), this);
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (prompt.unfillable().isPresent()) {
            return CompletableFuture.failedFuture(Overrides.invalid(prompt.unfillable().get()));
        }
        return prompt.text(request, history).thenApply(text -> new PromptText(Optional.empty(), text));
    }
}
