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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Flowise's {@code upstash} node over Upstash Vector's REST API: an upsert sends vectors
 * {@code {id, vector, metadata}} to {@code POST /upsert}, the text kept in the metadata under
 * {@code _pageContentLC} as LangChain's Upstash store keeps it; a question asks {@code POST /query}
 * for the {@code topK} closest with {@code includeMetadata} and {@code upstashMetadataFilter} (Upstash's
 * filter syntax, e.g. {@code source = 'faq'}). The index's URL and token come from the
 * {@code upstashVectorApi} credential or {@code UPSTASH_VECTOR_REST_URL} and
 * {@code UPSTASH_VECTOR_REST_TOKEN}; the token goes as a bearer token. {@code fileUpload} and a
 * {@code recordManager} are refused.
 *
 * <p>Threading: immutable and thread-safe; calls block on the network and run on the runtime's workers.
 */
final class UpstashNode implements Retriever, Upserter {

    static final String NAME = "upstash";
    static final String TEXT_KEY = "_pageContentLC";
    private static final ApiKeys URL = new ApiKeys("UPSTASH_VECTOR_REST_URL", "upstashVectorApi", "UPSTASH_VECTOR_REST_URL");
    private static final ApiKeys TOKEN = new ApiKeys("UPSTASH_VECTOR_REST_TOKEN", "upstashVectorApi", "UPSTASH_VECTOR_REST_TOKEN");
    private static final Pattern DIMENSION_ERROR = Pattern.compile("[Ii]nvalid vector dimension: (?<given>\\d+), expected: (?<stored>\\d+)");
    private static final int BATCH = 1000;

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final List<DocumentLoader> loaders;
    private final Embedder embeddings;
    private final Optional<String> filter;
    private final StoreSearch search;
    private final VendorApi api;

    private UpstashNode(ExportNode node, Wiring wiring, List<DocumentLoader> loaders, Embedder embeddings) {
        this.node = node;
        this.runtime = wiring.runtime();
        this.loaders = List.copyOf(loaders);
        this.embeddings = embeddings;
        this.filter = node.inputs().text("upstashMetadataFilter").map(String::trim);
        this.search = StoreSearch.similarity(node);
        this.api = VendorApi.of(node, "Upstash Vector", runtime).retrying(2)
                .readingErrors(Dimensions.reading(node, () -> "the Upstash Vector index", embeddings, DIMENSION_ERROR));
    }

    static UpstashNode load(ExportNode node, Wiring wiring) {
        node.refuseIfSet("recordManager");
        if (node.inputs().flag("fileUpload", false)) throw node.failure("uses fileUpload, which Flowstream does not support yet");
        List<DocumentLoader> loaders = wiring.all(node, "document", Role.DOCUMENT_LOADER);
        return new UpstashNode(node, wiring, loaders, StoreInputs.embeddings(node, wiring));
    }

    @Override
    public List<SourceDocument> retrieve(String query) {
        Map<String, String> headers = headers();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vector", embeddings.embedQuery(query));
        body.put("topK", search.topK());
        body.put("includeMetadata", true);
        body.put("includeVectors", false);
        filter.ifPresent(value -> body.put("filter", value));
        List<SourceDocument> found = new ArrayList<>();
        for (JsonNode match : api.post(index("query"), headers, body).path("result")) {
            Map<String, Object> metadata = match.path("metadata").isObject() ? new LinkedHashMap<>(VendorJson.metadata(match.path("metadata")))
                    : new LinkedHashMap<>();
            Object text = metadata.remove(TEXT_KEY);
            found.add(new SourceDocument(text == null ? "" : text.toString(), metadata));
        }
        return found;
    }

    @Override
    public UpsertResult upsert(Map<String, Object> overrideConfig) {
        List<SourceDocument> documents = StoreInputs.documents(node, loaders, overrideConfig);
        Map<String, String> headers = headers(); // no index or token fails here, before the documents are embedded
        if (documents.isEmpty()) return UpsertResult.added(documents);
        List<float[]> vectors = embeddings.embed(documents.stream().map(SourceDocument::pageContent).toList());
        for (int from = 0; from < documents.size(); from += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(documents.size(), from + BATCH); i++) {
                Map<String, Object> metadata = new LinkedHashMap<>(documents.get(i).metadata());
                metadata.put(TEXT_KEY, documents.get(i).pageContent());
                batch.add(Map.of("id", UUID.randomUUID().toString(), "vector", vectors.get(i), "metadata", metadata));
            }
            api.post(index("upsert"), headers, batch);
        }
        return UpsertResult.added(documents);
    }

    private Map<String, String> headers() {
        index("");
        return Map.of("Authorization", "Bearer " + StoreCredentials.required(node, runtime, TOKEN, "the index's REST token"));
    }

    private URI index(String path) {
        return StoreCredentials.requiredUrl(node, runtime, URL, "the index's REST URL", "https://<index>.upstash.io").resolve(path);
    }
}
