package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code vectorstores} category: documents embedded and searched by similarity, as
 * retrievers for LangChain's chains or ({@code pineconeLlamaIndex}) for LlamaIndex's engines.
 */
public final class VectorStoreNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(MemoryVectorStoreNode.NAME, MemoryVectorStoreNode::load, Role.RETRIEVER),
            NodeType.of(FaissNode.NAME, FaissNode::load, Role.RETRIEVER),
            NodeType.of(PineconeNode.NAME, PineconeNode::load, Role.RETRIEVER),
            NodeType.of(PostgresNode.NAME, PostgresNode::load, Role.RETRIEVER),
            NodeType.of(PineconeLlamaIndexNode.NAME, PineconeLlamaIndexNode::load, Role.INDEX_RETRIEVER));

    private VectorStoreNodes() {
    }
}
