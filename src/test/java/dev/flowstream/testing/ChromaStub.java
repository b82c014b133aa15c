package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flowstream.testing.StubJson.JSON;

/**
 * Chroma's HTTP API as its reference describes it, on loopback: {@code GET /api/v2/heartbeat};
 * {@code POST /api/v2/tenants/{tenant}/databases/{database}/collections} with {@code get_or_create};
 * {@code .../collections/{id}/upsert} ({@code ids}, {@code embeddings}, {@code metadatas},
 * {@code documents}; a record of an id already held is replaced), {@code .../collections/{id}/delete}
 * ({@code ids}) and {@code .../collections/{id}/query} ({@code query_embeddings},
 * {@code n_results}, {@code where} with equality, {@code $eq} and {@code $and}; answers
 * {@code ids}, {@code documents}, {@code metadatas}, {@code distances} per query, nearest first by
 * squared L2, Chroma's default space). {@link #startV1} serves instead the v1 API of older servers
 * ({@code /api/v1/collections?tenant=&database=}, {@code /api/v1/collections/{id}/...}) and answers
 * 404 to every v2 path. A collection takes the length of its first vectors; another length gets
 * Chroma's 400. With a token set, a request without it ({@code x-chroma-token}) gets a 401, the
 * heartbeat aside.
 *
 * <p>Threading: requests are served on pooled threads; the collections and records are concurrent.
 */
public final class ChromaStub implements AutoCloseable {

    private static final Pattern V2 = Pattern.compile("/api/v2/tenants/([^/]+)/databases/([^/]+)/collections(?:/([^/]+)/(\\w+))?");
    private static final Pattern V1 = Pattern.compile("/api/v1/collections(?:/([^/]+)/(\\w+))?");

    /** A collection: where it lives, its id and name, and its records' vectors and documents. */
    public record Collection(String tenant, String database, String name, String id, List<JsonNode> records) {
    }

    private final StubServer server;
    private final Optional<String> token;
    private final boolean v1Only;
    private final Map<String, Collection> byId = new ConcurrentHashMap<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private ChromaStub(StubServer server, Optional<String> token, boolean v1Only) {
        this.server = server;
        this.token = token;
        this.v1Only = v1Only;
    }

    /** A current Chroma (v2 API); {@code token} empty for a server without auth. */
    public static ChromaStub start(Optional<String> token) {
        return start(token, false);
    }

    /** An older Chroma that speaks only the v1 API. */
    public static ChromaStub startV1(Optional<String> token) {
        return start(token, true);
    }

    private static ChromaStub start(Optional<String> token, boolean v1Only) {
        ChromaStub stub = new ChromaStub(StubServer.bind("Chroma stub", 0, 64, n -> "chroma-stub-" + n), token, v1Only);
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT}: a chroma node's {@code chromaURL}. */
    public String url() {
        return server.origin();
    }

