package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flowstream.testing.StubJson.JSON;

/**
 * One Upstash Vector index's REST API as Upstash documents it, on loopback: {@code POST /upsert}
 * (one vector {@code {id, vector, metadata}} or an array of them), {@code POST /query}
 * ({@code vector}, {@code topK}, {@code includeMetadata}, {@code includeVectors}, {@code filter}),
 * answers in Upstash's envelope {@code {"result": ...}}, most similar first by cosine. Filters
 * understood: {@code field = 'value'} conditions (double quotes too, dotted paths into nested
 * metadata) joined by {@code AND}; others get a 400. A vector of another dimension than the
 * index's gets Upstash's 400; a request without the bearer token gets a 401.
 *
 * <p>Threading: requests are served on pooled threads; the vectors are concurrent.
 */
public final class UpstashStub implements AutoCloseable {

    private static final Pattern CONDITION = Pattern.compile("\\s*([\\w.]+)\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*");

    private final StubServer server;
    private final String token;
    private final int dimension;
    private final List<JsonNode> vectors = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private UpstashStub(StubServer server, String token, int dimension) {
        this.server = server;
        this.token = token;
        this.dimension = dimension;
    }

    public static UpstashStub start(String token, int dimension) {
        UpstashStub stub = new UpstashStub(StubServer.bind("Upstash stub", 0, 64, n -> "upstash-stub-" + n), token, dimension);
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT}: the index's REST URL. */
    public String url() {
        return server.origin();
    }

    public List<JsonNode> vectors() {
        return List.copyOf(vectors);
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
        String path = exchange.getRequestURI().getPath();
        paths.add(exchange.getRequestMethod() + " " + path);
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            StubJson.send(exchange, 401, error("Unauthorized: Invalid auth token"));
        } else if (path.equals("/upsert")) {
            upsert(exchange, JSON.readTree(body));
        } else if (path.equals("/query")) {
            query(exchange, JSON.readTree(body));
        } else {
            StubJson.send(exchange, 404, error("Not found"));
        }
    }

    private void upsert(HttpExchange exchange, JsonNode request) throws IOException {
        List<JsonNode> batch = new ArrayList<>();
        if (request.isArray()) request.forEach(batch::add);
        else batch.add(request);
        for (JsonNode vector : batch) {
            if (vector.path("vector").size() != dimension) {
                StubJson.send(exchange, 400, dimensionError(vector.path("vector").size()));
                return;
            }
        }
        vectors.addAll(batch);
        StubJson.send(exchange, 200, StubJson.object().put("result", "Success"));
    }

    private void query(HttpExchange exchange, JsonNode request) throws IOException {
        float[] query = StubJson.vector(request.path("vector"));
        if (query.length != dimension) {
            StubJson.send(exchange, 400, dimensionError(query.length));
            return;
        }
        List<String[]> conditions = new ArrayList<>();
        if (request.hasNonNull("filter")) {
            for (String part : request.path("filter").asText().split("(?i)\\bAND\\b")) {
                Matcher condition = CONDITION.matcher(part);
                if (!condition.matches()) {
                    StubJson.send(exchange, 400, error("Invalid filter: " + request.path("filter").asText()));
                    return;
                }
                conditions.add(new String[]{condition.group(1), condition.group(2) != null ? condition.group(2) : condition.group(3)});
            }
        }
        List<JsonNode> found = new ArrayList<>(vectors.stream().filter(vector -> conditions.stream()
                .allMatch(c -> StubJson.at(vector.path("metadata"), c[0]).asText().equals(c[1]))).toList());
        found.sort(Comparator.comparingDouble(vector -> -StubJson.cosine(query, StubJson.vector(vector.path("vector")))));
        ArrayNode result = JSON.createArrayNode();
        found.stream().limit(request.path("topK").asInt(10)).forEach(vector -> {
            ObjectNode match = result.addObject().put("id", vector.path("id").asText())
                    .put("score", StubJson.cosine(query, StubJson.vector(vector.path("vector"))));
            if (request.path("includeMetadata").asBoolean(false)) match.set("metadata", vector.path("metadata"));
            if (request.path("includeVectors").asBoolean(false)) match.set("vector", vector.path("vector"));
        });
        ObjectNode answer = StubJson.object();
        answer.set("result", result);
        StubJson.send(exchange, 200, answer);
    }

    private ObjectNode dimensionError(int given) {
        return error("Invalid vector dimension: " + given + ", expected: " + dimension);
    }

    private static ObjectNode error(String message) {
        return StubJson.object().put("error", message);
    }

    @Override
    public void close() {
        server.close();
    }
}
