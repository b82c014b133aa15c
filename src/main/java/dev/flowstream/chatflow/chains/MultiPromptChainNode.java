package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.NamedPrompt;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.FString;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code multiPromptChain} node, as LangChain's {@code MultiPromptChain} runs: its model
 * first chooses one of the {@code promptRetriever}s by their names and descriptions
 * ({@link RetrieverRouter}; that call streams nothing), then answers the router's input in the
 * chosen prompt, streamed. A prompt with {@code {input}} is filled and sent as the user message, as
 * LangChain does; a prompt without it (Flowise's templates: a plain system message) is sent as the
 * system message before the input, where LangChain would send it alone and lose the question.
 * {@code DEFAULT} answers in LangChain's default conversation prompt; a name that is none of the
 * prompts fails the run. Names must differ; {@code inputModeration} checks the question first.
 *
 * <p>Threading: immutable; safe to run concurrently.
 */
final class MultiPromptChainNode implements FlowEnd {

    static final String NAME = "multiPromptChain";

    private final ExportNode node;
    private final ChatModelNode model;
    private final Map<String, FString> prompts;
    private final RetrieverRouter router;

    private MultiPromptChainNode(ExportNode node, ChatModelNode model, List<NamedPrompt> named) {
        this.node = node;
        this.model = model;
        this.prompts = new LinkedHashMap<>();
        named.forEach(prompt -> prompts.put(prompt.name(), FString.parse(prompt.template())));
        this.router = RetrieverRouter.forPrompts(node, named);
    }

    static MultiPromptChainNode load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        List<NamedPrompt> named = wiring.all(node, "promptRetriever", Role.PROMPT_RETRIEVER);
        if (named.isEmpty()) throw node.failure("needs a promptRetriever connected to its promptRetriever input");
        Set<String> names = new HashSet<>();
        for (NamedPrompt prompt : named) {
            if (!names.add(prompt.name())) throw node.failure("has two prompts named " + prompt.name());
        }
        return new MultiPromptChainNode(node, model, named);
    }

    @Override
    public boolean streamable() {
        return model.streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        Map<String, Object> overrides = request.overrideConfig();
        return model.stream(List.of(UserMessage.from(router.prompt(request.question()))), overrides, StreamSink.NONE, List.of())
                .thenCompose(routing -> answer(router.route(routing.text()), overrides, sink));
    }

    private CompletionStage<FlowResult> answer(RetrieverRouter.Route route, Map<String, Object> overrides, StreamSink sink) {
        if (route.destination().isEmpty()) {
            String conversation = MultiRetrievalQaChainNode.DEFAULT_PROMPT + route.query() + "\nAI:";
            return model.stream(List.of(UserMessage.from(conversation)), overrides, sink, List.of());
        }
        String chosen = route.destination().get();
        return Optional.ofNullable(prompts.get(chosen))
                .map(prompt -> model.stream(messages(prompt, route.query()), overrides, sink, List.of()))
                .orElseGet(() -> CompletableFuture.failedFuture(new ChatflowException(ChatflowException.Kind.CHAIN, "node "
                        + node.id() + " (" + NAME + "): the model chose " + chosen + ", which is none of its prompts ("
                        + String.join(", ", prompts.keySet()) + ")")));
    }

    private static List<ChatMessage> messages(FString prompt, String input) {
        if (prompt.variables().contains("input")) return List.of(UserMessage.from(prompt.format(Map.of("input", input))));
        return List.of(SystemMessage.from(prompt.format(Map.of())), UserMessage.from(input));
    }
}
