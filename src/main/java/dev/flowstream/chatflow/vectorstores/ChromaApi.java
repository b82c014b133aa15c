package dev.flowstream.chatflow.vectorstores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.support.VendorApi;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chroma's HTTP API as the {@code chroma} node uses it, in the version the server speaks: the v2
 * API ({@code /api/v2/tenants/{tenant}/databases/{database}/collections/...}, Chroma 0.6 and later,
 * what Flowise 3's client speaks) when the server answers {@code GET /api/v2/heartbeat}, else the v1
 * API of the servers Flowise 1.8's client spoke to ({@code /api/v1/collections/...}, tenant and
 * database as query parameters). The version is asked once. A collection is looked up by name,
 * and created when missing, before each use, as Flowise's client does.
 *
 * <p>Threading: thread-safe; calls block on the network.
 */
final class ChromaApi {

    /** A collection: its id, and the length of its vectors once it holds any. */
    record Collection(String id, Optional<Integer> dimension) {
    }

    private final ExportNode node;
    private final VendorApi api;
    private final URI base;
    private final String tenant;
    private final String database;
    private final Map<String, String> headers;
    private volatile Boolean speaksV2;

    ChromaApi(ExportNode node, VendorApi api, URI base, String tenant, String database, Map<String, String> headers) {
        this.node = node;
        this.api = api;
        this.base = base.getPath().endsWith("/") ? base : URI.create(base + "/");
        this.tenant = tenant;
        this.database = database;
        this.headers = Map.copyOf(headers);
    }

    /** The collection named {@code name}, created (empty) when missing. */
    Collection collection(String name) {
        JsonNode answer = api.post(collections(), headers, Map.of("name", name, "get_or_create", true));
        String id = answer.path("id").asText("");
        if (id.isBlank()) {
            throw new ChatflowException(ChatflowException.Kind.PROVIDER, "node " + node.id() + " (" + node.name()
                    + "): Chroma answered without the id of collection " + name);
        }
        JsonNode dimension = answer.path("dimension");
        return new Collection(id, dimension.isInt() && dimension.asInt() > 0 ? Optional.of(dimension.asInt()) : Optional.empty());
    }

    JsonNode upsert(Collection collection, Map<String, Object> records) {
        return api.post(records(collection, "upsert"), headers, records);
    }

    /** Deletes the records of {@code ids}; ids the collection does not hold are ignored. */
    JsonNode delete(Collection collection, List<String> ids) {
        return api.post(records(collection, "delete"), headers, Map.of("ids", ids));
    }

    JsonNode query(Collection collection, Map<String, Object> query) {
        return api.post(records(collection, "query"), headers, query);
    }

    private URI collections() {
        if (v2()) return base.resolve("api/v2/tenants/" + segment(tenant) + "/databases/" + segment(database) + "/collections");
        return base.resolve("api/v1/collections?tenant=" + segment(tenant) + "&database=" + segment(database));
    }

    private URI records(Collection collection, String operation) {
        String id = segment(collection.id());
        if (v2()) {
            return base.resolve("api/v2/tenants/" + segment(tenant) + "/databases/" + segment(database) + "/collections/"
                    + id + "/" + operation);
        }
        return base.resolve("api/v1/collections/" + id + "/" + operation);
    }

    private boolean v2() {
        Boolean known = speaksV2;
        if (known == null) {
            known = api.find(base.resolve("api/v2/heartbeat"), headers).isPresent();
            speaksV2 = known;
        }
        return known;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
