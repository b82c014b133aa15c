package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.node.MemoryNode;
import dev.flowstream.chatflow.support.Messages;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.chatflow.node.PromptNode;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code conversationChain} node: sends the system message, the conversation so far
 * from its memory, then the question; streams the answer and, once it succeeded, writes the
 * exchange to memory. With a {@code chatPromptTemplate}, its system and human messages are used
 * (the human one receives the question); otherwise {@code systemMessagePrompt} (or Flowise's
 * default) and the bare question. {@code systemMessagePrompt} may be overridden per request.
 *
 * <p>Threading: immutable; safe to run concurrently (the memory is thread-safe).
 */
final class ConversationChainNode implements FlowEnd {

    static final String NAME = "conversationChain";
    static final String DEFAULT_SYSTEM = "The following is a friendly conversation between a human and an AI. "
            + "The AI is talkative and provides lots of specific details from its context. If the AI does not "
            + "know the answer to a question, it truthfully says it does not know.";
    private static final Set<String> OVERRIDABLE = Set.of("systemMessagePrompt");

    private final ExportNode node;
    private final ChatModelNode model;
    private final MemoryNode memory;
    private final Optional<PromptNode> prompt;

    private ConversationChainNode(ExportNode node, ChatModelNode model, MemoryNode memory, Optional<PromptNode> prompt) {
        this.node = node;
        this.model = model;
        this.memory = memory;
        this.prompt = prompt;
    }

    static ConversationChainNode load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        MemoryNode memory = wiring.required(node, "memory", Role.MEMORY);
        Optional<PromptNode> prompt = wiring.optional(node, "chatPromptTemplate", Role.PROMPT);
        prompt.flatMap(PromptNode::unfillable).ifPresent(problem -> {
            throw problem;
        });
        return new ConversationChainNode(node, model, memory, prompt);
    }

    @Override
    public boolean streamable() {
        return model.streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        CompletionStage<List<ChatMessage>> messages;
        try {
            messages = messages(request);
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        }
        return messages.thenCompose(sent -> model.stream(sent, request.overrideConfig(), sink, List.of()))
                .thenApply(result -> {
                    memory.remember(request, result.text());
                    return result;
                });
    }

    private CompletionStage<List<ChatMessage>> messages(FlowRequest request) {
        List<ChatTurn> history = memory.history(request);
        CompletionStage<PromptNode.PromptText> prompted = prompt.map(chatPrompt -> chatPrompt.format(request, history))
                .orElseGet(() -> CompletableFuture.completedFuture(
                        new PromptNode.PromptText(Optional.of(system(request)), request.question())));
        return prompted.thenApply(text -> {
            List<ChatMessage> messages = new ArrayList<>();
            text.system().ifPresent(system -> messages.add(SystemMessage.from(system)));
            messages.addAll(Messages.of(history));
            messages.add(UserMessage.from(text.human()));
            return messages;
        });
    }

    private String system(FlowRequest request) {
        ExportNode current = Overrides.apply(node, request.overrideConfig(), OVERRIDABLE).orElse(node);
        return current.inputs().text("systemMessagePrompt").orElse(DEFAULT_SYSTEM);
    }
}
