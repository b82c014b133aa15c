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

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flowise's {@code redis} node over a Redis with search (Redis 8, or Redis Stack), as LangChain's
 * RedisVectorStore uses it ({@link RedisIndex}, {@link RedisSettings}): an upsert creates the index
 * for the embeddings' length when missing (with {@code replaceIndex}, drops it and its documents
 * first), then adds the documents under the keys after the index's count; a question returns the
 * {@code topK} nearest, none while the index does not exist. Vectors of another length than the
 * index's fail naming both. Its score ({@link ScoredSearch}) is Redis's {@code vector_score}, the
 * cosine distance: lower is closer, as LangChain passes it on.
 *
 * <p>Threading: thread-safe; calls block on the network and run on the runtime's workers.
 */
final class RedisNode implements Retriever, Upserter, ScoredSearch {

    static final String NAME = "redis";

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final RedisSettings settings;
    private final RedisIndex index;

    private RedisNode(ExportNode node, List<DocumentLoader> loaders, Embedder embeddings, RedisSettings settings) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.settings = settings;
        this.index = new RedisIndex(node, settings, embeddings);
    }

    static RedisNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        Embedder embeddings = StoreInputs.embeddings(node, wiring);
        return new RedisNode(node, loaders, embeddings, RedisSettings.of(node, wiring.runtime()));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        return scoredSearch(query, settings.topK()).stream().map(ScoredDocument::document).toList();
    }

    @Override
    public List<ScoredDocument> scoredSearch(String query, int k) {
        settings.index(); // a blank index name fails here, before the question is embedded
        return index.search(embeddings.embedQuery(query), k);
    }

    @Override
    public int topK() {
        return settings.topK();
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig)
                .stream().filter(document -> !document.pageContent().isEmpty()).toList();
        settings.index();
        if (documents.isEmpty()) return UpsertResult.added(documents);
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        int length = vectors.get(0).length;
        Optional<RedisIndexInfo> existing = index.info();
        if (existing.isPresent() && settings.replaceIndex()) {
            index.drop();
            existing = Optional.empty();
        }
        if (existing.isPresent()) {
            Dimensions.check(node, index.holder(), existing.get().dimension(), embeddings, length);
        } else {
            index.create(length);
        }
        index.add(documents, vectors, existing.map(RedisIndexInfo::documents).orElse(0L));
        return UpsertResult.added(documents);
    }

    @Override
    public void close() {
        index.close();
    }
}
