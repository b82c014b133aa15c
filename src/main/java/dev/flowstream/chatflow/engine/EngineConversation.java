package dev.flowstream.chatflow.engine;

import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.MemoryNode;
import dev.flowstream.chatflow.support.Messages;
import dev.flowstream.chatflow.support.Overrides;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The conversation Flowise's LlamaIndex chat engines keep: the node's {@code systemMessagePrompt}
 * as the first message, sent as the user's (as Flowise does), the conversation so far from the
 * memory, then the question; each successful exchange written back. {@code systemMessagePrompt}
 * may be overridden per request.
 *
 * <p>Threading: immutable; the memory is thread-safe.
 */
final class EngineConversation {

    private static final Set<String> OVERRIDABLE = Set.of("systemMessagePrompt");

    private final ExportNode node;
    private final MemoryNode memory;

    EngineConversation(ExportNode node, MemoryNode memory) {
        this.node = node;
        this.memory = memory;
    }

    /** The messages for one question, after any the engine puts first. */
    List<ChatMessage> messages(FlowRequest request) {
        List<ChatMessage> messages = new ArrayList<>();
        ExportNode current = Overrides.apply(node, request.overrideConfig(), OVERRIDABLE).orElse(node);
        current.inputs().text("systemMessagePrompt").ifPresent(system -> messages.add(UserMessage.from(system)));
        messages.addAll(Messages.of(memory.history(request)));
        messages.add(UserMessage.from(request.question()));
        return messages;
    }

    void remember(FlowRequest request, String answer) {
        memory.remember(request, answer);
    }
}
