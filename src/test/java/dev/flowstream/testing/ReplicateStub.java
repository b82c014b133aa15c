package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replicate's HTTP API on loopback, as its documentation describes it:
 * <ul>
 *   <li>{@code GET /v1/models/{owner}/{name}/versions/{id}}: the version with an OpenAPI input schema
 *       whose first input by {@code x-order} is {@code prompt} (listed last);</li>
 *   <li>{@code POST /v1/predictions} ({@code version}, {@code input}) and
 *       {@code POST /v1/models/{owner}/{name}/predictions} ({@code input}): a new prediction, {@code starting};</li>
 *   <li>{@code GET /v1/predictions/{id}}: {@code processing} the first time, then {@code succeeded} with
 *       the output as a list of pieces, {@code "Replicate says: " + <prompt>} split at spaces;
 *       with {@link #failingPredictions} {@code failed} with an error;</li>
 *   <li>{@code POST /v1/predictions/{id}/cancel}: {@code canceled}.</li>
 * </ul>
 * {@link #refusing} answers HTTP 500 to everything. Every request is recorded.
 *
 * <p>Threading: requests are served on pooled threads; the accessors are safe from any thread.
 */
public final class ReplicateStub implements AutoCloseable {

    private final StubServer server;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> predictions = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean refusing;
    private volatile boolean failingPredictions;
    private volatile int pollsBeforeDone = 1;

    private ReplicateStub(StubServer server) {
        this.server = server;
    }

    public static ReplicateStub start() {
        ReplicateStub stub = new ReplicateStub(StubServer.bind("Replicate stub", 0, 64, n -> "replicate-stub-" + n));
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** What a node's {@code basepath} is set to: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return server.origin() + "/v1";
    }

    public void refusing() {
        refusing = true;
    }

    public void failingPredictions() {
        failingPredictions = true;
    }

    /** Predictions stay {@code processing} for this many polls (1 by default). */
    public void pollsBeforeDone(int polls) {
        pollsBeforeDone = polls;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = server.receive(exchange).body();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(new RecordedRequest(method, path,
                Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Authorization"), ""), body));
        if (refusing) {
            StubJson.send(exchange, 500, StubJson.object().put("detail", "Internal server error"));
        } else if (method.equals("GET") && path.matches("/v1/models/[^/]+/[^/]+/versions/\\w+")) {
            StubJson.send(exchange, 200, version(path.substring(path.lastIndexOf('/') + 1)));
        } else if (method.equals("POST") && (path.equals("/v1/predictions") || path.matches("/v1/models/[^/]+/[^/]+/predictions"))) {
            StubJson.send(exchange, 201, create(StubJson.JSON.readTree(body)));
        } else if (method.equals("GET") && path.startsWith("/v1/predictions/") && predictions.containsKey(id(path))) {
            StubJson.send(exchange, 200, poll(predictions.get(id(path))));
        } else if (method.equals("POST") && path.endsWith("/cancel") && predictions.containsKey(id(path.replace("/cancel", "")))) {
            ObjectNode prediction = predictions.get(id(path.replace("/cancel", "")));
            synchronized (prediction) {
                StubJson.send(exchange, 200, prediction.put("status", "canceled").deepCopy());
            }
        } else {
            StubJson.send(exchange, 404, StubJson.object().put("detail", "Not found."));
        }
    }

    private static String id(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static ObjectNode version(String id) {
        ObjectNode version = StubJson.object().put("id", id);
        ObjectNode properties = version.putObject("openapi_schema").putObject("components").putObject("schemas")
                .putObject("Input").putObject("properties");
        properties.putObject("temperature").put("type", "number").put("x-order", 2);
        properties.putObject("max_length").put("type", "integer").put("x-order", 1);
        properties.putObject("prompt").put("type", "string").put("x-order", 0);
        return version;
    }

    private ObjectNode create(JsonNode request) {
        String id = "pred" + ids.incrementAndGet();
        ObjectNode prediction = StubJson.object().put("id", id).put("status", "starting").put("polls", 0);
        prediction.set("input", request.path("input"));
        prediction.putObject("urls").put("get", baseUrl() + "/predictions/" + id).put("cancel", baseUrl() + "/predictions/" + id + "/cancel");
        predictions.put(id, prediction);
        return prediction.deepCopy();
    }

    private ObjectNode poll(ObjectNode prediction) {
        synchronized (prediction) {
            if (prediction.path("status").asText().equals("canceled")) return prediction.deepCopy();
            int polls = prediction.path("polls").asInt() + 1;
            prediction.put("polls", polls);
            if (polls <= pollsBeforeDone) return prediction.put("status", "processing").deepCopy();
            if (failingPredictions) return prediction.put("status", "failed").put("error", "CUDA out of memory").deepCopy();
            prediction.put("status", "succeeded");
            String prompt = prediction.path("input").path("prompt").asText();
            var output = prediction.putArray("output");
            for (String piece : ("Replicate says: " + prompt).split("(?<= )")) output.add(piece);
            return prediction.deepCopy();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
