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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Flowise's {@code pinecone} node over Pinecone's REST API: the index's host is asked of the
 * control plane ({@code https://api.pinecone.io}, or {@code PINECONE_CONTROLLER_HOST}), then an
 * upsert sends the documents' vectors (the text in the metadata under {@code pineconeTextKey},
 * default {@code text}, as LangChain stores it) to {@code pineconeNamespace}, and a question
 * queries the {@code topK} closest, with {@code pineconeMetadataFilter} (or, with {@code searchType}
 * {@code mmr}, the {@code fetchK} closest with their values, of which {@link StoreSearch} keeps
 * {@code topK}). A dimension error of Pinecone's is told as such. The key is the node's
 * {@code pineconeApiKey}, the {@code pineconeApi} credential, or {@code PINECONE_API_KEY}, looked up
 * when needed; a blank {@code pineconeIndex} (as Flowise's templates ship it) fails the upsert or
 * question that needs it, not the load. Pinecone keeps what was upserted; an upsert adds, as
 * Flowise's does.
 *
 * <p>Threading: thread-safe; calls block on the network and run on the runtime's workers.
 */
final class PineconeNode implements Retriever, Upserter {

    static final String NAME = "pinecone";
    private static final ApiKeys KEYS = new ApiKeys("pineconeApiKey", "pineconeApi", "PINECONE_API_KEY");
    private static final int BATCH = 100;
    private static final Pattern DIMENSION_ERROR =
            Pattern.compile("dimension (?<given>\\d+) does not match the dimension of the index (?<stored>\\d+)");

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final StoreSearch search;
    private final Optional<String> index;
    private final Optional<String> namespace;
    private final String textKey;
    private final Optional<JsonNode> filter;
    private final VendorApi api;
    private volatile URI host;

    private PineconeNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.runtime = wiring.runtime();
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.search = StoreSearch.of(node);
        this.index = node.inputs().text("pineconeIndex").map(String::trim);
        this.namespace = node.inputs().text("pineconeNamespace").map(String::trim);
        this.textKey = node.inputs().text("pineconeTextKey").map(String::trim).orElse("text");
        this.filter = node.inputs().json("pineconeMetadataFilter");
        if (filter.isPresent() && !filter.get().isObject()) throw node.failure("input pineconeMetadataFilter must be a JSON object");
        this.api = VendorApi.of(node, "Pinecone", runtime)
                .readingErrors(Dimensions.reading(node, () -> "Pinecone index " + index(), embeddings, DIMENSION_ERROR));
    }

    static PineconeNode load(ExportNode node, Wiring wiring) {
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new PineconeNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        URI endpoint = host().resolve("/query");
        float[] vector = embeddings.embedQuery(query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vector", vector);
        body.put("topK", search.candidates());
        body.put("includeMetadata", true);
        if (search.needsVectors()) body.put("includeValues", true);
        namespace.ifPresent(name -> body.put("namespace", name));
        filter.ifPresent(json -> body.put("filter", json));
        List<VectorIndex.Entry> found = new ArrayList<>();
        for (JsonNode match : api.post(endpoint, headers(), body).path("matches")) {
            found.add(new VectorIndex.Entry(VendorJson.vector(match.path("values")).orElse(vector), document(match)));
        }
        return search.select(vector, found);
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        URI endpoint = host().resolve("/vectors/upsert");
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        for (int from = 0; from < documents.size(); from += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(documents.size(), from + BATCH); i++) batch.add(vector(documents.get(i), vectors.get(i)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("vectors", batch);
            namespace.ifPresent(name -> body.put("namespace", name));
            api.post(endpoint, headers(), body);
        }
        return UpsertResult.added(documents);
    }

    private Map<String, Object> vector(SourceDocument document, float[] values) {
        Map<String, Object> metadata = FlatMetadata.of(document.metadata()); // Pinecone refuses nested values
        metadata.put(textKey, document.pageContent());
        return Map.of("id", UUID.randomUUID().toString(), "values", values, "metadata", metadata);
    }

    private SourceDocument document(JsonNode match) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        match.path("metadata").properties().forEach(field -> {
            if (!field.getKey().equals(textKey)) metadata.put(field.getKey(), field.getValue().isValueNode()
                    ? field.getValue().asText() : field.getValue().toString());
        });
        return new SourceDocument(match.path("metadata").path(textKey).asText(""), metadata);
    }

    /** The index's data-plane address, asked of the control plane once. */
    private URI host() {
        URI known = host;
        if (known != null) return known;
        URI controller = URI.create(runtime.env("PINECONE_CONTROLLER_HOST").orElse("https://api.pinecone.io"));
        String found = api.get(controller.resolve("/indexes/" + index()), headers()).path("host").asText("");
        if (found.isBlank()) {
            throw new ChatflowException(ChatflowException.Kind.PROVIDER, "node " + node.id() + " (" + NAME
                    + "): Pinecone knows no host for index " + index());
        }
        known = URI.create(found.contains("://") ? found : controller.getScheme() + "://" + found);
        host = known;
        return known;
    }

    private String index() {
        return StoreInputs.needed(node, index, "pineconeIndex", "the name of a Pinecone index");
    }

    private Map<String, String> headers() {
        return Map.of("Api-Key", KEYS.require(node, runtime), "X-Pinecone-API-Version", "2024-07");
    }
}
