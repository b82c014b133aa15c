package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ApiKeys;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code qdrant} node's inputs, checked when the flow loads: {@code qdrantServerUrl},
 * {@code qdrantCollection}, {@code qdrantVectorDimension} (1536), {@code qdrantSimilarity}
 * ({@code Cosine}, {@code Euclid} or {@code Dot}), {@code qdrantCollectionConfiguration},
 * {@code contentPayloadKey} ({@code content}), {@code metadataPayloadKey} ({@code metadata}),
 * {@code batchSize} (points per request; Flowstream sends at most 100 without one),
 * {@code qdrantFilter}, {@code topK}; and the key, looked up when a request needs it. A blank
 * server or collection (as Flowise's templates ship them) fails the request that needs it.
 *
 * <p>Threading: immutable.
 */
final class QdrantSettings {

    private static final ApiKeys KEYS = new ApiKeys("qdrantApiKey", "qdrantApi", "QDRANT_API_KEY");
    private static final Set<String> DISTANCES = Set.of("Cosine", "Euclid", "Dot");
    private static final int MAX_DIMENSION = 65_536;

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final Optional<URI> server;
    private final Optional<String> collection;
    private final int dimension;
    private final String distance;
    private final Optional<ObjectNode> collectionConfiguration;
    private final String contentKey;
    private final String metadataKey;
    private final int batchSize;
    private final Optional<JsonNode> filter;
    private final StoreSearch search;

    private QdrantSettings(ExportNode node, FlowRuntime runtime) {
        this.node = node;
        this.runtime = runtime;
        this.server = node.inputs().text("qdrantServerUrl").map(url -> server(node, url.trim()));
        this.collection = node.inputs().text("qdrantCollection").map(String::trim);
        this.dimension = node.inputs().integer("qdrantVectorDimension").orElse(1536);
        if (dimension < 1 || dimension > MAX_DIMENSION) throw node.failure("input qdrantVectorDimension must be between 1 and " + MAX_DIMENSION);
        this.distance = node.inputs().text("qdrantSimilarity").map(String::trim).orElse("Cosine");
        if (!DISTANCES.contains(distance)) throw node.failure("input qdrantSimilarity must be Cosine, Euclid or Dot, not " + distance);
        this.collectionConfiguration = object(node, "qdrantCollectionConfiguration", node.inputs().json("qdrantCollectionConfiguration"));
        this.contentKey = node.inputs().text("contentPayloadKey").map(String::trim).orElse("content");
        this.metadataKey = node.inputs().text("metadataPayloadKey").map(String::trim).orElse("metadata");
        this.batchSize = node.inputs().integer("batchSize").orElse(100);
        if (batchSize < 1) throw node.failure("input batchSize must be 1 or more");
        this.filter = object(node, "qdrantFilter", node.inputs().json("qdrantFilter")).map(JsonNode.class::cast);
        if (node.inputs().flag("fileUpload", false)) throw node.failure("uses fileUpload, which Flowstream does not support yet");
        this.search = StoreSearch.similarity(node);
    }

    static QdrantSettings of(ExportNode node, FlowRuntime runtime) {
        return new QdrantSettings(node, runtime);
    }

    /** {@code <server>/collections/<collection><rest>}; fails naming the input when either is blank. */
    URI collectionUri(String rest) {
        URI base = StoreInputs.needed(node, server, "qdrantServerUrl", "the Qdrant server's URL");
        return base.resolve("collections/" + URLEncoder.encode(collection(), StandardCharsets.UTF_8).replace("+", "%20") + rest);
    }

    Map<String, String> headers() {
        return KEYS.find(node, runtime).map(key -> Map.of("api-key", key)).orElse(Map.of());
    }

    String collection() {
        return StoreInputs.needed(node, collection, "qdrantCollection", "the name of a collection");
    }

    int dimension() {
        return dimension;
    }

    String distance() {
        return distance;
    }

    Optional<ObjectNode> collectionConfiguration() {
        return collectionConfiguration;
    }

    String contentKey() {
        return contentKey;
    }

    String metadataKey() {
        return metadataKey;
    }

    int batchSize() {
        return batchSize;
    }

    Optional<JsonNode> filter() {
        return filter;
    }

    StoreSearch search() {
        return search;
    }

    private static URI server(ExportNode node, String url) {
        try {
            URI uri = URI.create(url.endsWith("/") ? url : url + "/");
            if (uri.getHost() != null) return uri;
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw node.failure("input qdrantServerUrl must be a URL like http://localhost:6333, not " + url);
    }

    private static Optional<ObjectNode> object(ExportNode node, String input, Optional<JsonNode> value) {
        if (value.isPresent() && !value.get().isObject()) throw node.failure("input " + input + " must be a JSON object");
        return value.map(ObjectNode.class::cast);
    }
}
