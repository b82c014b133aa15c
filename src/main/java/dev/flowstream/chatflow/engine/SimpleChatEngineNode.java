package dev.flowstream.chatflow.engine;

import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.ChatMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code simpleChatEngine} node, LlamaIndex's simple chat engine: its {@code model}
 * answers the conversation of its {@code memory} ({@link EngineConversation}, with
 * {@code systemMessagePrompt} first), streamed; the exchange is remembered once it succeeded.
 *
 * <p>Threading: immutable; safe to run concurrently (the memory is thread-safe).
 */
final class SimpleChatEngineNode implements FlowEnd {

    static final String NAME = "simpleChatEngine";

    private final ChatModelNode model;
    private final EngineConversation conversation;

    private SimpleChatEngineNode(ChatModelNode model, EngineConversation conversation) {
        this.model = model;
        this.conversation = conversation;
    }

    static SimpleChatEngineNode load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.LLAMAINDEX_CHAT_MODEL);
        EngineConversation conversation = new EngineConversation(node, wiring.required(node, "memory", Role.MEMORY));
        return new SimpleChatEngineNode(model, conversation);
    }

    @Override
    public boolean streamable() {
        return model.streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        List<ChatMessage> messages;
        try {
            messages = conversation.messages(request);
        } catch (ChatflowException e) {
            return CompletableFuture.failedFuture(e);
        }
        return model.stream(messages, request.overrideConfig(), sink, List.of()).thenApply(result -> {
            conversation.remember(request, result.text());
            return result;
        });
    }
}
