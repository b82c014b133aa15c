package dev.flowstream.chatflow.node;

import java.util.List;

/**
 * A vector store that tells how close each match is, as LangChain's {@code similaritySearchWithScore}
 * does, for the nodes that keep or drop documents by score ({@code similarityThresholdRetriever},
 * {@code vectorStoreToDocument}). The score is the one LangChain's store of the same kind returns,
 * so a threshold set in Flowise means the same here: a similarity (higher is closer) for
 * {@code memoryVectorStore}, {@code pinecone} (its index's metric), {@code qdrant} (Cosine and Dot),
 * {@code supabase} and {@code mongoDBAtlas}; a distance (lower is closer) for {@code faiss}, {@code postgres},
 * {@code chroma} and {@code qdrant} with Euclid. Each store says which in its own documentation.
 * A store that cannot give scores does not implement this, and a node that needs it fails the load
 * ({@link #of}).
 *
 * <p>Threading: as {@link Retriever}: searched concurrently, blocking on the network.
 */
public interface ScoredSearch {

    /**
     * The {@code k} documents closest to {@code query} in the store's order, closest first, within
     * the store's own filter, each with its score.
     *
     * @throws dev.flowstream.chatflow.ChatflowException naming the store when it or its embeddings fail
     */
    List<ScoredDocument> scoredSearch(String query, int k);

    /** How many documents the store returns when asked without a count: its {@code topK} input. */
    int topK();

    /**
     * The vector store connected to {@code input}, which must give scores.
     *
     * @throws FlowLoadException when nothing is connected, or a store that gives no scores is
     */
    static ScoredSearch of(ExportNode node, String input, Wiring wiring) {
        Retriever store = wiring.required(node, input, Role.VECTOR_STORE);
        if (store instanceof ScoredSearch scored) return scored;
        String id = node.inputs().reference(input).orElse(input);
        throw node.failure("input " + input + " is connected to node " + id
                + ", a vector store that cannot tell how similar its documents are");
    }
}
