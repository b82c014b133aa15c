package dev.flowstream.chatflow.embeddings;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/** Flowise's {@code embeddings} category: text to vectors, for vector stores. */
public final class EmbeddingsNodes {

    private static final NodeType.Loader HOSTED = (node, wiring) -> HostedEmbeddingsNode.load(node, wiring.runtime());
    private static final NodeType.Loader REST = (node, wiring) -> RestEmbeddingsApis.load(node, wiring.runtime());

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(EmbeddingsNode.OPENAI, (node, wiring) -> EmbeddingsNode.load(node, wiring.runtime()), Role.EMBEDDINGS),
            NodeType.of(EmbeddingsNode.OLLAMA, (node, wiring) -> EmbeddingsNode.load(node, wiring.runtime()), Role.EMBEDDINGS),
            NodeType.of(EmbeddingsNode.OPENAI_CUSTOM, (node, wiring) -> EmbeddingsNode.load(node, wiring.runtime()),
                    Role.EMBEDDINGS),
            NodeType.of(EmbeddingsNode.LOCAL_AI, (node, wiring) -> EmbeddingsNode.load(node, wiring.runtime()), Role.EMBEDDINGS),
            NodeType.of(HostedEmbeddingsNode.AZURE, HOSTED, Role.EMBEDDINGS),
            NodeType.of(HostedEmbeddingsNode.MISTRAL, HOSTED, Role.EMBEDDINGS),
            NodeType.of(HostedEmbeddingsNode.GOOGLE, HOSTED, Role.EMBEDDINGS),
            NodeType.of(RestEmbeddingsApis.COHERE, REST, Role.EMBEDDINGS),
            NodeType.of(RestEmbeddingsApis.VOYAGE, REST, Role.EMBEDDINGS),
            NodeType.of(RestEmbeddingsApis.JINA, REST, Role.EMBEDDINGS),
            NodeType.of(RestEmbeddingsApis.TOGETHER, REST, Role.EMBEDDINGS),
            NodeType.of(RestEmbeddingsApis.HUGGING_FACE, REST, Role.EMBEDDINGS),
            NodeType.of(EmbeddingsNode.LLAMA_INDEX, (node, wiring) -> EmbeddingsNode.load(node, wiring.runtime()),
                    Role.LLAMAINDEX_EMBEDDINGS),
            NodeType.of(HostedEmbeddingsNode.AZURE_LLAMA_INDEX, HOSTED, Role.LLAMAINDEX_EMBEDDINGS));

    private EmbeddingsNodes() {
    }
}
