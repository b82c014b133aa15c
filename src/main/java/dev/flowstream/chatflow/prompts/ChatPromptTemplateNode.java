package dev.flowstream.chatflow.prompts;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowLoadException;
import dev.flowstream.chatflow.support.FString;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.chatflow.node.PromptNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code chatPromptTemplate} node: a system message ({@code systemMessagePrompt}) and a
 * human message ({@code humanMessagePrompt}), both with single-brace variables filled from
 * {@code promptValues} as {@link PromptTemplateNode} does; the one variable left without a value
 * (Flowise's conversation chain calls it {@code {input}}) receives the question. A request may
 * override the three inputs. Immutable and thread-safe.
 */
final class ChatPromptTemplateNode implements PromptNode {

    static final String NAME = "chatPromptTemplate";
    private static final Set<String> OVERRIDABLE = Set.of("systemMessagePrompt", "humanMessagePrompt", "promptValues");

    private final ExportNode node;
    private final Optional<FString> system;
    private final FString human;
    private final PromptValues values;
    private final PromptSources sources;

    private ChatPromptTemplateNode(ExportNode node, Optional<FString> system, FString human, PromptValues values,
                                   PromptSources sources) {
        this.node = node;
        this.system = system;
        this.human = human;
        this.values = values;
        this.sources = sources;
    }

    static ChatPromptTemplateNode load(ExportNode node, PromptSources sources) {
        Optional<FString> system = node.inputs().text("systemMessagePrompt").map(FString::parse);
        FString human = FString.parse(node.inputs().text("humanMessagePrompt")
                .orElseThrow(() -> node.failure("has no humanMessagePrompt")));
        if (human.variables().isEmpty()) {
            throw node.failure("humanMessagePrompt has no {variable} for the question; add one, e.g. {question}");
        }
        Set<String> variables = new LinkedHashSet<>(human.variables());
        system.ifPresent(template -> variables.addAll(template.variables()));
        PromptValues values = PromptValues.of(node, variables, sources);
        return new ChatPromptTemplateNode(node, system, human, values, sources.loaded());
    }

    @Override
    public Optional<FlowLoadException> unfillable() {
        return values.unfilled().map(node::failure);
    }

    @Override
    public CompletionStage<PromptText> format(FlowRequest request, List<ChatTurn> history) {
        ChatPromptTemplateNode prompt;
        try {
            prompt = Overrides.reload(node, request.overrideConfig(), OVERRIDABLE, n -> load(n, sources), this);
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (prompt.unfillable().isPresent()) {
            return CompletableFuture.failedFuture(Overrides.invalid(prompt.unfillable().get()));
        }
        return prompt.values.fill(request, history).thenApply(filled ->
                new PromptText(prompt.system.map(template -> template.format(filled)), prompt.human.format(filled)));
    }
}
