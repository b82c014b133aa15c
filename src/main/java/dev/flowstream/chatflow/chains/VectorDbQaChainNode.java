package dev.flowstream.chatflow.chains;

import dev.flowstream.chatflow.node.ChatModelNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowEnd;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;

/**
 * Flowise's {@code vectorDBQAChain} node: LangChain's older form of {@code retrievalQAChain}, taking
 * the vector store itself ({@code vectorStore}) where the other takes its retriever. It searches
 * the store as it is set up (its {@code topK}, 4 by default, as Flowise asks the store for its own
 * {@code k}) and answers as {@code retrievalQAChain} does: the same prompt, the answer streamed,
 * then the documents as {@code sourceDocuments}. {@code inputModeration} checks the question first.
 *
 * <p>Threading: loads on the flow's loading thread; the chain it returns is immutable and runs
 * concurrently.
 */
final class VectorDbQaChainNode {

    static final String NAME = "vectorDBQAChain";

    private VectorDbQaChainNode() {
    }

    static FlowEnd load(ExportNode node, Wiring wiring) {
        ChatModelNode model = wiring.required(node, "model", Role.CHAT_MODEL);
        Retriever store = wiring.required(node, "vectorStore", Role.VECTOR_STORE);
        return RetrievalQaChainNode.over(model, store, wiring.runtime().workers());
    }
}
