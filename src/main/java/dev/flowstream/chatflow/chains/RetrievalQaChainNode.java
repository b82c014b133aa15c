package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.FlowRequest;
import dev.flowstream.chatflow.FlowResult;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.StreamSink;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Flowise's {@code retrievalQAChain} node: finds the documents its {@code vectorStoreRetriever}
 * matches to the question, then streams the answer of its chat model to LangChain's chat QA prompt
 * (the documents as context in the system message, the question as the user message), then sends
 * those documents as {@code sourceDocuments} before {@code end} and in the answer. (Flowise's node
 * returns text only; Flowstream's contract is that retrieval flows show their sources.)
 * {@code inputModeration} checks the question first.
 *
 * <p>Threading: immutable; safe to run concurrently; retrieval runs on the flow's workers.
 */
final class RetrievalQaChainNode implements FlowEnd {

    static final String NAME = "retrievalQAChain";
    static final String SYSTEM = "Use the following pieces of context to answer the users question. \n"
            + "If you don't know the answer, just say that you don't know, don't try to make up an answer.\n"
            + "----------------\n";

    private final ChatModelNode model;
    private final Retriever retriever;
    private final Executor workers;

    private RetrievalQaChainNode(ChatModelNode model, Retriever retriever, Executor workers) {
        this.model = model;
        this.retriever = retriever;
        this.workers = workers;
    }

    static RetrievalQaChainNode load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        Retriever retriever = wiring.required(node, "vectorStoreRetriever", Role.RETRIEVER);
        return new RetrievalQaChainNode(model, retriever, wiring.runtime().workers());
    }

    /** The chain over any retriever: what {@code vectorDBQAChain} runs over its store. */
    static RetrievalQaChainNode over(ChatModelNode model, Retriever retriever, Executor workers) {
        return new RetrievalQaChainNode(model, retriever, workers);
    }

    @Override
    public boolean streamable() {
        return model.streaming();
    }

    @Override
    public CompletionStage<FlowResult> run(FlowRequest request, StreamSink sink) {
        return retriever.retrieveOn(workers, request.question())
                .thenCompose(documents -> model.stream(messages(documents, request.question()),
                        request.overrideConfig(), sink, documents));
    }

    private static List<ChatMessage> messages(List<SourceDocument> documents, String question) {
        return List.of(SystemMessage.from(SYSTEM + Retriever.context(documents)), UserMessage.from(question));
    }
}
