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

/**
 * Flowise's {@code mongoDBAtlas} node over a MongoDB Atlas collection with an Atlas Vector Search
 * index, through MongoDB's Java driver ({@link MongoAtlasCollection}, {@link MongoAtlasSettings}):
 * an upsert inserts one document a passage (text, vector and the metadata's fields, as LangChain
 * lays them out), skipping empty passages as Flowise does; a question runs {@code $vectorSearch}
 * on the {@code indexName} index for the {@code topK} nearest, within {@code mongoMetadataFilter}.
 * The index itself is made in Atlas, for the embeddings' length: Flowstream neither creates nor
 * checks it. Its score ({@link ScoredSearch}) is Atlas's {@code vectorSearchScore}, a similarity
 * (higher is closer; {@code (1 + cosine) / 2} for a cosine index), as LangChain passes it on.
 *
 * <p>Threading: thread-safe; calls block on the network and run on the runtime's workers.
 */
final class MongoDbAtlasNode implements Retriever, Upserter, ScoredSearch {

    static final String NAME = "mongoDBAtlas";

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final MongoAtlasSettings settings;
    private final MongoAtlasCollection collection;

    private MongoDbAtlasNode(ExportNode node, List<DocumentLoader> loaders, Embedder embeddings, MongoAtlasSettings settings) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.settings = settings;
        this.collection = new MongoAtlasCollection(node, settings);
    }

    static MongoDbAtlasNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        Embedder embeddings = StoreInputs.embeddings(node, wiring);
        return new MongoDbAtlasNode(node, loaders, embeddings, MongoAtlasSettings.of(node, wiring.runtime()));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        StoreSearch search = settings.search();
        if (!search.needsVectors()) return scoredSearch(query, settings.topK()).stream().map(ScoredDocument::document).toList();
        requireNames();
        settings.index();
        float[] vector = embeddings.embedQuery(query);
        return search.select(vector, collection.candidates(vector, search.candidates()));
    }

    @Override
    public List<ScoredDocument> scoredSearch(String query, int k) {
        requireNames();
        settings.index();
        return collection.search(embeddings.embedQuery(query), k);
    }

    @Override
    public int topK() {
        return settings.topK();
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig)
                .stream().filter(document -> !document.pageContent().isEmpty()).toList();
        requireNames();
        if (documents.isEmpty()) return UpsertResult.added(documents);
        collection.insert(documents, embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList()));
        return UpsertResult.added(documents);
    }

    /** A blank database or collection, or no connection string, fails here, before anything is embedded. */
    private void requireNames() {
        settings.database();
        settings.collection();
        settings.connectionString();
    }

    @Override
    public void close() {
        collection.close();
    }
}
