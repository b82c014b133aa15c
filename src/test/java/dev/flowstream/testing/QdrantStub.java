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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.flowstream.testing.StubJson.JSON;

/**
 * Qdrant's REST API as its reference describes it, on loopback: {@code GET /collections/{name}}
 * (404 while missing), {@code PUT /collections/{name}} ({@code vectors: {size, distance}}),
 * {@code PUT /collections/{name}/points} ({@code points: [{id, vector, payload}]}, replacing points of
 * the same id), {@code POST /collections/{name}/points/delete} ({@code points: [ids]}) and
 * {@code POST /collections/{name}/points/search} ({@code vector}, {@code limit}, {@code filter} with
 * {@code must}, {@code should} and {@code must_not} {@code match: {value}} conditions on payload
 * paths, {@code with_payload} as a list of keys), most similar first by cosine; answers in
 * Qdrant's envelope {@code {result, status, time}}. A vector of another length than the
 * collection's gets Qdrant's 400; with a key set, a request without it ({@code api-key}) gets a 401.
 *
 * <p>Threading: requests are served on pooled threads; the collections are concurrent.
 */
public final class QdrantStub implements AutoCloseable {

    /** A collection: how it was created and its points. */
    public record Collection(JsonNode config, List<JsonNode> points) {
        int size() {
            return config.path("vectors").path("size").asInt();
        }
    }

    private final StubServer server;
    private final Optional<String> key;
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private QdrantStub(StubServer server, Optional<String> key) {
        this.server = server;
        this.key = key;
    }

    public static QdrantStub start(Optional<String> key) {
        QdrantStub stub = new QdrantStub(StubServer.bind("Qdrant stub", 0, 64, n -> "qdrant-stub-" + n), key);
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT}: a qdrant node's {@code qdrantServerUrl}. */
    public String url() {
        return server.origin();
    }

    /** Creates a collection beforehand, as another client would have. */
    public QdrantStub collection(String name, int size) {
        ObjectNode config = StubJson.object();
        config.putObject("vectors").put("size", size).put("distance", "Cosine");
        collections.put(name, new Collection(config, new CopyOnWriteArrayList<>()));
        return this;
    }

    public Optional<Collection> find(String name) {
        return Optional.ofNullable(collections.get(name));
    }

    public List<String> paths() {
        return List.copyOf(paths);
    }

    public JsonNode lastBody() throws IOException {
        return JSON.readTree(server.lastBody().orElse("{}"));
    }

    public Optional<String> lastHeader(String name) {
        return server.lastHeader(name);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = server.receive(exchange).body();
        String method = exchange.getRequestMethod();
        String[] path = exchange.getRequestURI().getPath().replaceFirst("^/collections/", "").split("/", 2);
        paths.add(method + " " + exchange.getRequestURI().getPath()
                + Optional.ofNullable(exchange.getRequestURI().getRawQuery()).map(q -> "?" + q).orElse(""));
        if (key.isPresent() && !key.get().equals(exchange.getRequestHeaders().getFirst("api-key"))) {
            StubJson.send(exchange, 401, failure("Invalid api-key"));
            return;
        }
        Collection collection = collections.get(path[0]);
        String rest = path.length > 1 ? path[1] : "";
        if (method.equals("PUT") && rest.isEmpty()) {
            collections.putIfAbsent(path[0], new Collection(JSON.readTree(body), new CopyOnWriteArrayList<>()));
            StubJson.send(exchange, 200, ok(JSON.getNodeFactory().booleanNode(true)));
        } else if (collection == null) {
            StubJson.send(exchange, 404, failure("Not found: Collection `" + path[0] + "` doesn't exist!"));
        } else if (method.equals("GET") && rest.isEmpty()) {
            StubJson.send(exchange, 200, ok(info(collection)));
        } else if (method.equals("PUT") && rest.equals("points")) {
            upsert(exchange, collection, JSON.readTree(body));
        } else if (method.equals("POST") && rest.equals("points/search")) {
            search(exchange, collection, JSON.readTree(body));
        } else if (method.equals("POST") && rest.equals("points/delete")) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            JSON.readTree(body).path("points").forEach(id -> ids.add(id.asText()));
            collection.points().removeIf(point -> ids.contains(point.path("id").asText()));
            StubJson.send(exchange, 200, ok(StubJson.object().put("operation_id", collection.points().size()).put("status", "completed")));
        } else {
            StubJson.send(exchange, 404, failure("Not found"));
        }
    }

    private void upsert(HttpExchange exchange, Collection collection, JsonNode request) throws IOException {
        for (JsonNode point : request.path("points")) {
            if (point.path("vector").size() != collection.size()) {
                StubJson.send(exchange, 400, dimensionError(collection.size(), point.path("vector").size()));
                return;
            }
        }
        for (JsonNode point : request.path("points")) { // a point of an id already held is replaced
            collection.points().removeIf(stored -> stored.path("id").asText().equals(point.path("id").asText()));
            collection.points().add(point);
        }
        StubJson.send(exchange, 200, ok(StubJson.object().put("operation_id", collection.points().size()).put("status", "completed")));
    }

    private void search(HttpExchange exchange, Collection collection, JsonNode request) throws IOException {
        float[] query = StubJson.vector(request.path("vector"));
        if (query.length != collection.size()) {
            StubJson.send(exchange, 400, dimensionError(collection.size(), query.length));
            return;
        }
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode point : collection.points()) if (matches(point.path("payload"), request.path("filter"))) found.add(point);
        found.sort(Comparator.comparingDouble(point -> -StubJson.cosine(query, StubJson.vector(point.path("vector")))));
        ArrayNode result = JSON.createArrayNode();
        found.stream().limit(request.path("limit").asInt(10)).forEach(point -> {
            ObjectNode scored = result.addObject().put("id", point.path("id").asText()).put("version", 0)
                    .put("score", StubJson.cosine(query, StubJson.vector(point.path("vector"))));
            ObjectNode payload = scored.putObject("payload");
            request.path("with_payload").forEach(wanted -> payload.set(wanted.asText(), point.path("payload").path(wanted.asText())));
            scored.putNull("vector");
        });
        StubJson.send(exchange, 200, ok(result));
    }

    private static boolean matches(JsonNode payload, JsonNode filter) {
        if (!filter.isObject()) return true;
        for (JsonNode condition : filter.path("must")) if (!holds(payload, condition)) return false;
        for (JsonNode condition : filter.path("must_not")) if (holds(payload, condition)) return false;
        boolean any = !filter.path("should").isArray() || filter.path("should").isEmpty();
        for (JsonNode condition : filter.path("should")) any |= holds(payload, condition);
        return any;
    }

    private static boolean holds(JsonNode payload, JsonNode condition) {
        return StubJson.at(payload, condition.path("key").asText()).equals(condition.path("match").path("value"));
    }

    private static ObjectNode info(Collection collection) {
        ObjectNode info = StubJson.object().put("status", "green").put("points_count", collection.points().size());
        info.putObject("config").putObject("params").set("vectors", collection.config().path("vectors"));
        return info;
    }

    private static ObjectNode dimensionError(int expected, int got) {
        return failure("Wrong input: Vector dimension error: expected dim: " + expected + ", got " + got);
    }

    private static ObjectNode ok(JsonNode result) {
        ObjectNode answer = StubJson.object();
        answer.set("result", result);
        return answer.put("status", "ok").put("time", 0.001);
    }

    private static ObjectNode failure(String message) {
        ObjectNode answer = StubJson.object();
        answer.putObject("status").put("error", message);
        return answer.put("time", 0.0);
    }

    @Override
    public void close() {
        server.close();
    }
}
