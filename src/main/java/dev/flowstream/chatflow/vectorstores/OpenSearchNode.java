package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.UpsertResult;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.Embedder;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Retriever;
import dev.flowstream.chatflow.node.Role;
import dev.flowstream.chatflow.node.Upserter;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.streaming.SourceDocument;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flowise's {@code openSearch} node over OpenSearch's REST API and its k-NN plugin, laid out as
 * LangChain's {@code OpenSearchVectorStore} lays it out: an upsert creates the index
 * {@code indexName} when missing ({@code index.knn}; a {@code knn_vector} field {@code embedding}
 * of the embeddings' length, HNSW with {@code engine}, default {@code lucene}, and
 * {@code spaceType}, default {@code l2}), then adds the documents through {@code _bulk}; a question
 * is a {@code knn} query for the {@code topK} closest. The server ({@code openSearchUrl}) and the
 * optional {@code user} and {@code password} (basic auth) come from the {@code openSearchUrl}
 * credential, else {@code OPENSEARCH_URL}, {@code OPENSEARCH_USER} and {@code OPENSEARCH_PASSWORD}.
 * Flowise's node has no metadata filter.
 *
 * <p>Threading: immutable and thread-safe; calls block on the network and run on the runtime's workers.
 */
final class OpenSearchNode implements Retriever, Upserter {

    static final String NAME = "openSearch";
    private static final ApiKeys URL = new ApiKeys("openSearchUrl", "openSearchUrl", "OPENSEARCH_URL");
    private static final ApiKeys USER = new ApiKeys("user", "openSearchUrl", "OPENSEARCH_USER");
    private static final ApiKeys PASSWORD = new ApiKeys("password", "openSearchUrl", "OPENSEARCH_PASSWORD");
    private static final Set<String> ENGINES = Set.of("lucene", "faiss", "nmslib");
    private static final Set<String> SPACES = Set.of("l2", "cosinesimil", "innerproduct");
    private static final Pattern[] DIMENSION_ERRORS = {
            Pattern.compile("dimension mismatch\\. Expected: (?<stored>\\d+), Given: (?<given>\\d+)"),
            Pattern.compile("invalid dimension: (?<given>\\d+)\\. Dimension should be: (?<stored>\\d+)")};

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final Optional<String> index;
    private final String engine;
    private final String spaceType;
    private final StoreSearch search;
    private final VendorApi.ErrorReading dimensionErrors;
    private final VendorApi api;

    private OpenSearchNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.runtime = wiring.runtime();
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.index = node.inputs().text("indexName").map(String::trim);
        this.engine = node.inputs().text("engine").map(String::trim).orElse("lucene");
        if (!ENGINES.contains(engine)) throw node.failure("input engine must be lucene, faiss or nmslib, not " + engine);
        this.spaceType = node.inputs().text("spaceType").map(String::trim).orElse("l2");
        if (!SPACES.contains(spaceType)) throw node.failure("input spaceType must be l2, cosinesimil or innerproduct, not " + spaceType);
        this.search = StoreSearch.similarity(node);
        this.dimensionErrors = Dimensions.reading(node, this::holder, embeddings, DIMENSION_ERRORS);
        this.api = VendorApi.of(node, "OpenSearch", runtime).retrying(2).readingErrors(dimensionErrors);
    }

    static OpenSearchNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new OpenSearchNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        URI server = server();
        String name = index();
        float[] vector = embeddings.embedQuery(query);
        Optional<JsonNode> existing = api.find(server.resolve(path(name)), headers());
        if (existing.isEmpty()) return List.of();
        Dimensions.check(node, holder(), dimension(existing.get(), name), embeddings, vector.length);
        Map<String, Object> knn = Map.of("knn", Map.of("embedding", Map.of("vector", vector, "k", search.topK())));
        Map<String, Object> body = Map.of("size", search.topK(), "query", Map.of("bool", Map.of("must", List.of(knn))));
        return BulkIndex.hits(api.post(server.resolve(path(name) + "/_search"), headers(), body));
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig).stream()
                .filter(document -> !document.pageContent().isEmpty()).toList();
        URI server = server();
        String name = index(); // a missing server or index fails here, before the documents are embedded
        if (documents.isEmpty()) return UpsertResult.added(documents);
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        Optional<JsonNode> existing = api.find(server.resolve(path(name)), headers());
        if (existing.isPresent()) {
            Dimensions.check(node, holder(), dimension(existing.get(), name), embeddings, vectors.get(0).length);
        } else {
            api.put(server.resolve(path(name)), headers(), definition(vectors.get(0).length));
        }
        BulkIndex.add(node, api, server, headers(), name, documents, vectors, dimensionErrors);
        return UpsertResult.added(documents);
    }

    private Map<String, Object> definition(int dimension) {
        Map<String, Object> method = Map.of("name", "hnsw", "engine", engine, "space_type", spaceType,
                "parameters", Map.of("ef_construction", 512, "m", 16));
        Map<String, Object> embedding = Map.of("type", "knn_vector", "dimension", dimension, "method", method);
        Map<String, Object> properties = Map.of("text", Map.of("type", "text"), "metadata", Map.of("type", "object"), "embedding", embedding);
        Map<String, Object> settings = Map.of("index", Map.of("number_of_shards", 5, "number_of_replicas", 1, "knn", true,
                "knn.algo_param.ef_search", 512));
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("settings", settings);
        definition.put("mappings", Map.of("properties", properties));
        return definition;
    }

    private URI server() {
        return StoreCredentials.requiredUrl(node, runtime, URL, "OpenSearch's URL", "http://localhost:9200");
    }

    private Map<String, String> headers() {
        Optional<String> user = USER.find(node, runtime);
        Optional<String> password = PASSWORD.find(node, runtime);
        if (user.isEmpty() || password.isEmpty()) return Map.of();
        String basic = user.get() + ":" + password.get();
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }

    private String index() {
        return StoreInputs.needed(node, index, "indexName", "the name of an index");
    }

    private String holder() {
        return "OpenSearch index " + index();
    }

    private static String path(String index) {
        return URLEncoder.encode(index, StandardCharsets.UTF_8);
    }

    /** The length of the index's {@code embedding} vectors, from {@code GET /<index>}. */
    private static Optional<Integer> dimension(JsonNode info, String index) {
        JsonNode dimension = info.path(index).path("mappings").path("properties").path("embedding").path("dimension");
        return dimension.isInt() ? Optional.of(dimension.asInt()) : Optional.empty();
    }
}
