package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.Indexing;
import dev.flowstream.chatflow.node.KeyedStore;
import dev.flowstream.chatflow.node.RecordManager;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.ScoredDocument;
import dev.flowstream.chatflow.node.ScoredSearch;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Flowise's {@code chroma} node over Chroma's HTTP API ({@link ChromaApi}): the collection
 * {@code collectionName} at {@code chromaURL} (default {@code http://localhost:8000}; Chroma Cloud,
 * {@code https://api.trychroma.com:8000}, when the credential has a key and a tenant or database, as
 * Flowise has it). An upsert adds each document with its vector, text and metadata (values other
 * than text, numbers and booleans as JSON text, which is all Chroma keeps); a question returns the
 * {@code topK} closest among those matching {@code chromaMetadataFilter} (Chroma's {@code where}).
 * The {@code chromaApi} credential (or {@code CHROMA_API_KEY}, {@code CHROMA_TENANT},
 * {@code CHROMA_DATABASE}) gives the key, sent as {@code x-chroma-token} and as a bearer token,
 * the tenant and the database (default {@code default_tenant}, {@code default_database}). Vectors of
 * another length than the collection's fail naming both. A blank {@code collectionName} (as
 * Flowise's templates ship it) fails the upsert or question, not the load. Its score
 * ({@link ScoredSearch}) is Chroma's distance in the collection's space, lower is closer, as
 * LangChain passes it on (squared euclidean in Chroma's default {@code l2} space). With a
 * {@code recordManager}, records are kept under their documents' hashes ({@link Indexing}).
 *
 * <p>Threading: thread-safe; calls block on the network and run on the runtime's workers.
 */
final class ChromaNode implements Retriever, Upserter, ScoredSearch, KeyedStore {

    static final String NAME = "chroma";
    private static final ApiKeys KEY = new ApiKeys("chromaApiKey", "chromaApi", "CHROMA_API_KEY");
    private static final ApiKeys TENANT = new ApiKeys("chromaTenant", "chromaApi", "CHROMA_TENANT");
    private static final ApiKeys DATABASE = new ApiKeys("chromaDatabase", "chromaApi", "CHROMA_DATABASE");
    private static final Pattern[] DIMENSION_ERRORS = {
            Pattern.compile("dimension of (?<stored>\\d+), got (?<given>\\d+)"),
            Pattern.compile("dimension (?<given>\\d+) does not match collection dimensionality (?<stored>\\d+)")};
    private static final int BATCH = 100;

    private final ExportNode node;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final StoreSearch search;
    private final Optional<String> collection;
    private final Optional<JsonNode> where;
    private final ChromaApi chroma;
    private final Optional<RecordManager> records;

    private ChromaNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.search = StoreSearch.similarity(node);
        this.collection = node.inputs().text("collectionName").map(String::trim);
        this.where = node.inputs().json("chromaMetadataFilter");
        if (where.isPresent() && !where.get().isObject()) throw node.failure("input chromaMetadataFilter must be a JSON object");
        this.chroma = api(node, wiring.runtime(), embeddings, this::holder);
        this.records = wiring.optional(node, "recordManager", Role.RECORD_MANAGER);
    }

    static ChromaNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new ChromaNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    private static ChromaApi api(ExportNode node, FlowRuntime runtime, Embedder embeddings, Supplier<String> holder) {
        Optional<String> key = KEY.find(node, runtime);
        Optional<String> tenant = TENANT.find(node, runtime);
        Optional<String> database = DATABASE.find(node, runtime);
        boolean cloud = key.isPresent() && (tenant.isPresent() || database.isPresent());
        String url = node.inputs().text("chromaURL").map(String::trim)
                .orElse(cloud ? "https://api.trychroma.com:8000" : "http://localhost:8000");
        URI base;
        try {
            base = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw node.failure("input chromaURL must be a URL like http://localhost:8000, not " + url);
        }
        if (base.getHost() == null) throw node.failure("input chromaURL must be a URL like http://localhost:8000, not " + url);
        Map<String, String> headers = new HashMap<>();
        key.ifPresent(token -> {
            headers.put("x-chroma-token", token);
            headers.put("Authorization", "Bearer " + token);
        });
        VendorApi api = VendorApi.of(node, "Chroma", runtime).readingErrors(Dimensions.reading(node, holder, embeddings, DIMENSION_ERRORS));
        return new ChromaApi(node, api, base, tenant.orElse("default_tenant"), database.orElse("default_database"), headers);
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        return scoredSearch(query, search.candidates()).stream().map(ScoredDocument::document).toList();
    }

    @Override
    public List<ScoredDocument> scoredSearch(String query, int k) {
        String name = name();
        float[] vector = embeddings.embedQuery(query);
        ChromaApi.Collection found = chroma.collection(name);
        Dimensions.check(node, holder(), found.dimension(), embeddings, vector.length);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query_embeddings", List.of(vector));
        body.put("n_results", k);
        body.put("include", List.of("documents", "metadatas", "distances"));
        where.ifPresent(filter -> body.put("where", filter));
        JsonNode answer = chroma.query(found, body);
        JsonNode texts = answer.path("documents").path(0);
        JsonNode metadatas = answer.path("metadatas").path(0);
        JsonNode distances = answer.path("distances").path(0);
        List<ScoredDocument> documents = new ArrayList<>();
        for (int i = 0; i < answer.path("ids").path(0).size(); i++) {
            Map<String, Object> metadata = metadatas.path(i).isObject() ? VendorJson.metadata(metadatas.path(i)) : Map.of();
            documents.add(new ScoredDocument(new SourceDocument(texts.path(i).asText(""), metadata), distances.path(i).asDouble()));
        }
        return documents;
    }

    @Override
    public int topK() {
        return search.topK();
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        name();
        if (records.isPresent()) return Indexing.index(documents, records.get(), this, node);
        add(documents, documents.stream().map(document -> UUID.randomUUID().toString()).toList());
        return UpsertResult.added(documents);
    }

    @Override
    public String storeName() {
        return name();
    }

    @Override
    public void add(List<SourceDocument> documents, List<String> ids) {
        if (documents.isEmpty()) return;
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        ChromaApi.Collection found = chroma.collection(name());
        Dimensions.check(node, holder(), found.dimension(), embeddings, vectors.get(0).length);
        for (int from = 0; from < documents.size(); from += BATCH) {
            int to = Math.min(documents.size(), from + BATCH);
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("ids", ids.subList(from, to));
            batch.put("embeddings", vectors.subList(from, to));
            batch.put("metadatas", documents.subList(from, to).stream().map(ChromaNode::metadata).toList());
            batch.put("documents", documents.subList(from, to).stream().map(SourceDocument::pageContent).toList());
            chroma.upsert(found, batch);
        }
    }

    @Override
    public void delete(List<String> ids) {
        chroma.delete(chroma.collection(name()), ids);
    }

    private String name() {
        return StoreInputs.needed(node, collection, "collectionName", "the name of a Chroma collection");
    }

    private String holder() {
        return "Chroma collection " + name();
    }

    /** Chroma keeps text, numbers and booleans: anything else as its JSON; none at all as null. */
    private static Map<String, Object> metadata(SourceDocument document) {
        if (document.metadata().isEmpty()) return null;
        Map<String, Object> flat = new LinkedHashMap<>();
        document.metadata().forEach((key, value) -> flat.put(key,
                value instanceof String || value instanceof Number || value instanceof Boolean ? value : json(value)));
        return flat;
    }

    private static String json(Object value) {
        try {
            return Json.writer().writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }
}
