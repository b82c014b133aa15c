package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Indexing;
import dev.flowstream.chatflow.node.KeyedStore;
import dev.flowstream.chatflow.node.RecordManager;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.streaming.SourceDocument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Flowise's {@code pinecone} node over Pinecone's REST API ({@link PineconeIndex}): an upsert sends the documents' vectors (the text in the metadata under {@code pineconeTextKey},
 * default {@code text}, as LangChain stores it) to {@code pineconeNamespace}, and a question
 * queries the {@code topK} closest, with {@code pineconeMetadataFilter} (or, with {@code searchType}
 * {@code mmr}, the {@code fetchK} closest with their values, of which {@link StoreSearch} keeps
 * {@code topK}). A dimension error of Pinecone's is told as such. A blank {@code pineconeIndex} (as Flowise's templates ship it) fails the upsert or
 * question that needs it, not the load. Pinecone keeps what was upserted; an upsert adds, as
 * Flowise's does. Its score ({@link ScoredSearch}) is Pinecone's match score, as LangChain passes
 * it on: a similarity for cosine and dotproduct indexes, a distance for euclidean ones. With a
 * {@code recordManager} it keeps vectors under their documents' hashes ({@link Indexing}).
 *
 * <p>Threading: thread-safe; calls block on the network and run on the runtime's workers.
 */
final class PineconeNode implements Retriever, Upserter, ScoredSearch, KeyedStore {

    static final String NAME = "pinecone";
    private static final int BATCH = 100;
    /** Pinecone's most ids in one delete. */
    private static final int DELETE_BATCH = 1000;
    private static final Pattern DIMENSION_ERROR =
            Pattern.compile("dimension (?<given>\\d+) does not match the dimension of the index (?<stored>\\d+)");

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final StoreSearch search;
    private final String textKey;
    private final Optional<JsonNode> filter;
    private final PineconeIndex pinecone;
    private final Optional<RecordManager> records;

    private PineconeNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.records = wiring.optional(node, "recordManager", Role.RECORD_MANAGER);
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.search = StoreSearch.of(node);
        this.textKey = node.inputs().text("pineconeTextKey").map(String::trim).orElse("text");
        this.filter = node.inputs().json("pineconeMetadataFilter");
        if (filter.isPresent() && !filter.get().isObject()) throw node.failure("input pineconeMetadataFilter must be a JSON object");
        Optional<String> index = node.inputs().text("pineconeIndex").map(String::trim);
        this.pinecone = new PineconeIndex(node, wiring.runtime(), index, node.inputs().text("pineconeNamespace").map(String::trim),
                Optional.of(Dimensions.reading(node, () -> "Pinecone index " + index.orElse(""), embeddings, DIMENSION_ERROR)));
    }

    static PineconeNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new PineconeNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        float[] vector = embeddings.embedQuery(query);
        List<VectorIndex.Entry> found = new ArrayList<>();
        for (JsonNode match : pinecone.query(vector, search.candidates(), filter, true, search.needsVectors())) {
            found.add(new VectorIndex.Entry(VendorJson.vector(match.path("values")).orElse(vector),
                    PineconeIndex.document(match.path("metadata"), textKey)));
        }
        return search.select(vector, found);
    }

    @Override
    public List<ScoredDocument> scoredSearch(String query, int k) {
        List<ScoredDocument> found = new ArrayList<>();
        for (JsonNode match : pinecone.query(embeddings.embedQuery(query), k, filter, true)) {
            found.add(new ScoredDocument(PineconeIndex.document(match.path("metadata"), textKey), match.path("score").asDouble()));
        }
        return found;
    }

    @Override
    public int topK() {
        return search.topK();
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        if (records.isPresent()) return Indexing.index(documents, records.get(), this, node);
        add(documents, documents.stream().map(document -> UUID.randomUUID().toString()).toList());
        return UpsertResult.added(documents);
    }

    @Override
    public String storeName() {
        return pinecone.name();
    }

    @Override
    public void add(List<SourceDocument> documents, List<String> ids) {
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        for (int from = 0; from < documents.size(); from += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(documents.size(), from + BATCH); i++) {
                batch.add(vector(ids.get(i), documents.get(i), vectors.get(i)));
            }
            pinecone.upsert(batch);
        }
    }

    @Override
    public void delete(List<String> ids) {
        for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
            pinecone.delete(ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH)));
        }
    }

    private Map<String, Object> vector(String id, SourceDocument document, float[] values) {
        Map<String, Object> metadata = FlatMetadata.of(document.metadata()); // Pinecone refuses nested values
        metadata.put(textKey, document.pageContent());
        return Map.of("id", id, "values", values, "metadata", metadata);
    }
}
