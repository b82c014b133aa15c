package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Flowise's {@code weaviate} node over Weaviate's REST and GraphQL API v1 ({@link WeaviateSettings}):
 * an upsert creates the class when missing (no vectorizer: the flow's embeddings give the vectors),
 * then adds objects through {@code /v1/batch/objects}, the text under {@code weaviateTextKey} and the
 * metadata as properties ({@link WeaviateProperties}); a question is a GraphQL {@code Get} with
 * {@code nearVector} (or {@code hybrid} with {@code alpha}), {@code limit} {@code topK} and the
 * {@code weaviateFilter} as {@code where}, returning the text and the {@code weaviateMetadataKeys}
 * (every property of the class without them). Weaviate reports failed objects and query errors in
 * answers of status 200: they are read, vector lengths told as a dimension mismatch. The key
 * ({@code weaviateApi} credential or {@code WEAVIATE_API_KEY}) goes as a bearer token; a
 * {@code recordManager} is refused.
 *
 * <p>Threading: immutable and thread-safe; calls block on the network and run on the runtime's workers.
 */
final class WeaviateNode implements Retriever, Upserter {

    static final String NAME = "weaviate";
    private static final ApiKeys KEYS = new ApiKeys("weaviateApiKey", "weaviateApi", "WEAVIATE_API_KEY");
    private static final Pattern[] DIMENSION_ERRORS = {
            Pattern.compile("new node has a vector with length (?<given>\\d+)\\. Existing nodes have vectors with length (?<stored>\\d+)"),
            Pattern.compile("vector lengths don't match: (?<stored>\\d+) vs (?<given>\\d+)")};
    private static final int BATCH = 100;

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final WeaviateSettings settings;
    private final VendorApi.ErrorReading dimensionErrors;
    private final VendorApi api;

    private WeaviateNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.runtime = wiring.runtime();
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.settings = WeaviateSettings.of(node);
        this.dimensionErrors = Dimensions.reading(node, () -> "Weaviate class " + className(), embeddings, DIMENSION_ERRORS);
        this.api = VendorApi.of(node, "Weaviate", runtime).retrying(2).readingErrors(dimensionErrors);
    }

    static WeaviateNode load(ExportNode node, Wiring wiring) {
        node.refuseIfSet("recordManager");
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new WeaviateNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        String className = className();
        URI server = server();
        float[] vector = embeddings.embedQuery(query);
        Optional<JsonNode> schema = api.find(server.resolve("v1/schema/" + className), headers());
        if (schema.isEmpty()) return List.of();
        Set<String> fields = new LinkedHashSet<>(List.of(settings.textKey()));
        if (settings.metadataKeys().isEmpty()) schema.get().path("properties").forEach(property -> fields.add(property.path("name").asText()));
        else fields.addAll(settings.metadataKeys());
        Map<String, Object> search = new LinkedHashMap<>();
        if (settings.alpha().isPresent()) search.put("query", query);
        search.put("vector", vector);
        settings.alpha().ifPresent(alpha -> search.put("alpha", alpha));
        StoreSearch how = settings.search();
        String arguments = (settings.alpha().isPresent() ? "hybrid: " : "nearVector: ") + GraphQlValue.of(search)
                + ", limit: " + how.candidates() + settings.where().map(where -> ", where: " + GraphQlValue.of(where)).orElse("");
        String graphQl = "{ Get { " + className + "(" + arguments + ") { " + String.join(" ", fields) + " _additional { distance"
                + (how.needsVectors() ? " vector" : "") + " } } } }";
        JsonNode answer = api.post(server.resolve("v1/graphql"), headers(), Map.of("query", graphQl));
        if (!answer.path("errors").isEmpty()) throw failure(answer.path("errors").path(0).path("message").asText(""), "the query");
        List<VectorIndex.Entry> found = new ArrayList<>();
        for (JsonNode object : answer.path("data").path("Get").path(className)) {
            Map<String, Object> metadata = new LinkedHashMap<>(VendorJson.metadata(object));
            metadata.remove("_additional");
            Object text = metadata.remove(settings.textKey());
            float[] stored = VendorJson.vector(object.path("_additional").path("vector")).orElse(new float[0]);
            found.add(new VectorIndex.Entry(stored, new SourceDocument(text == null ? "" : text.toString(), metadata)));
        }
        return how.select(vector, found);
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig).stream()
                .filter(document -> !document.pageContent().isEmpty()).toList();
        String className = className();
        URI server = server(); // a blank host or class fails here, before the documents are embedded
        if (documents.isEmpty()) return UpsertResult.added(documents);
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        if (api.find(server.resolve("v1/schema/" + className), headers()).isEmpty()) {
            Map<String, Object> text = Map.of("name", settings.textKey(), "dataType", List.of("text"));
            api.post(server.resolve("v1/schema"), headers(), Map.of("class", className, "vectorizer", "none", "properties", List.of(text)));
        }
        for (int from = 0; from < documents.size(); from += BATCH) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (int i = from; i < Math.min(documents.size(), from + BATCH); i++) {
                Map<String, Object> properties = WeaviateProperties.of(documents.get(i).metadata());
                properties.put(settings.textKey(), documents.get(i).pageContent());
                objects.add(Map.of("class", className, "id", UUID.randomUUID().toString(), "vector", vectors.get(i), "properties", properties));
            }
            for (JsonNode result : api.post(server.resolve("v1/batch/objects"), headers(), Map.of("objects", objects))) {
                JsonNode errors = result.path("result").path("errors").path("error");
                if (errors.isArray() && !errors.isEmpty()) throw failure(errors.path(0).path("message").asText(""), "an object");
            }
        }
        return UpsertResult.added(documents);
    }

    private ChatflowException failure(String message, String what) {
        return dimensionErrors.read(message).orElseGet(() -> new ChatflowException(ChatflowException.Kind.PROVIDER,
                "node " + node.id() + " (" + NAME + "): Weaviate refused " + what + " for class " + className()));
    }

    private Map<String, String> headers() {
        return KEYS.find(node, runtime).map(key -> Map.of("Authorization", "Bearer " + key)).orElse(Map.of());
    }

    private URI server() {
        return StoreInputs.needed(node, settings.server(), "weaviateHost", "Weaviate's host");
    }

    private String className() {
        return StoreInputs.needed(node, settings.className(), "weaviateIndex", "the name of a class");
    }
}
