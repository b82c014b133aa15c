package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NamedRetriever;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;

/**
 * Flowise's {@code vectorStoreRetriever} node: the vector store of its {@code vectorStore} input
 * under a {@code name} and a {@code description}, for a {@code multiRetrievalQAChain} to choose
 * among. The store searches as it is set up (its {@code topK}, filter and search type). A missing
 * name or description fails the load: the router could not choose the store by it.
 *
 * <p>Threading: loads on the flow's loading thread; what it returns is immutable.
 */
final class VectorStoreRetrieverNode {

    static final String NAME = "vectorStoreRetriever";

    private VectorStoreRetrieverNode() {
    }

    static NamedRetriever load(ExportNode node, Wiring wiring) {
        Retriever store = wiring.required(node, "vectorStore", Role.VECTOR_STORE);
        String name = node.inputs().text("name").map(String::strip)
                .orElseThrow(() -> node.failure("needs a name in its name input, for the chain to choose it by"));
        String description = node.inputs().text("description").map(String::strip)
                .orElseThrow(() -> node.failure("needs a description in its description input, for the chain to choose it by"));
        return new NamedRetriever(name, description, store);
    }
}
