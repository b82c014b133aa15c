package dev.flowstream.chatflow.engine;

import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.IndexRetriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Flowise's {@code contextChatEngine} node, LlamaIndex's context chat engine: the passages its
 * {@code vectorStoreRetriever} finds for the question become a system message (LlamaIndex's
 * context prompt; none when nothing was found) ahead of the conversation of its {@code memory}
 * ({@link EngineConversation}), and its {@code model} streams the answer; with
 * {@code returnSourceDocuments} the passages follow as {@code sourceDocuments}. The exchange is
 * remembered once it succeeded.
 *
 * <p>Threading: immutable; safe to run concurrently; retrieval runs on the flow's workers.
 */
final class ContextChatEngineNode implements FlowEnd {

    static final String NAME = "contextChatEngine";

    /** What the node is made of, read at load. */
    private record Parts(ChatModelNode model, IndexRetriever retriever, EngineConversation conversation,
                         boolean returnSources) {
    }

    private final Parts parts;
    private final Executor workers;

    private ContextChatEngineNode(Parts parts, Executor workers) {
        this.parts = parts;
        this.workers = workers;
    }

    static ContextChatEngineNode load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.LLAMAINDEX_CHAT_MODEL);
        IndexRetriever retriever = wiring.required(node, "vectorStoreRetriever", Role.INDEX_RETRIEVER);
        EngineConversation conversation = new EngineConversation(node, wiring.required(node, "memory", Role.MEMORY));
        Parts parts = new Parts(model, retriever, conversation, node.inputs().flag("returnSourceDocuments", false));
        return new ContextChatEngineNode(parts, wiring.runtime().workers());
    }

    @Override
    public boolean streamable() {
        return parts.model().streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        return parts.retriever().retrieveOn(workers, request.question())
                .thenCompose(documents -> parts.model().stream(messages(request, documents), request.overrideConfig(), sink,
                        parts.returnSources() ? documents : List.of()))
                .thenApply(result -> {
                    parts.conversation().remember(request, result.text());
                    return result;
                });
    }

    private List<ChatMessage> messages(FlowRequest request, List<SourceDocument> documents) {
        List<ChatMessage> messages = new ArrayList<>();
        String context = documents.stream().map(SourceDocument::pageContent).collect(Collectors.joining("\n\n"));
        if (!context.isEmpty()) {
            messages.add(SystemMessage.from("Context information is below.\n---------------------\n" + context
                    + "\n---------------------"));
        }
        messages.addAll(parts.conversation().messages(request));
        return messages;
    }
}
