package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;

/**
 * Pinecone's REST API as its documentation describes it, on loopback: the control plane's
 * {@code GET /indexes/{name}} (answering this server as the index's host) and the data plane's
 * {@code POST /vectors/upsert}, {@code POST /query} (cosine similarity, {@code topK},
 * {@code namespace}, equality {@code filter} on metadata, {@code includeMetadata},
 * {@code includeValues}) and {@code GET /vectors/fetch} ({@code ids}, {@code namespace}: the stored
 * records by id). Requests without the expected {@code Api-Key} get a 401; an upsert whose metadata
 * holds a value Pinecone does not take (an object, a list of numbers, null) gets Pinecone's 400.
 * Vectors are kept in memory per namespace.
 *
 * <p>Threading: requests are served on pooled threads; the store and the records are concurrent.
 */
public final class PineconeStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StubServer server;
    private final String apiKey;
    private final Map<String, List<JsonNode>> namespaces = new ConcurrentHashMap<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile JsonNode lastQuery = JSON.createObjectNode();

    private PineconeStub(StubServer server, String apiKey) {
        this.server = server;
        this.apiKey = apiKey;
    }

    public static PineconeStub start(String apiKey) {
        PineconeStub stub = new PineconeStub(StubServer.bind("Pinecone stub", 0, 64, n -> "pinecone-stub-" + n), apiKey);
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** The control plane's address, for {@code PINECONE_CONTROLLER_HOST}. */
    public String controllerUrl() {
        return server.origin();
    }

    /** The paths requested, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    /** The vectors kept in a namespace ("" for none). */
    public List<JsonNode> vectors(String namespace) {
        return List.copyOf(namespaces.getOrDefault(namespace, List.of()));
    }

    /** The body of the last {@code /query} request. */
    public JsonNode lastQuery() {
        return lastQuery;
    }

    /** The last request's body, as JSON. */
    public JsonNode lastBody() throws IOException {
        return JSON.readTree(server.lastBody().orElse("{}"));
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = server.receive(exchange).body();
        String path = exchange.getRequestURI().getPath();
        paths.add(exchange.getRequestMethod() + " " + path);
        if (!apiKey.equals(exchange.getRequestHeaders().getFirst("Api-Key"))) {
            send(exchange, 401, JSON.createObjectNode().put("message", "Invalid API Key"));
        } else if (path.startsWith("/indexes/")) {
            send(exchange, 200, JSON.createObjectNode().put("name", path.substring(9)).put("dimension", EmbeddingStub.DIMENSIONS)
                    .put("host", server.origin().replace("http://", "")));
        } else if (path.equals("/vectors/upsert")) {
            Optional<String> invalid = invalidMetadata(JSON.readTree(body));
            if (invalid.isPresent()) send(exchange, 400, JSON.createObjectNode().put("code", 3).put("message", invalid.get()));
            else send(exchange, 200, upsert(JSON.readTree(body)));
        } else if (path.equals("/query")) {
            send(exchange, 200, query(JSON.readTree(body)));
        } else if (path.equals("/vectors/delete") && exchange.getRequestMethod().equals("POST")) {
            send(exchange, 200, delete(JSON.readTree(body)));
        } else if (path.equals("/vectors/fetch") && exchange.getRequestMethod().equals("GET")) {
            send(exchange, 200, fetch(exchange.getRequestURI().getRawQuery()));
        } else {
            send(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
        }
    }

    /** Pinecone's rule: a metadata value is a string, a number, a boolean or a list of strings. */
    private static Optional<String> invalidMetadata(JsonNode request) {
        for (JsonNode vector : request.path("vectors")) {
            for (Map.Entry<String, JsonNode> field : vector.path("metadata").properties()) {
                JsonNode value = field.getValue();
                boolean strings = value.isArray() && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isTextual);
                if (!value.isTextual() && !value.isNumber() && !value.isBoolean() && !strings) {
                    return Optional.of("Metadata value must be a string, number, boolean or list of strings, got '" + value
                            + "' for field '" + field.getKey() + "'");
                }
            }
        }
        return Optional.empty();
    }

    /** Pinecone's upsert: a vector of an id already stored replaces it. */
    private ObjectNode upsert(JsonNode request) {
        List<JsonNode> kept = namespaces.computeIfAbsent(request.path("namespace").asText(""), n -> new CopyOnWriteArrayList<>());
        for (JsonNode vector : request.path("vectors")) {
            kept.removeIf(stored -> stored.path("id").asText().equals(vector.path("id").asText()));
            kept.add(vector);
        }
        return JSON.createObjectNode().put("upsertedCount", request.path("vectors").size());
    }

    /** Pinecone's delete by {@code ids} (at most 1000) in a namespace: unknown ids are ignored; answers {@code {}}. */
    private ObjectNode delete(JsonNode request) {
        Set<String> ids = new HashSet<>();
        request.path("ids").forEach(id -> ids.add(id.asText()));
        namespaces.getOrDefault(request.path("namespace").asText(""), new ArrayList<>())
                .removeIf(stored -> ids.contains(stored.path("id").asText()));
        return JSON.createObjectNode();
    }

    /** The ids the namespace holds. */
    public Set<String> ids(String namespace) {
        Set<String> ids = new HashSet<>();
        namespaces.getOrDefault(namespace, List.of()).forEach(stored -> ids.add(stored.path("id").asText()));
        return ids;
    }

    private ObjectNode query(JsonNode request) {
        lastQuery = request;
        float[] query = vector(request.path("vector"));
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode stored : namespaces.getOrDefault(request.path("namespace").asText(""), List.of())) {
            if (matches(stored.path("metadata"), request.path("filter"))) candidates.add(stored);
        }
        candidates.sort(Comparator.comparingDouble(stored -> -cosine(query, vector(stored.path("values")))));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode matches = answer.putArray("matches");
        candidates.stream().limit(request.path("topK").asInt(10)).forEach(stored -> {
            ObjectNode match = matches.addObject().put("id", stored.path("id").asText())
                    .put("score", cosine(query, vector(stored.path("values"))));
            if (request.path("includeMetadata").asBoolean()) match.set("metadata", stored.path("metadata"));
            if (request.path("includeValues").asBoolean()) match.set("values", stored.path("values"));
        });
        return answer.put("namespace", request.path("namespace").asText(""));
    }

    private ObjectNode fetch(String rawQuery) {
        List<String> ids = new ArrayList<>();
        String namespace = "";
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            String[] parts = pair.split("=", 2);
            String value = URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8);
            if (parts[0].equals("ids")) ids.add(value);
            else if (parts[0].equals("namespace")) namespace = value;
        }
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode vectors = answer.putObject("vectors");
        for (JsonNode stored : namespaces.getOrDefault(namespace, List.of())) {
            if (ids.contains(stored.path("id").asText())) vectors.set(stored.path("id").asText(), stored);
        }
        answer.put("namespace", namespace).putObject("usage").put("readUnits", 1);
        return answer;
    }

    private static boolean matches(JsonNode metadata, JsonNode filter) {
        if (!filter.isObject()) return true;
        for (Map.Entry<String, JsonNode> condition : filter.properties()) {
            if (!metadata.path(condition.getKey()).asText().equals(condition.getValue().asText())) return false;
        }
        return true;
    }

    private static float[] vector(JsonNode values) {
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) vector[i] = (float) values.get(i).asDouble();
        return vector;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The last request's header, for assertions. */
    public Optional<String> lastHeader(String name) {
        return server.lastHeader(name);
    }

    @Override
    public void close() {
        server.close();
    }
}
