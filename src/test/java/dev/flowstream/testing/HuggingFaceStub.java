package dev.flowstream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hugging Face's text-generation API on loopback, as the serverless models
 * ({@code POST /hf-inference/models/<owner>/<model>}) and an Inference Endpoint (any other
 * {@code POST}) answer it: {@code {"inputs", "parameters"}} in, {@code [{"generated_text"}]} out,
 * here {@code "HF says: " + inputs}. {@link #failing} makes the next requests answer 503 (a model
 * still loading, with Hugging Face's error shape). Every request is recorded.
 *
 * <p>Threading: requests are served on pooled threads; the accessors are safe from any thread.
 */
public final class HuggingFaceStub implements AutoCloseable {

    private final StubServer server;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    private HuggingFaceStub(StubServer server) {
        this.server = server;
    }

    public static HuggingFaceStub start() {
        HuggingFaceStub stub = new HuggingFaceStub(StubServer.bind("Hugging Face stub", 0, 64, n -> "hf-stub-" + n));
        stub.server.handle("/", stub::serve).start();
        return stub;
    }

    /** {@code http://127.0.0.1:PORT} + {@code path}. */
    public String url(String path) {
        return server.origin() + path;
    }

    /** The next {@code times} requests answer HTTP 503. */
    public void failing(int times) {
        failures.set(times);
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String body = server.receive(exchange).body();
        requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Authorization"), ""), body));
        if (failures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            StubJson.send(exchange, 503, StubJson.object().put("error", "Model is currently loading").put("estimated_time", 20.0));
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            StubJson.send(exchange, 405, StubJson.object().put("error", "POST only"));
            return;
        }
        JsonNode request = StubJson.JSON.readTree(body);
        ArrayNode answer = StubJson.JSON.createArrayNode();
        answer.addObject().put("generated_text", "HF says: " + request.path("inputs").asText());
        StubJson.send(exchange, 200, answer);
    }

    @Override
    public void close() {
        server.close();
    }
}
