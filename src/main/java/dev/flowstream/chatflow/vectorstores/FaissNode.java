package dev.flowstream.chatflow.vectorstores;

import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Flowise's {@code faiss} node: a vector store on local disk, in its {@code basePath}
 * ({@link StoreDirectory}), that keeps what was upserted across restarts. Flowstream keeps it in
 * its own format ({@link VectorFile}), not faiss's. An upsert embeds the documents of its
 * {@code document} loaders and replaces the store, as Flowise's does; a question is embedded and
 * the {@code topK} (default 4) closest documents are returned, best first. Before any upsert the
 * store is empty and finds nothing. Its score ({@link ScoredSearch}) is the squared euclidean
 * distance, lower is closer, as faiss's flat L2 index that Flowise's node builds gives it.
 *
 * <p>Threading: {@link #retrieve} is safe concurrently; upserts are serialised; the store is read
 * again when its file changed (another version of the flow upserted).
 */
final class FaissNode implements Retriever, Upserter, ScoredSearch {

    static final String NAME = "faiss";

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final int topK;
    private final DiskIndex stored;

    private FaissNode(ExportNode node, List<DocumentLoader> loaders, Embedder embeddings, int topK, Path directory) {
        this.node = node;
        this.loaders = loaders;
        this.embeddings = embeddings;
        this.topK = topK;
        this.stored = new DiskIndex(node, directory);
    }

    static FaissNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        Embedder embeddings = StoreInputs.embeddings(node, wiring);
        int topK = StoreInputs.topK(node);
        return new FaissNode(node, List.copyOf(loaders), embeddings, topK, StoreDirectory.of(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        return index().search(embeddings, query, topK, node);
    }

    @Override
    public List<ScoredDocument> scoredSearch(String query, int k) {
        return index().scored(embeddings, query, k, node, LocalScore.SQUARED_EUCLIDEAN);
    }

    @Override
    public int topK() {
        return topK;
    }

    @Override
    public synchronized UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        stored.replace(VectorIndex.embed(embeddings, documents));
        return UpsertResult.added(documents);
    }

    /** The stored index, read again when the file changed since. */
    private VectorIndex index() {
        return stored.read();
    }
}
