package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.ChatflowException;
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
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.streaming.SourceDocument;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Flowise's {@code qdrant} node over Qdrant's REST API ({@link QdrantSettings}): an upsert creates
 * the collection when missing ({@code qdrantVectorDimension}, default 1536, and
 * {@code qdrantSimilarity}, with {@code qdrantCollectionConfiguration}), then adds points whose
 * payload holds the text under {@code contentPayloadKey} and the metadata under
 * {@code metadataPayloadKey}, as LangChain lays them out; a question returns the {@code topK}
 * closest points matching {@code qdrantFilter}, none while the collection does not exist. Vectors
 * of another length than the collection's (or than a new collection's dimension) fail naming
 * both. The key ({@code qdrantApi} credential or {@code QDRANT_API_KEY}) goes as {@code api-key}.
 * Its score ({@link ScoredSearch}) is Qdrant's point score, as LangChain passes it on: the
 * similarity for Cosine and Dot collections, the euclidean distance for Euclid ones.
 * With a {@code recordManager}, points are kept under their documents' hashes ({@link Indexing}).
 *
 * <p>Threading: thread-safe; calls block on the network and run on the runtime's workers.
 */
final class QdrantNode implements Retriever, Upserter, ScoredSearch, KeyedStore {

    static final String NAME = "qdrant";
    private static final Pattern DIMENSION_ERROR = Pattern.compile("expected dim: (?<stored>\\d+), got (?<given>\\d+)");

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final QdrantSettings settings;
    private final VendorApi api;
    private final Optional<RecordManager> records;

    private QdrantNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.settings = QdrantSettings.of(node, wiring.runtime());
        this.api = VendorApi.of(node, "Qdrant", wiring.runtime())
                .readingErrors(Dimensions.reading(node, this::holder, embeddings, DIMENSION_ERROR));
        this.records = wiring.optional(node, "recordManager", Role.RECORD_MANAGER);
    }

    static QdrantNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new QdrantNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        return scoredSearch(query, settings.search().candidates()).stream().map(ScoredDocument::document).toList();
    }

    @Override
    public List<ScoredDocument> scoredSearch(String query, int k) {
        URI collectionUri = settings.collectionUri("");
        float[] vector = embeddings.embedQuery(query);
        Optional<JsonNode> collection = api.find(collectionUri, settings.headers());
        if (collection.isEmpty()) return List.of();
        Dimensions.check(node, holder(), size(collection.get()), embeddings, vector.length);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vector", vector);
        body.put("limit", k);
        body.put("with_payload", List.of(settings.metadataKey(), settings.contentKey()));
        body.put("with_vector", false);
        settings.filter().ifPresent(filter -> body.put("filter", filter));
        List<ScoredDocument> found = new ArrayList<>();
        for (JsonNode point : api.post(settings.collectionUri("/points/search"), settings.headers(), body).path("result")) {
            JsonNode payload = point.path("payload");
            JsonNode metadata = payload.path(settings.metadataKey());
            found.add(new ScoredDocument(new SourceDocument(payload.path(settings.contentKey()).asText(""),
                    metadata.isObject() ? VendorJson.metadata(metadata) : Map.of()), point.path("score").asDouble()));
        }
        return found;
    }

    @Override
    public int topK() {
        return settings.search().topK();
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        settings.collectionUri(""); // a blank server or collection fails here, before the documents are embedded
        if (records.isPresent()) return Indexing.index(documents, records.get(), this, node);
        add(documents, documents.stream().map(document -> UUID.randomUUID().toString()).toList());
        return UpsertResult.added(documents);
    }

    @Override
    public String storeName() {
        return settings.collection();
    }

    @Override
    public void add(List<SourceDocument> documents, List<String> ids) {
        if (documents.isEmpty()) return;
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        ensureCollection(vectors.get(0).length);
        for (int from = 0; from < documents.size(); from += settings.batchSize()) {
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = from; i < Math.min(documents.size(), from + settings.batchSize()); i++) {
                Map<String, Object> payload = Map.of(settings.contentKey(), documents.get(i).pageContent(),
                        settings.metadataKey(), documents.get(i).metadata());
                points.add(Map.of("id", ids.get(i), "vector", vectors.get(i), "payload", payload));
            }
            api.put(settings.collectionUri("/points?wait=true"), settings.headers(), Map.of("points", points));
        }
    }

    /** Qdrant's delete by point ids; a collection not created yet holds none. */
    @Override
    public void delete(List<String> ids) {
        if (api.find(settings.collectionUri(""), settings.headers()).isEmpty()) return;
        api.post(settings.collectionUri("/points/delete?wait=true"), settings.headers(), Map.of("points", ids));
    }

    /** The collection, checked against vectors of {@code length}; created with the node's settings when missing. */
    private void ensureCollection(int length) {
        Optional<JsonNode> existing = api.find(settings.collectionUri(""), settings.headers());
        if (existing.isPresent()) {
            Dimensions.check(node, holder(), size(existing.get()), embeddings, length);
            return;
        }
        if (settings.dimension() != length) {
            throw new ChatflowException(ChatflowException.Kind.CONFIGURATION, "node " + node.id() + " (" + NAME
                    + "): input qdrantVectorDimension is " + settings.dimension() + " for the new " + holder() + ", but "
                    + embeddings.describe() + " gives " + length);
        }
        ObjectNode create = settings.collectionConfiguration().map(ObjectNode::deepCopy).orElseGet(JsonNodeFactory.instance::objectNode);
        ObjectNode vectors = create.path("vectors").isObject() ? (ObjectNode) create.get("vectors") : create.putObject("vectors");
        vectors.put("size", settings.dimension()).put("distance", settings.distance());
        api.put(settings.collectionUri(""), settings.headers(), create);
    }

    private String holder() {
        return "Qdrant collection " + settings.collection();
    }

    /** The length of the collection's (unnamed) vectors, from Qdrant's collection info. */
    private static Optional<Integer> size(JsonNode info) {
        JsonNode size = info.path("result").path("config").path("params").path("vectors").path("size");
        return size.isInt() ? Optional.of(size.asInt()) : Optional.empty();
    }
}
