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
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.streaming.SourceDocument;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flowise's {@code elasticsearch} node over Elasticsearch's REST API, laid out as LangChain's
 * {@code ElasticVectorSearch} lays it out: an upsert creates the index {@code indexName} when
 * missing (a {@code dense_vector} field {@code embedding} of the embeddings' length, indexed with
 * HNSW and {@code similarity}: {@code l2_norm}, {@code dot_product} or {@code cosine}; {@code text};
 * {@code metadata.*} as keywords), then adds the documents through {@code _bulk}; a question is a
 * kNN search for the {@code topK} closest. Where Elasticsearch is and how the node signs in:
 * {@link ElasticsearchConnection}. Flowise's node has no metadata filter. A {@code recordManager}
 * is refused.
 *
 * <p>Threading: immutable and thread-safe; calls block on the network and run on the runtime's workers.
 */
final class ElasticsearchNode implements Retriever, Upserter {

    static final String NAME = "elasticsearch";
    private static final Set<String> SIMILARITIES = Set.of("l2_norm", "dot_product", "cosine");
    private static final Pattern DIMENSION_ERROR = Pattern.compile(
            "different number of dimensions \\[(?<given>\\d+)] than (?:defined in the mapping|the document vectors) \\[(?<stored>\\d+)]");
    private static final int CANDIDATES = 200;

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final Optional<String> index;
    private final String similarity;
    private final StoreSearch search;
    private final VendorApi.ErrorReading dimensionErrors;
    private final VendorApi api;

    private ElasticsearchNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.runtime = wiring.runtime();
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.index = node.inputs().text("indexName").map(String::trim);
        this.similarity = node.inputs().text("similarity").map(String::trim).orElse("l2_norm");
        if (!SIMILARITIES.contains(similarity)) throw node.failure("input similarity must be l2_norm, dot_product or cosine, not " + similarity);
        this.search = StoreSearch.similarity(node);
        this.dimensionErrors = Dimensions.reading(node, this::holder, embeddings, DIMENSION_ERROR);
        this.api = VendorApi.of(node, "Elasticsearch", runtime).retrying(2).readingErrors(dimensionErrors);
    }

    static ElasticsearchNode load(ExportNode node, Wiring wiring) {
        node.refuseIfSet("recordManager");
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new ElasticsearchNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        ElasticsearchConnection connection = ElasticsearchConnection.of(node, runtime);
        String name = index();
        float[] vector = embeddings.embedQuery(query);
        Optional<JsonNode> existing = api.find(connection.server().resolve(path(name)), connection.headers());
        if (existing.isEmpty()) return List.of();
        Dimensions.check(node, holder(), dims(existing.get(), name), embeddings, vector.length);
        Map<String, Object> knn = new LinkedHashMap<>();
        knn.put("field", "embedding");
        knn.put("query_vector", vector);
        knn.put("k", search.topK());
        knn.put("num_candidates", Math.max(CANDIDATES, search.topK()));
        Map<String, Object> body = Map.of("size", search.topK(), "knn", knn);
        return BulkIndex.hits(api.post(connection.server().resolve(path(name) + "/_search"), connection.headers(), body));
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        ElasticsearchConnection connection = ElasticsearchConnection.of(node, runtime);
        String name = index(); // a missing address or index fails here, before the documents are embedded
        if (documents.isEmpty()) return UpsertResult.added(documents);
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        Optional<JsonNode> existing = api.find(connection.server().resolve(path(name)), connection.headers());
        if (existing.isPresent()) {
            Dimensions.check(node, holder(), dims(existing.get(), name), embeddings, vectors.get(0).length);
        } else {
            api.put(connection.server().resolve(path(name)), connection.headers(), mappings(vectors.get(0).length));
        }
        BulkIndex.add(node, api, connection.server(), connection.headers(), name, documents, vectors, dimensionErrors);
        return UpsertResult.added(documents);
    }

    private Map<String, Object> mappings(int dimension) {
        Map<String, Object> embedding = new LinkedHashMap<>();
        embedding.put("type", "dense_vector");
        embedding.put("dims", dimension);
        embedding.put("index", true);
        embedding.put("similarity", similarity);
        embedding.put("index_options", Map.of("type", "hnsw", "m", 16, "ef_construction", 100));
        Map<String, Object> keywords = Map.of("metadata_except_loc", Map.of("match_mapping_type", "*", "match", "metadata.*",
                "unmatch", "metadata.loc", "mapping", Map.of("type", "keyword")));
        Map<String, Object> properties = Map.of("text", Map.of("type", "text"),
                "metadata", Map.of("type", "object", "properties", Map.of("loc", Map.of("type", "object"))), "embedding", embedding);
        return Map.of("mappings", Map.of("dynamic_templates", List.of(keywords), "properties", properties));
    }

    private String index() {
        return StoreInputs.needed(node, index, "indexName", "the name of an index");
    }

    private String holder() {
        return "Elasticsearch index " + index();
    }

    private static String path(String index) {
        return URLEncoder.encode(index, StandardCharsets.UTF_8);
    }

    /** The length of the index's {@code embedding} vectors, from {@code GET /<index>}. */
    private static Optional<Integer> dims(JsonNode info, String index) {
        JsonNode dims = info.path(index).path("mappings").path("properties").path("embedding").path("dims");
        return dims.isInt() ? Optional.of(dims.asInt()) : Optional.empty();
    }
}
