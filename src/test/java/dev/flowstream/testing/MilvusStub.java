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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flowstream.testing.StubJson.JSON;

/**
 * Milvus's RESTful API v2 as its reference describes it, on loopback, every answer HTTP 200 with
 * Milvus's {@code code} (0 on success, 100 for an unknown collection, 101 for one not loaded, 1100
 * for bad parameters, 1800 for missing credentials): {@code POST /v2/vectordb/collections/describe}
 * (fields with {@code params} {@code dim}, {@code load} state), {@code collections/create} (a
 * {@code schema} with {@code fields} and {@code indexParams}: created loaded), {@code collections/load},
 * {@code entities/insert} (rows; auto ids; a vector of another length than the schema's gets
 * Milvus's dimension message) and {@code entities/search} ({@code data}, {@code annsField},
 * {@code limit}, {@code outputFields}, {@code filter} as {@code field == "value"} conditions joined
 * by {@code and}), most similar first by cosine. With a token set, a request without it
 * ({@code Authorization: Bearer user:password}) gets code 1800.
 *
 * <p>Threading: requests are served on pooled threads; the collections are concurrent.
 */
public final class MilvusStub implements AutoCloseable {

    private static final Pattern CONDITION = Pattern.compile("\\s*(\\w+)\\s*==\\s*(?:\"([^\"]*)\"|'([^']*)')\\s*");

    /** A collection: its vector field, dimension, rows and load state. */
    public static final class Collection {
        final String vectorField;
        final int dimension;
        final List<ObjectNode> rows = new CopyOnWriteArrayList<>();
        volatile boolean loaded;

        Collection(String vectorField, int dimension, boolean loaded) {
            this.vectorField = vectorField;
            this.dimension = dimension;
            this.loaded = loaded;
        }

        public List<ObjectNode> rows() {
            return List.copyOf(rows);
        }
    }

    private final StubServer server;
    private final Optional<String> token;
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(449_000_000_000_000_000L);

    private MilvusStub(StubServer server, Optional<String> token) {
        this.server = server;
        this.token = token;
    }

    public static MilvusStub start(Optional<String> token) {
        MilvusStub stub = new MilvusStub(StubServer.bind("Milvus stub", 0, 64, n -> "milvus-stub-" + n), token);
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    public String url() {
        return server.origin();
    }

    /** Creates a collection beforehand, as another client would have, not loaded. */
    public MilvusStub collection(String name, String vectorField, int dimension) {
        collections.put(name, new Collection(vectorField, dimension, false));
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

    private void serve(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(server.receive(exchange).body());
        String path = exchange.getRequestURI().getPath().replaceFirst("^/v2/vectordb/", "");
        paths.add(path);
        if (token.isPresent() && !("Bearer " + token.get()).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            StubJson.send(exchange, 200, code(1800, "user hasn't authenticated"));
            return;
        }
        String name = request.path("collectionName").asText();
        Collection collection = collections.get(name);
        if (path.equals("collections/create")) {
            JsonNode vector = firstField(request.path("schema").path("fields"), "FloatVector");
            collections.putIfAbsent(name, new Collection(vector.path("fieldName").asText(),
                    vector.path("elementTypeParams").path("dim").asInt(), request.has("indexParams")));
            StubJson.send(exchange, 200, ok(StubJson.object()));
        } else if (collection == null) {
            StubJson.send(exchange, 200, code(100, "can't find collection[database=default][collection=" + name + "]"));
        } else if (path.equals("collections/describe")) {
            StubJson.send(exchange, 200, ok(describe(name, collection)));
        } else if (path.equals("collections/load")) {
            collection.loaded = true;
            StubJson.send(exchange, 200, ok(StubJson.object()));
        } else if (path.equals("entities/insert")) {
            insert(exchange, collection, request);
        } else if (path.equals("entities/search")) {
            search(exchange, collection, request);
        } else {
            StubJson.send(exchange, 404, code(404, "not found"));
        }
    }

    private void insert(HttpExchange exchange, Collection collection, JsonNode request) throws IOException {
        for (JsonNode row : request.path("data")) {
            int given = row.path(collection.vectorField).size();
            if (given != collection.dimension) {
                StubJson.send(exchange, 200, code(1100, "the dim (" + given + ") of field data(" + collection.vectorField
                        + ") is not equal to schema dim (" + collection.dimension + "): invalid parameter"));
                return;
            }
        }
        ArrayNode inserted = JSON.createArrayNode();
        for (JsonNode row : request.path("data")) {
            ObjectNode stored = ((ObjectNode) row.deepCopy()).put("langchain_primaryid", ids.incrementAndGet());
            collection.rows.add(stored);
            inserted.add(stored.path("langchain_primaryid").asLong());
        }
        ObjectNode data = StubJson.object().put("insertCount", inserted.size());
        data.set("insertIds", inserted);
        StubJson.send(exchange, 200, ok(data));
    }

    private void search(HttpExchange exchange, Collection collection, JsonNode request) throws IOException {
        if (!collection.loaded) {
            StubJson.send(exchange, 200, code(101, "collection not loaded"));
            return;
        }
        float[] query = StubJson.vector(request.path("data").path(0));
        List<String[]> conditions = new ArrayList<>();
        for (String part : request.path("filter").asText("").isBlank() ? new String[0] : request.path("filter").asText().split("(?i)\\band\\b")) {
            Matcher condition = CONDITION.matcher(part);
            if (!condition.matches()) {
                StubJson.send(exchange, 200, code(1100, "failed to create query plan: cannot parse expression"));
                return;
            }
            conditions.add(new String[]{condition.group(1), condition.group(2) != null ? condition.group(2) : condition.group(3)});
        }
        List<ObjectNode> found = new ArrayList<>(collection.rows.stream()
                .filter(row -> conditions.stream().allMatch(c -> row.path(c[0]).asText().equals(c[1]))).toList());
        found.sort(Comparator.comparingDouble(row -> -StubJson.cosine(query, StubJson.vector(row.path(collection.vectorField)))));
        ArrayNode data = JSON.createArrayNode();
        found.stream().limit(request.path("limit").asInt(10)).forEach(row -> {
            ObjectNode hit = row.deepCopy();
            hit.remove(collection.vectorField);
            hit.put("distance", 1 - StubJson.cosine(query, StubJson.vector(row.path(collection.vectorField))));
            data.add(hit);
        });
        StubJson.send(exchange, 200, ok(data));
    }

    private static ObjectNode describe(String name, Collection collection) {
        ObjectNode data = StubJson.object().put("collectionName", name).put("enableDynamicField", true)
                .put("load", collection.loaded ? "LoadStateLoaded" : "LoadStateNotLoad");
        ArrayNode fields = data.putArray("fields");
        fields.addObject().put("name", "langchain_primaryid").put("type", "Int64").put("primaryKey", true).put("autoId", true);
        ObjectNode vector = fields.addObject().put("name", collection.vectorField).put("type", "FloatVector");
        vector.putArray("params").addObject().put("key", "dim").put("value", String.valueOf(collection.dimension));
        return data;
    }

    private static ObjectNode ok(JsonNode data) {
        ObjectNode answer = StubJson.object().put("code", 0);
        answer.set("data", data);
        return answer;
    }

    private static ObjectNode code(int code, String message) {
        return StubJson.object().put("code", code).put("message", message);
    }

    @Override
    public void close() {
        server.close();
    }

    /** The first schema field of a data type. */
    private static JsonNode firstField(JsonNode fields, String dataType) {
        for (JsonNode field : fields) if (field.path("dataType").asText().equals(dataType)) return field;
        return StubJson.object();
    }
}
