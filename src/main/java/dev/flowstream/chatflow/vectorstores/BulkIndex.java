package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.json.Json;
import dev.flowstream.streaming.SourceDocument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What Elasticsearch and OpenSearch share, as LangChain's stores for both use them: documents
 * {@code {text, metadata, embedding}} sent through the {@code _bulk} API (NDJSON, refreshed so a
 * question right after finds them; a bulk answer that lists failed items is a failure, a
 * dimension error among them told as such), and hits read back from {@code _source}. Stateless.
 */
final class BulkIndex {

    private static final int BATCH = 500;

    private BulkIndex() {
    }

    /** Indexes the documents with their vectors into {@code index}, in batches. */
    static void add(ExportNode node, VendorApi api, URI server, Map<String, String> headers, String index,
                    List<SourceDocument> documents, List<float[]> vectors, VendorApi.ErrorReading dimensionErrors) {
        for (int from = 0; from < documents.size(); from += BATCH) {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (int i = from; i < Math.min(documents.size(), from + BATCH); i++) {
                line(lines, Map.of("index", Map.of("_index", index, "_id", UUID.randomUUID().toString())));
                Map<String, Object> source = new LinkedHashMap<>();
                source.put("embedding", vectors.get(i));
                source.put("metadata", documents.get(i).metadata());
                source.put("text", documents.get(i).pageContent());
                line(lines, source);
            }
            JsonNode answer = api.post(server.resolve("_bulk?refresh=true"), headers, lines.toByteArray(), "application/x-ndjson");
            if (answer.path("errors").asBoolean(false)) throw failure(node, answer, dimensionErrors);
        }
    }

    /** The documents of a search answer's hits, best first. */
    static List<SourceDocument> hits(JsonNode answer) {
        List<SourceDocument> found = new ArrayList<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            JsonNode source = hit.path("_source");
            Map<String, Object> metadata = source.path("metadata").isObject() ? VendorJson.metadata(source.path("metadata")) : Map.of();
            found.add(new SourceDocument(source.path("text").asText(""), metadata));
        }
        return found;
    }

    private static ChatflowException failure(ExportNode node, JsonNode answer, VendorApi.ErrorReading dimensionErrors) {
        int failed = 0;
        Optional<JsonNode> first = Optional.empty();
        for (JsonNode item : answer.path("items")) {
            JsonNode error = item.path("index").path("error");
            if (error.isMissingNode() || error.isNull()) continue;
            failed++;
            if (first.isEmpty()) first = Optional.of(error);
        }
        String reason = first.map(error -> error.path("reason").asText("") + " " + error.path("caused_by").path("reason").asText("")).orElse("");
        String type = first.map(error -> error.path("type").asText("an error")).orElse("an error");
        int count = failed;
        return dimensionErrors.read(reason).orElseGet(() -> new ChatflowException(ChatflowException.Kind.PROVIDER, "node " + node.id()
                + " (" + node.name() + "): the bulk request failed for " + count + " of the documents (" + type + ")"));
    }

    private static void line(ByteArrayOutputStream lines, Object value) {
        try {
            lines.write(Json.writer().writeValueAsBytes(value));
            lines.write('\n');
        } catch (IOException e) {
            // a byte array stream does not fail, and loaders give metadata that JSON can hold
            throw new IllegalStateException("a document cannot be written as JSON", e);
        }
    }
}
