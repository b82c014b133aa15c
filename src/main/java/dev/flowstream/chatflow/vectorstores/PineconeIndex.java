package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.ChatflowException.Kind;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.streaming.SourceDocument;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One Pinecone index over Pinecone's REST API, as the Pinecone nodes call it: its data-plane host
 * asked of the control plane ({@code https://api.pinecone.io}, or {@code PINECONE_CONTROLLER_HOST})
 * once, then upserts, queries and fetches there, in a namespace when one is given. The key is the
 * node's {@code pineconeApiKey}, the {@code pineconeApi} credential, or {@code PINECONE_API_KEY},
 * looked up when needed. Every failure names the node.
 *
 * <p>Threading: thread-safe (the host is a benign race); calls block on the network.
 */
final class PineconeIndex {

    private static final ApiKeys KEYS = new ApiKeys("pineconeApiKey", "pineconeApi", "PINECONE_API_KEY");

    private final ExportNode node;
    private final FlowRuntime runtime;
    private final Optional<String> index;
    private final Optional<String> namespace;
    private final VendorApi api;
    private volatile URI host;

    /** @param index the index's name; a node without one fails when it first needs Pinecone */
    PineconeIndex(ExportNode node, FlowRuntime runtime, Optional<String> index, Optional<String> namespace) {
        this(node, runtime, index, namespace, Optional.empty());
    }

    /** @param errors how the node reads Pinecone's error answers it can name (a dimension mismatch) */
    PineconeIndex(ExportNode node, FlowRuntime runtime, Optional<String> index, Optional<String> namespace,
                  Optional<VendorApi.ErrorReading> errors) {
        this.node = node;
        this.runtime = runtime;
        this.index = index;
        this.namespace = namespace;
        VendorApi plain = VendorApi.of(node, "Pinecone", runtime);
        this.api = errors.map(plain::readingErrors).orElse(plain);
    }

    /** The index's name, or a failure naming the input where it goes. */
    String name() {
        return StoreInputs.needed(node, index, "pineconeIndex", "the name of a Pinecone index");
    }

    /** Stores {@code vectors} ({@code {id, values, metadata}}) in the namespace. */
    void upsert(List<Map<String, Object>> vectors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vectors", vectors);
        namespace.ifPresent(name -> body.put("namespace", name));
        api.post(host().resolve("/vectors/upsert"), headers(), body);
    }

    /** Deletes the vectors of {@code ids} (at most 1000) from the namespace; unknown ids are ignored. */
    void delete(List<String> ids) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ids", ids);
        namespace.ifPresent(name -> body.put("namespace", name));
        api.post(host().resolve("/vectors/delete"), headers(), body);
    }

    /** The {@code topK} matches closest to {@code vector} within {@code filter}: {@code [{id, score, metadata?}]}. */
    JsonNode query(float[] vector, int topK, Optional<JsonNode> filter, boolean withMetadata) {
        return query(vector, topK, filter, withMetadata, false);
    }

    /** As {@link #query(float[], int, Optional, boolean)}, with each match's {@code values} when asked. */
    JsonNode query(float[] vector, int topK, Optional<JsonNode> filter, boolean withMetadata, boolean withValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vector", vector);
        body.put("topK", topK);
        if (withMetadata) body.put("includeMetadata", true);
        if (withValues) body.put("includeValues", true);
        namespace.ifPresent(name -> body.put("namespace", name));
        filter.ifPresent(json -> body.put("filter", json));
        return api.post(host().resolve("/query"), headers(), body).path("matches");
    }

    /** The stored records of {@code ids}: {@code {id: {id, values, metadata}}}. */
    JsonNode fetch(List<String> ids) {
        String query = ids.stream().map(id -> "ids=" + URLEncoder.encode(id, StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"))
                + namespace.map(name -> "&namespace=" + URLEncoder.encode(name, StandardCharsets.UTF_8)).orElse("");
        return api.get(host().resolve("/vectors/fetch?" + query), headers()).path("vectors");
    }

    /** A stored record as a document: the text under {@code textKey}, the rest of the metadata as text. */
    static SourceDocument document(JsonNode metadata, String textKey) {
        Map<String, Object> fields = new LinkedHashMap<>();
        metadata.properties().forEach(field -> {
            if (!field.getKey().equals(textKey)) fields.put(field.getKey(), field.getValue().isValueNode()
                    ? field.getValue().asText() : field.getValue().toString());
        });
        return new SourceDocument(metadata.path(textKey).asText(""), fields);
    }

    /** The ids of query matches, best first. */
    static List<String> ids(JsonNode matches) {
        List<String> ids = new ArrayList<>();
        matches.forEach(match -> ids.add(match.path("id").asText()));
        return ids;
    }

    /** The index's data-plane address, asked of the control plane once. */
    private URI host() {
        URI known = host;
        if (known != null) return known;
        String name = name();
        URI controller = URI.create(runtime.env("PINECONE_CONTROLLER_HOST").orElse("https://api.pinecone.io"));
        String found = api.get(controller.resolve("/indexes/" + name), headers()).path("host").asText("");
        if (found.isBlank()) {
            throw new ChatflowException(Kind.PROVIDER, "node " + node.id() + " (" + node.name()
                    + "): Pinecone knows no host for index " + name);
        }
        known = URI.create(found.contains("://") ? found : controller.getScheme() + "://" + found);
        host = known;
        return known;
    }

    private Map<String, String> headers() {
        return Map.of("Api-Key", KEYS.require(node, runtime), "X-Pinecone-API-Version", "2024-07");
    }
}
