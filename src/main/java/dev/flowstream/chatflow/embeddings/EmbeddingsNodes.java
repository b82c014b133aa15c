package dev.flowstream.chatflow.embeddings;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/** Flowise's {@code embeddings} category: text to vectors, for vector stores. */
public final class EmbeddingsNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(EmbeddingsNode.OPENAI, (node, wiring) -> EmbeddingsNode.load(node, wiring.runtime()), Role.EMBEDDINGS),
            NodeType.of(EmbeddingsNode.OLLAMA, (node, wiring) -> EmbeddingsNode.load(node, wiring.runtime()), Role.EMBEDDINGS),
            NodeType.of(EmbeddingsNode.OPENAI_CUSTOM, (node, wiring) -> EmbeddingsNode.load(node, wiring.runtime()),
                    Role.EMBEDDINGS),
            NodeType.of(EmbeddingsNode.LOCAL_AI, (node, wiring) -> EmbeddingsNode.load(node, wiring.runtime()), Role.EMBEDDINGS),
            NodeType.of(EmbeddingsNode.LLAMA_INDEX, (node, wiring) -> EmbeddingsNode.load(node, wiring.runtime()),
                    Role.LLAMAINDEX_EMBEDDINGS));

    private EmbeddingsNodes() {
    }
}
