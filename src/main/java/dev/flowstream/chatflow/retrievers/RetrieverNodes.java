package dev.flowstream.chatflow.retrievers;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/** Flowise's {@code retrievers} category: retrievers built on other nodes. */
public final class RetrieverNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(VectorStoreRetrieverNode.NAME, VectorStoreRetrieverNode::load, Role.NAMED_RETRIEVER),
            NodeType.of(SimilarityThresholdRetrieverNode.NAME, SimilarityThresholdRetrieverNode::load, Role.RETRIEVER),
            NodeType.of(EmbeddingsFilterRetrieverNode.NAME, EmbeddingsFilterRetrieverNode::load, Role.RETRIEVER),
            NodeType.of(RerankRetrieverNode.COHERE, RerankRetrieverNode::load, Role.RETRIEVER),
            NodeType.of(RerankRetrieverNode.VOYAGE, RerankRetrieverNode::load, Role.RETRIEVER),
            NodeType.of(PromptRetrieverNode.NAME, PromptRetrieverNode::load, Role.PROMPT_RETRIEVER),
            NodeType.of(MultiQueryRetrieverNode.NAME, MultiQueryRetrieverNode::load, Role.RETRIEVER),
            NodeType.of(HydeRetrieverNode.NAME, HydeRetrieverNode::load, Role.RETRIEVER),
            NodeType.of(LlmFilterRetrieverNode.NAME, LlmFilterRetrieverNode::load, Role.RETRIEVER),
            NodeType.of(RrfRetrieverNode.NAME, RrfRetrieverNode::load, Role.RETRIEVER));

    private RetrieverNodes() {
    }
}
