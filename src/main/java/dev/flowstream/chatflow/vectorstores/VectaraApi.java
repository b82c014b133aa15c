package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.streaming.SourceDocument;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Vectara's REST API v2 as the {@code vectara} node calls it: documents indexed into a corpus
 * ({@code POST /v2/corpora/<key>/documents}, one core document per passage), queries over one or
 * more corpora ({@code POST /v2/query}). The key ({@code apiKey}) and the corpus keys
 * ({@code corpusID}, comma-separated) come from the {@code vectaraApi} credential, else
 * {@code VECTARA_API_KEY} and {@code VECTARA_CORPUS_KEY}, looked up when needed; the key goes as
 * {@code x-api-key}. The service is {@code https://api.vectara.io}, or {@code VECTARA_BASE_URL}.
 *
 * <p>Threading: immutable; calls block on the network.
 */
final class VectaraApi {

    static final String DEFAULT_BASE = "https://api.vectara.io";
    private static final ApiKeys KEYS = new ApiKeys("apiKey", "vectaraApi", "VECTARA_API_KEY");
    private static final ApiKeys CORPORA = new ApiKeys("corpusID", "vectaraApi", "VECTARA_CORPUS_KEY");

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final VendorApi api;

    VectaraApi(ExportNode node, FlowRuntime runtime) {
        this.node = node;
        this.runtime = runtime;
        this.api = VendorApi.of(node, "Vectara", runtime).retrying(2);
    }

    /** The corpus keys, or a failure naming where to set them. */
    List<String> corpora() {
        List<String> keys = CORPORA.find(node, runtime).stream().flatMap(text -> Arrays.stream(text.split(",")))
                .map(String::trim).filter(key -> !key.isEmpty()).toList();
        if (keys.isEmpty()) throw configuration("needs a corpus key: set corpusID in the vectaraApi credential or VECTARA_CORPUS_KEY");
        return keys;
    }

    Map<String, String> headers() {
        String key = KEYS.find(node, runtime).orElseThrow(() ->
                configuration("has no API key: set apiKey in the vectaraApi credential or VECTARA_API_KEY"));
        return Map.of("x-api-key", key);
    }

    /** {@code <base>/v2/<path>}. */
    URI uri(String path) {
        String base = runtime.env("VECTARA_BASE_URL").orElse(DEFAULT_BASE);
        try {
            URI uri = URI.create(base.endsWith("/") ? base : base + "/");
            if (uri.getHost() != null) return uri.resolve("v2/" + path);
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw configuration("cannot use VECTARA_BASE_URL " + base + ": it must be a URL like " + DEFAULT_BASE);
    }

    /** Indexes each document into the one corpus, under a new id. */
    void index(List<SourceDocument> documents) {
        List<String> corpora = corpora();
        if (corpora.size() > 1) throw configuration("can index into one corpus only, not " + String.join(", ", corpora));
        URI target = uri("corpora/" + URLEncoder.encode(corpora.get(0), StandardCharsets.UTF_8) + "/documents");
        Map<String, String> headers = headers();
        for (SourceDocument document : documents) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", UUID.randomUUID().toString());
            body.put("type", "core");
            body.put("metadata", document.metadata());
            body.put("document_parts", List.of(Map.of("text", document.pageContent())));
            api.post(target, headers, body);
        }
    }

    /** The passages {@code search} finds for {@code query}, best first. */
    List<SourceDocument> search(String query, VectaraSearch search) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("search", search.body(corpora()));
        JsonNode answer = api.post(uri("query"), headers(), body);
        List<SourceDocument> found = passages(answer.path("search_results"));
        return found.subList(0, Math.min(found.size(), search.topK()));
    }

    /** Search results as documents: the passage's text and metadata, its document's winning as in Flowise. */
    static List<SourceDocument> passages(JsonNode results) {
        List<SourceDocument> passages = new ArrayList<>();
        for (JsonNode result : results) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (result.path("part_metadata").isObject()) metadata.putAll(VendorJson.metadata(result.path("part_metadata")));
            if (result.path("document_metadata").isObject()) metadata.putAll(VendorJson.metadata(result.path("document_metadata")));
            Optional.ofNullable(result.get("document_id")).filter(JsonNode::isTextual)
                    .ifPresent(id -> metadata.putIfAbsent("document_id", id.asText()));
            passages.add(new SourceDocument(result.path("text").asText(""), metadata));
        }
        return passages;
    }

    ChatflowException configuration(String problem) {
        return new ChatflowException(ChatflowException.Kind.CONFIGURATION, "node " + node.id() + " (" + node.name() + ") " + problem);
    }
}
