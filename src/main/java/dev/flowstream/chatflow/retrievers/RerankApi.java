package dev.flowstream.chatflow.retrievers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.support.ApiKeys;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rerank provider's documented REST API, as Flowise's rerank retrievers call it: where it is,
 * where its key is found, the request for a query, its documents and how many to keep, and where
 * the answer lists {@code {index, relevance_score}}, most relevant first. Immutable.
 *
 * @param vendor  how messages name the service
 * @param origin  the provider's address; a node's {@code basepath} replaces it (a gateway or a test server)
 * @param model   the model when the node names none, as Flowise's definition has it
 * @param results the answer's field that lists the ranked documents
 */
record RerankApi(String vendor, String origin, ApiKeys keys, String model, String results, Request request) {

    /** The body of one rerank request. */
    @FunctionalInterface
    interface Request {
        Map<String, Object> body(String model, String query, List<String> documents, int topN);
    }

    /** Cohere's {@code POST /v1/rerank}, the version Flowise's client calls. */
    static RerankApi cohere(ExportNode node) {
        int maxChunks = node.inputs().integer("maxChunksPerDoc").orElse(10);
        if (maxChunks < 1) throw node.failure("input maxChunksPerDoc must be 1 or more");
        return new RerankApi("Cohere", "https://api.cohere.ai", new ApiKeys("cohereApiKey", "cohereApi", "COHERE_API_KEY"),
                "rerank-v3.5", "results", (model, query, documents, topN) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("model", model);
                    body.put("query", query);
                    body.put("documents", documents);
                    body.put("top_n", topN);
                    body.put("max_chunks_per_doc", maxChunks);
                    body.put("return_documents", false);
                    return body;
                });
    }

    /** Voyage AI's {@code POST /v1/rerank}. */
    static RerankApi voyage() {
        return new RerankApi("Voyage AI", "https://api.voyageai.com", new ApiKeys("apiKey", "voyageAIApi", "VOYAGEAI_API_KEY"),
                "rerank-lite-1", "data", (model, query, documents, topN) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("model", model);
                    body.put("query", query);
                    body.put("documents", documents);
                    body.put("top_k", topN);
                    return body;
                });
    }

    /** The rerank endpoint, at {@code basepath} when the node has one. */
    URI endpoint(Optional<String> basepath) {
        return URI.create(basepath.map(String::trim).map(url -> url.replaceAll("/+$", "")).orElse(origin) + "/v1/rerank");
    }

    /** The ranked entries of an answer. */
    JsonNode ranked(JsonNode answer) {
        return answer.path(results);
    }
}
