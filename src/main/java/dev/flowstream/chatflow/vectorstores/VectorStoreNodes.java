package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.node.NodeType;
import dev.flowstream.chatflow.node.Role;

import java.util.List;

/**
 * Flowise's {@code vectorstores} category: documents embedded and searched by similarity. Each
 * LangChain store is a retriever (Flowise's "Retriever" output) and a vector store (its "Vector
 * Store" output, what a {@code vectorStoreRetriever} wraps); both search the same way.
 * {@code pineconeLlamaIndex} and {@code simpleStoreLlamaIndex} are retrievers for LlamaIndex's engines.
 */
public final class VectorStoreNodes {

    public static final List<NodeType> TYPES = List.of(
            NodeType.of(MemoryVectorStoreNode.NAME, MemoryVectorStoreNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(FaissNode.NAME, FaissNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(PineconeNode.NAME, PineconeNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(PostgresNode.NAME, PostgresNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(ChromaNode.NAME, ChromaNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(SupabaseNode.NAME, SupabaseNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(QdrantNode.NAME, QdrantNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(RedisNode.NAME, RedisNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(SingleStoreNode.NAME, SingleStoreNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(DocumentStoreVsNode.NAME, DocumentStoreVsNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(VectaraNode.NAME, VectaraNode::load, Role.RETRIEVER, Role.VECTOR_STORE, Role.VECTARA_STORE),
            NodeType.of(UpstashNode.NAME, UpstashNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(ElasticsearchNode.NAME, ElasticsearchNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(OpenSearchNode.NAME, OpenSearchNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(WeaviateNode.NAME, WeaviateNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(MilvusNode.NAME, MilvusNode::load, Role.RETRIEVER, Role.VECTOR_STORE),
            NodeType.of(PineconeLlamaIndexNode.NAME, PineconeLlamaIndexNode::load, Role.INDEX_RETRIEVER),
            NodeType.of(SimpleStoreLlamaIndexNode.NAME, SimpleStoreLlamaIndexNode::load, Role.INDEX_RETRIEVER),
            NodeType.of(MongoDbAtlasNode.NAME, MongoDbAtlasNode::load, Role.RETRIEVER, Role.VECTOR_STORE));

    private VectorStoreNodes() {
    }
}
