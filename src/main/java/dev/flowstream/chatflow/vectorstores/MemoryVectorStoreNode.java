package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.streaming.SourceDocument;

import java.util.List;
import java.util.Map;

/**
 * Flowise's {@code memoryVectorStore} used as a retriever: the documents of its {@code document}
 * loaders are embedded once, on the first question (so once per loaded version of the file: a
 * missing key or an unreachable server fails that prediction with a message naming the node, not
 * the flow's load, and the next question tries again), or by an upsert, and kept in this process
 * only: a restart or an edit of the flow forgets them; a query is embedded and the {@code topK}
 * (default 4) documents of highest cosine similarity are returned, best first. Its score
 * ({@link ScoredSearch}) is that cosine similarity, as LangChain's {@code MemoryVectorStore} gives.
 *
 * <p>Threading: {@link #retrieve} is safe concurrently; the first callers wait while one of them
 * indexes; it blocks on the embedding calls.
 */
final class MemoryVectorStoreNode implements Retriever, Upserter, ScoredSearch {

    static final String NAME = "memoryVectorStore";

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final int topK;
    private volatile VectorIndex index;

    private MemoryVectorStoreNode(ExportNode node, List<DocumentLoader> loaders, Embedder embeddings, int topK) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.topK = topK;
    }

    static MemoryVectorStoreNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        if (loaders.isEmpty()) throw node.failure("needs a document loader connected to its document input");
        Embedder embeddings = StoreInputs.embeddings(node, wiring);
        int topK = StoreInputs.topK(node);
        return new MemoryVectorStoreNode(node, loaders, embeddings, topK);
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        return index().search(embeddings, query, topK, node);
    }

    @Override
    public List<ScoredDocument> scoredSearch(String query, int k) {
        return index().scored(embeddings, query, k, node, LocalScore.COSINE_SIMILARITY);
    }

    @Override
    public int topK() {
        return topK;
    }

    /** Embeds the loaders' documents now, in place of what it held (and keeps them only in memory). */
    @Override
    public synchronized UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = documents(overrideConfig);
        index = VectorIndex.embed(embeddings, documents);
        return UpsertResult.added(documents);
    }

    /** The embedded documents, indexed by the first caller; a failure leaves them for the next. */
    private VectorIndex index() {
        VectorIndex indexed = index;
        if (indexed != null) return indexed;
        synchronized (this) {
            if (index == null) index = VectorIndex.embed(embeddings, documents(Map.of()));
            return index;
        }
    }

    private List<SourceDocument> documents(Map<String, Object> overrideConfig) {
        return StoreInputs.documents(node, loaders, overrideConfig);
    }
}