    /** Requests as {@code METHOD path?query}, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    public Optional<Collection> collection(String name) {
        return byId.values().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public JsonNode lastBody() throws IOException {
        return JSON.readTree(server.lastBody().orElse("{}"));
    }

    public Optional<String> lastHeader(String name) {
        return server.lastHeader(name);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = server.receive(exchange).body();
        String path = exchange.getRequestURI().getPath();
        String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).map(q -> "?" + q).orElse("");
        paths.add(exchange.getRequestMethod() + " " + path + query);
        Matcher v2 = V2.matcher(path);
        Matcher v1 = V1.matcher(path);
        if (path.equals("/api/v2/heartbeat") && !v1Only || path.equals("/api/v1/heartbeat")) {
            StubJson.send(exchange, 200, StubJson.object().put("nanosecond heartbeat", System.nanoTime()));
        } else if (token.isPresent() && !token.get().equals(exchange.getRequestHeaders().getFirst("x-chroma-token"))) {
            StubJson.send(exchange, 401, error("AuthError", "Unauthorized"));
        } else if (!v1Only && v2.matches()) {
            route(exchange, v2.group(1), v2.group(2), v2.group(3), v2.group(4), body);
        } else if (v1Only && v1.matches()) {
            Map<String, String> params = params(query);
            route(exchange, params.getOrDefault("tenant", "default_tenant"), params.getOrDefault("database", "default_database"),
                    v1.group(1), v1.group(2), body);
        } else {
            StubJson.send(exchange, 404, StubJson.object().put("detail", "Not Found"));
        }
    }

    private void route(HttpExchange exchange, String tenant, String database, String id, String operation, String body)
            throws IOException {
        JsonNode request = JSON.readTree(body.isEmpty() ? "{}" : body);
        if (id == null) {
            StubJson.send(exchange, 200, getOrCreate(tenant, database, request.path("name").asText()));
            return;
        }
        Collection collection = byId.get(id);
        if (collection == null) {
            StubJson.send(exchange, 404, error("NotFoundError", "Collection " + id + " does not exist"));
        } else if (operation.equals("upsert")) {
            upsert(exchange, collection, request);
        } else if (operation.equals("query")) {
            query(exchange, collection, request);
        } else if (operation.equals("delete")) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            request.path("ids").forEach(deleted -> ids.add(deleted.asText()));
            collection.records().removeIf(record -> ids.contains(record.path("id").asText()));
            StubJson.send(exchange, 200, StubJson.object());
        } else {
            StubJson.send(exchange, 404, StubJson.object().put("detail", "Not Found"));
        }
    }

    private synchronized ObjectNode getOrCreate(String tenant, String database, String name) {
        Collection collection = byId.values().stream()
                .filter(c -> c.tenant().equals(tenant) && c.database().equals(database) && c.name().equals(name)).findFirst()
                .orElseGet(() -> {
                    Collection created = new Collection(tenant, database, name, UUID.randomUUID().toString(), new CopyOnWriteArrayList<>());
                    byId.put(created.id(), created);
                    return created;
                });
        ObjectNode answer = StubJson.object().put("id", collection.id()).put("name", name).put("tenant", tenant).put("database", database);
        answer.putNull("metadata");
        answer.putObject("configuration_json");
        dimension(collection).ifPresentOrElse(size -> answer.put("dimension", size), () -> answer.putNull("dimension"));
        return answer;
    }

    private void upsert(HttpExchange exchange, Collection collection, JsonNode request) throws IOException {
        JsonNode embeddings = request.path("embeddings");
        Optional<Integer> expected = dimension(collection).or(() -> Optional.of(embeddings.path(0).size()));
        for (int i = 0; i < embeddings.size(); i++) {
            if (embeddings.get(i).size() != expected.get()) {
                StubJson.send(exchange, 400, dimensionError(expected.get(), embeddings.get(i).size()));
                return;
            }
        }
        for (int i = 0; i < request.path("ids").size(); i++) {
            String id = request.path("ids").get(i).asText();
            collection.records().removeIf(record -> record.path("id").asText().equals(id)); // an upsert replaces
            collection.records().add(StubJson.object().put("id", request.path("ids").get(i).asText())
                    .<ObjectNode>set("embedding", embeddings.get(i)).<ObjectNode>set("metadata", request.path("metadatas").path(i))
                    .set("document", request.path("documents").path(i)));
        }
        StubJson.send(exchange, 200, StubJson.object());
    }

    private void query(HttpExchange exchange, Collection collection, JsonNode request) throws IOException {
        float[] query = StubJson.vector(request.path("query_embeddings").path(0));
        Optional<Integer> size = dimension(collection);
        if (size.isPresent() && size.get() != query.length) {
            StubJson.send(exchange, 400, dimensionError(size.get(), query.length));
            return;
        }
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode record : collection.records()) if (matches(record.path("metadata"), request.path("where"))) matches.add(record);
        matches.sort(Comparator.comparingDouble(record -> distance(query, StubJson.vector(record.path("embedding")))));
        ObjectNode answer = StubJson.object();
        ArrayNode ids = answer.putArray("ids").addArray();
        ArrayNode documents = answer.putArray("documents").addArray();
        ArrayNode metadatas = answer.putArray("metadatas").addArray();
        ArrayNode distances = answer.putArray("distances").addArray();
        matches.stream().limit(request.path("n_results").asInt(10)).forEach(record -> {
            ids.add(record.path("id").asText());
            documents.add(record.path("document"));
            metadatas.add(record.path("metadata"));
            distances.add(distance(query, StubJson.vector(record.path("embedding"))));
        });
        answer.putNull("embeddings");
        StubJson.send(exchange, 200, answer);
    }

    private static boolean matches(JsonNode metadata, JsonNode where) {
        if (!where.isObject()) return true;
        for (Map.Entry<String, JsonNode> condition : where.properties()) {
            if (condition.getKey().equals("$and")) {
                for (JsonNode part : condition.getValue()) if (!matches(metadata, part)) return false;
                continue;
            }
            JsonNode wanted = condition.getValue().has("$eq") ? condition.getValue().get("$eq") : condition.getValue();
            if (!metadata.path(condition.getKey()).equals(wanted)) return false;
        }
        return true;
    }

    private static Optional<Integer> dimension(Collection collection) {
        return collection.records().stream().findFirst().map(record -> record.path("embedding").size());
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return sum;
    }

    private static ObjectNode dimensionError(int expected, int got) {
        return error("InvalidArgumentError", "Collection expecting embedding with dimension of " + expected + ", got " + got);
    }

    private static ObjectNode error(String type, String message) {
        return StubJson.object().put("error", type).put("message", message);
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new ConcurrentHashMap<>();
        for (String pair : query.replaceFirst("^\\?", "").split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) params.put(parts[0], java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }

    @Override
    public void close() {
        server.close();
    }
}
